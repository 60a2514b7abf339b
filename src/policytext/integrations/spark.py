"""Parse documents with Apache Spark: one output row per input row, never a lost one.

Install the extra first: ``pip install 'policytext[spark]'``. A session
(a sketch, not run as a doctest: it needs a SparkSession named ``spark``)::

    from policytext.spark import parse_dataframe, entity_tables
    files = spark.read.format("binaryFile").option("pathGlobFilter", "*.txt").load("corpus/")
    parsed = parse_dataframe(files.select("path")).cache()
    tables = entity_tables(parsed)          # {"documents": DataFrame, "tasks": DataFrame, ...}

``parse_dataframe`` runs the ordinary pipeline in the Python workers through
``mapInPandas`` (Arrow batches), so its ``json`` column holds exactly the bytes of
``parse_file(path).to_json()``. A row that cannot be parsed keeps its place with a
null ``json`` and an ``error_kind``/``error_message`` as in the batch's errors.jsonl.
``entity_tables`` turns the JSON into the tables of :mod:`policytext.research.tables`, with
Spark types derived from ``tables.COLUMNS``.

PySpark is imported only inside these functions, so ``import policytext.integrations.spark``
works (and says what to install) without it.
"""
from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from typing import Any

from ..errors import require, require_extra

#: Output columns of parse_dataframe, after any kept input columns.
RESULT_COLUMNS: tuple[str, ...] = ("doc_id", "path", "json", "error_kind", "error_message")

#: Rows parsed between two yields of a worker: bounds the memory a batch of large documents takes.
CHUNK_ROWS = 64

# pandas dtype of tables.COLUMNS → Spark SQL type name.
_SPARK_TYPES = {"string": "string", "category": "string", "Int64": "bigint", "Float64": "double",
                "boolean": "boolean"}


def _pyspark():
    require_extra("spark", "policytext.integrations.spark")
    from pyspark.sql import types

    return types


# ---------------------------------------------------------------- parsing

def _local_path(path: str) -> str:
    """A file: URI (as Spark's binaryFile source gives) as a local path; other paths as they are."""
    if path.startswith("file:"):
        from urllib.parse import unquote, urlparse

        return unquote(urlparse(path).path)
    return path


def _parse_row(path: str | None, text: str | None, content: bytes | None, doc_id: str | None,
               indent: int | None, timeout: float | None) -> tuple[str | None, str | None, str | None,
                                                                  str | None, str | None]:
    """(doc_id, path, json, error_kind, error_message) of one input row; never raises."""
    from pathlib import Path

    from ..batch import error_record
    from ..pipeline import parse, parse_bytes, parse_file

    where = _local_path(path) if path else None
    if doc_id is None and where:
        doc_id = Path(where).stem
    if text is None and content is None and where is None:
        return doc_id, where, None, "no_input", "the row has no path, text or content"
    from ..batch.timelimit import TimeLimit

    limit = TimeLimit(timeout, where)  # with no timeout it does nothing
    try:
        with limit:
            if text is not None:
                doc = parse(text, doc_id or "doc", path=where)
            elif content is not None:
                doc = parse_bytes(bytes(content), path=where, doc_id=doc_id)
            else:
                doc = parse_file(where, doc_id=doc_id)
            out = doc.to_json(indent=indent)
        if limit.fired:  # the time limit went off inside a handler that swallowed it
            raise limit.error()
        return doc.doc_id, where, out, None, None
    except Exception as exc:  # noqa: BLE001 - every row ends as a document or an error
        record = error_record(where or "", limit.error() if limit.fired else exc)
        return doc_id, where, None, record["kind"], record["message"]
    finally:
        limit.restore()


def _parse_batches(batches: Iterator[Any], *, path_col: str | None, text_col: str | None,
                   content_col: str | None, doc_id_col: str | None, keep: Sequence[str],
                   indent: int | None, timeout: float | None) -> Iterator[Any]:
    pd = require("pandas", "spark")

    def column(pdf, name):
        if not name:
            return [None] * len(pdf)
        # pandas may hand a null string over as NaN or NA rather than None.
        return [None if v is None or v is pd.NA or (isinstance(v, float) and v != v) else v
                for v in pdf[name].tolist()]

    for pdf in batches:
        for lo in range(0, len(pdf), CHUNK_ROWS):
            chunk = pdf.iloc[lo:lo + CHUNK_ROWS]
            rows = [
                _parse_row(p, t, c, d, indent, timeout)
                for p, t, c, d in zip(column(chunk, path_col), column(chunk, text_col),
                                      column(chunk, content_col), column(chunk, doc_id_col), strict=True)
            ]
            out = pd.DataFrame({name: pd.Series([r[i] for r in rows], dtype=object)
                                for i, name in enumerate(RESULT_COLUMNS)})
            for name in reversed(keep):
                out.insert(0, name, chunk[name].to_numpy())
            yield out


def parse_dataframe(
    df,
    *,
    path_col: str | None = "path",
    text_col: str | None = None,
    content_col: str | None = None,
    doc_id_col: str | None = None,
    keep: Sequence[str] = (),
    indent: int | None = 1,
    timeout: float | None = 60.0,
):
    """Parse every row of ``df``; returns ``keep`` columns + doc_id, path, json, error_kind, error_message.

    Each row is read from ``text_col`` (decoded text) if given and not null, else from
    ``content_col`` (the file's bytes, as Spark's ``binaryFile`` source gives them), else
    from the file at ``path_col``, which the executors must be able to open. ``file:``
    URIs are recorded and read as local paths. The document id is ``doc_id_col`` if given,
    else the file's stem. ``json`` is ``doc.to_json(indent=indent)``; a row that fails keeps
    a null ``json`` and the error's kind and message. ``timeout`` (seconds, None for none)
    stops one pathological document, where the worker can take signals.
    """
    _pyspark()
    wanted = {"path_col": path_col, "text_col": text_col, "content_col": content_col, "doc_id_col": doc_id_col}
    named = [c for c in wanted.values() if c]
    missing = [c for c in [*named, *keep] if c not in df.columns]
    if missing:
        raise ValueError(f"parse_dataframe: no column {missing[0]!r} in the DataFrame (has {df.columns})")
    if not (path_col or text_col or content_col):
        raise ValueError("parse_dataframe: give path_col, text_col or content_col")
    clash = [c for c in keep if c in RESULT_COLUMNS]
    if clash:
        raise ValueError(f"parse_dataframe: kept column {clash[0]!r} clashes with an output column")
    schema = ", ".join(
        [f"`{f.name}` {f.dataType.simpleString()}" for f in df.schema.fields if f.name in keep]
        + [f"{c} string" for c in RESULT_COLUMNS])
    inputs = df.select(*dict.fromkeys([*keep, *named]))

    def run(batches):
        yield from _parse_batches(batches, path_col=path_col, text_col=text_col, content_col=content_col,
                                  doc_id_col=doc_id_col, keep=tuple(keep), indent=indent, timeout=timeout)

    return inputs.mapInPandas(run, schema)


# ---------------------------------------------------------------- entity tables

def table_schema(name: str):
    """The Spark schema (StructType) of one entity table, from ``tables.COLUMNS``."""
    types = _pyspark()
    from ..research.tables import COLUMNS

    spark_type = {"string": types.StringType(), "bigint": types.LongType(), "double": types.DoubleType(),
                  "boolean": types.BooleanType()}
    return types.StructType([types.StructField(col, spark_type[_SPARK_TYPES[dtype]], True)
                             for col, dtype in COLUMNS[name].items()])


def _table_frame(name: str, records: list[dict]):
    """Rows as a pandas DataFrame Arrow can hand to Spark: nullable numbers, strings as objects."""
    pd = require("pandas", "spark")

    from ..research.tables import COLUMNS

    data = {}
    for col, dtype in COLUMNS[name].items():
        values = [r.get(col) for r in records]
        data[col] = pd.array(values, dtype=dtype) if dtype in ("Int64", "Float64", "boolean") else \
            pd.Series(values, dtype=object)
    return pd.DataFrame(data, columns=list(COLUMNS[name]))


def _table_batches(batches: Iterator[Any], name: str, json_col: str) -> Iterator[Any]:
    import json

    from ..research.tables import rows

    for pdf in batches:
        records: list[dict] = []
        for text in pdf[json_col].tolist():
            if isinstance(text, str):  # a failed row's null may arrive as None, NaN or NA
                records.extend(rows(json.loads(text))[name])
        yield _table_frame(name, records)


def entity_tables(parsed, *, json_col: str = "json", names: Sequence[str] | None = None) -> dict[str, Any]:
    """``{table: DataFrame}`` for the entity tables of ``policytext.research.tables`` from parsed rows.

    ``parsed`` is the result of :func:`parse_dataframe` (rows with a null ``json`` are
    skipped) or any DataFrame with a column of document JSON. Every table reads
    ``parsed`` once: cache or persist it first, or each table parses the documents again.
    """
    _pyspark()
    from ..research.tables import TABLES

    if json_col not in parsed.columns:
        raise ValueError(f"entity_tables: no column {json_col!r} in the DataFrame (has {parsed.columns})")
    unknown = [n for n in names or () if n not in TABLES]
    if unknown:
        raise ValueError(f"entity_tables: unknown table {unknown[0]!r}; the tables are {', '.join(TABLES)}")
    docs = parsed.select(json_col)
    out = {}
    for name in names or TABLES:
        def run(batches, name=name):
            yield from _table_batches(batches, name, json_col)

        out[name] = docs.mapInPandas(run, table_schema(name))
    return out


def local_session(app_name: str = "policytext", cores: int | str = "*", **conf: str):
    """A quiet local SparkSession for trying things out (UI off, few shuffle partitions, ERROR logs).

    Workers run this Python (``sys.executable``), so they import the same policytext.
    """
    _pyspark()
    import sys

    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = (SparkSession.builder.master(f"local[{cores}]").appName(app_name)
               .config("spark.ui.enabled", "false")
               .config("spark.ui.showConsoleProgress", "false")
               .config("spark.log.level", "ERROR")
               .config("spark.sql.shuffle.partitions", "4")
               .config("spark.sql.execution.arrow.pyspark.enabled", "true"))
    for key, value in conf.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session
