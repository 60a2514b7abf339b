"""Where batch results go: per-document files written atomically, and the
whole-corpus files (documents.jsonl, one Parquet file per entity table)
streamed in input order to a temporary name and renamed when the run ends.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from ..errors import require, require_extra

#: Output formats of a batch run.
FORMATS = ("json", "jsonl", "parquet")

#: Hidden folder of per-document parts that documents.jsonl and the Parquet files are assembled from.
WORK_DIR = ".policytext-work"
JSONL_NAME = "documents.jsonl"
ERRORS_NAME = "errors.jsonl"

#: Rows buffered per table before they become one Parquet row group. This bounds the parent's memory
#: on any corpus size: about 1.2 kB per buffered row, so 8 tables × 5,000 rows stay under ~50 MB.
ROW_GROUP_ROWS = 5_000


def json_line(record: dict, sort_keys: bool = False) -> str:
    """One JSON line, written as UTF-8 where it can be: a file name holding bytes that are not UTF-8
    (lone surrogates in Python) is escaped as ``\\udcff`` instead, which reads back to the same name."""
    line = json.dumps(record, ensure_ascii=False, sort_keys=sort_keys)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        line = json.dumps(record, ensure_ascii=True, sort_keys=sort_keys)
    return line


def write_atomic(path: Path, data: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(data, encoding="utf-8")
    os.replace(tmp, path)


def part_path(out_dir: str | Path, fmt: str, name: str) -> Path:
    """The per-document file of one input: the output itself for json, a hidden part otherwise."""
    return Path(out_dir) / name if fmt == "json" else Path(out_dir) / WORK_DIR / name


class AtomicLines:
    """A text file written line by line under a temporary name; ``commit`` puts it in place."""

    def __init__(self, path: Path):
        self.path = path
        self._tmp = path.with_name(path.name + ".part")
        self._fh = open(self._tmp, "w", encoding="utf-8", newline="\n")  # closed by commit() or close()

    def write(self, line: str) -> None:
        self._fh.write(line + "\n")

    def commit(self) -> None:
        self._fh.close()
        os.replace(self._tmp, self.path)

    def close(self) -> None:
        """Give up: the file in place (if any) stays as it was."""
        self._fh.close()


class NoSink:
    """json format: the workers already wrote one file per document."""

    def add(self, payload: Any) -> None:
        pass

    def commit(self) -> None:
        pass

    def close(self) -> None:
        pass


class JsonlSink(AtomicLines):
    """documents.jsonl: one compact JSON document per line."""

    def __init__(self, out_dir: Path):
        super().__init__(out_dir / JSONL_NAME)

    add = AtomicLines.write


def arrow_schema(name: str):
    """The fixed Arrow schema of one entity table, from its declared pandas dtypes.

    The pandas metadata rides along, so ``pandas.read_parquet`` gives back the same
    nullable dtypes (Int64, string, category …) even for an empty table.
    """
    pa = require("pyarrow", "parquet", "Parquet output")
    require_extra("parquet", "Parquet output")

    from ..research.tables import COLUMNS, frame

    arrow_types = {
        "string": pa.string(), "Int64": pa.int64(), "Float64": pa.float64(), "boolean": pa.bool_(),
        "category": pa.dictionary(pa.int32(), pa.string()),
    }
    meta = pa.Schema.from_pandas(frame(name, []), preserve_index=False).metadata
    return pa.schema([pa.field(col, arrow_types[dtype]) for col, dtype in COLUMNS[name].items()], metadata=meta)


class ParquetSink:
    """One TABLE.parquet per entity table, written one row group at a time."""

    def __init__(self, out_dir: Path, row_group_rows: int | None = None):
        require_extra("parquet", "Parquet output")
        import pyarrow.parquet as pq

        from ..research.tables import TABLES

        self._rows = row_group_rows or ROW_GROUP_ROWS
        self._final = {name: out_dir / f"{name}.parquet" for name in TABLES}
        self._tmp = {name: path.with_name(path.name + ".part") for name, path in self._final.items()}
        self._schemas = {name: arrow_schema(name) for name in TABLES}
        self._buffers: dict[str, list[dict]] = {name: [] for name in TABLES}
        self._writers = {}
        try:
            for name in TABLES:
                self._writers[name] = pq.ParquetWriter(self._tmp[name], self._schemas[name])
        except BaseException:
            self.close()
            raise

    def add(self, rows: dict[str, list[dict]]) -> None:
        for name, records in rows.items():
            buffer = self._buffers[name]
            buffer.extend(records)
            if len(buffer) >= self._rows:
                self._flush(name)

    def _flush(self, name: str) -> None:
        import pyarrow as pa

        from ..research.tables import frame

        if self._buffers[name]:
            table = pa.Table.from_pandas(frame(name, self._buffers[name]), schema=self._schemas[name],
                                         preserve_index=False)
            self._writers[name].write_table(table)
            self._buffers[name] = []

    def commit(self) -> None:
        for name in self._writers:
            self._flush(name)
        self.close()
        for name in self._writers:
            os.replace(self._tmp[name], self._final[name])

    def close(self) -> None:
        for writer in self._writers.values():
            writer.close()


def open_sink(fmt: str, out_dir: Path):
    if fmt == "json":
        return NoSink()
    if fmt == "jsonl":
        return JsonlSink(out_dir)
    if fmt == "parquet":
        return ParquetSink(out_dir)
    raise ValueError(f"unknown output format {fmt!r}; expected one of {', '.join(FORMATS)}")
