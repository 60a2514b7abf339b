"""Spark parsing on a local session: the same JSON as parse_file, the same tables as tables.frames.

One local[2] session serves the whole module (a JVM takes seconds to start). Skipped
only when PySpark or Java is missing.
"""
from __future__ import annotations

import importlib.util
import json
import os
import shutil
from collections import Counter
from pathlib import Path

import pytest
from conftest import DEV, needs_corpora

from policytext.pipeline import parse_file
from policytext.research import tables

if importlib.util.find_spec("pyspark") is None:
    pytest.skip("PySpark is not installed (pip install 'policytext[spark]')", allow_module_level=True)
if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    pytest.skip("Java is not installed (Spark needs a JVM: set JAVA_HOME or put java on PATH)",
                allow_module_level=True)

from policytext.integrations.spark import (  # noqa: E402
    RESULT_COLUMNS,
    entity_tables,
    local_session,
    parse_dataframe,
    table_schema,
)

pytestmark = needs_corpora


@pytest.fixture(scope="module")
def spark():
    session = local_session("policytext-tests", cores=2, **{"spark.sql.shuffle.partitions": "2"})
    yield session
    session.stop()


def dev_paths() -> list[str]:
    return [str(p) for p in sorted(DEV.glob("*.txt"))]


@pytest.fixture(scope="module")
def parsed(spark):
    """The dev corpus plus three rows that cannot be parsed, parsed once for the module."""
    bad = ["/nonexistent/missing.txt", str(DEV / "gold"), None]  # no file, a folder, no path at all
    df = spark.createDataFrame([(p,) for p in dev_paths() + bad], "path string").repartition(2)
    out = parse_dataframe(df).cache()
    rows = out.collect()
    yield rows, out
    out.unpersist()


def test_every_row_comes_back_with_the_json_of_parse_file(parsed):
    rows, df = parsed
    assert df.columns == list(RESULT_COLUMNS)
    by_path = {r["path"]: r for r in rows}
    assert len(rows) == len(dev_paths()) + 3  # never a lost row
    for path in dev_paths():
        row = by_path[path]
        assert row["error_kind"] is None, (path, row["error_message"])
        assert row["json"] == parse_file(path).to_json(), path
        assert row["doc_id"] == Path(path).stem


def test_failures_are_rows_with_an_error(parsed):
    rows, _ = parsed
    errors = {r["path"]: (r["error_kind"], r["error_message"]) for r in rows if r["json"] is None}
    assert errors["/nonexistent/missing.txt"][0] == "not_found"
    assert "cannot open" in errors["/nonexistent/missing.txt"][1]
    assert errors[str(DEV / "gold")][0] in ("not_found", "unreadable")
    assert errors[None] == ("no_input", "the row has no path, text or content")


def test_entity_tables_equal_tables_frames(parsed):
    _, df = parsed
    expected = tables.frames(json.loads(parse_file(p).to_json()) for p in dev_paths())
    spark_tables = entity_tables(df)
    assert set(spark_tables) == set(tables.TABLES)
    for name, sdf in spark_tables.items():
        assert sdf.schema == table_schema(name)
        got = Counter(tuple(r) for r in sdf.collect())
        frame = expected[name].astype(object).where(expected[name].notna(), None)
        want = Counter(tuple(row) for row in frame.itertuples(index=False))
        assert sum(got.values()) == len(expected[name]), name
        assert got == want, name
    assert len(expected["tasks"]) > 100 and len(expected["units"]) > 100  # the dev corpus is full of both


def test_text_and_content_columns(spark):
    path = dev_paths()[0]
    data = Path(path).read_bytes()
    df = spark.createDataFrame([(path, data, "custom-id")], "path string, content binary, id string")
    row = parse_dataframe(df, content_col="content", keep=["id"]).collect()[0]
    assert row["id"] == "custom-id"
    assert row["json"] == parse_file(path).to_json()
    text_df = spark.createDataFrame([("一、总体要求\n（一）指导思想。坚持创新。", "t1")], "text string, doc_id string")
    row = parse_dataframe(text_df, path_col=None, text_col="text", doc_id_col="doc_id", indent=None).collect()[0]
    doc = json.loads(row["json"])
    assert row["doc_id"] == doc["doc_id"] == "t1"
    assert [s["title"] for s in doc["sections"]] == ["总体要求", "指导思想"]


def test_file_uris_from_the_binary_file_source(spark):
    files = (spark.read.format("binaryFile").option("pathGlobFilter", "*.txt").load(str(DEV)).select("path"))
    rows = parse_dataframe(files).collect()
    assert sorted(r["path"] for r in rows) == sorted(dev_paths())
    assert all(r["error_kind"] is None for r in rows)


def test_bad_arguments_are_refused_before_spark_runs(spark):
    df = spark.createDataFrame([("x",)], "path string")
    with pytest.raises(ValueError, match="no column 'text'"):
        parse_dataframe(df, text_col="text")
    with pytest.raises(ValueError, match="clashes"):
        parse_dataframe(df, keep=["path"])
    with pytest.raises(ValueError, match="unknown table"):
        entity_tables(parse_dataframe(df), names=["nope"])


def test_a_document_past_its_time_limit_is_an_error_row(spark):
    largest = max(dev_paths(), key=lambda p: Path(p).stat().st_size)
    df = spark.createDataFrame([(largest,)], "path string")
    row = parse_dataframe(df, timeout=0.001).collect()[0]  # milliseconds of work per document at least
    assert (row["json"], row["error_kind"]) == (None, "timeout")
    assert row["doc_id"] == Path(largest).stem
