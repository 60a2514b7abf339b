"""Parse a folder of policy documents with Spark and write the results as Parquet.

    spark-submit examples/spark_parse.py INPUT_DIR OUTPUT_DIR [--glob '*.txt'] [--partitions N]
    python examples/spark_parse.py INPUT_DIR OUTPUT_DIR            # the same on a local session

INPUT_DIR is read with Spark's binaryFile source (recursively), so the executors need no
shared file system. Written under OUTPUT_DIR (each folder replaced):

- ``parsed/``: one row per input file: doc_id, path, json (the document's JSON on one
  line), error_kind, error_message. Failed inputs are rows with an error, never dropped;
- ``documents/``, ``sections/``, ``tasks/``, ``units/``, ``targets/``, ``amounts/``,
  ``times/``, ``references/``: the entity tables of ``policytext.research.tables``.

The executors' Python needs policytext installed; PYSPARK_PYTHON, when unset, is this
Python (right for a local run).
"""
from __future__ import annotations

import argparse
import os
import sys

from policytext.integrations.spark import entity_tables, parse_dataframe


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("input", help="folder of documents (read recursively)")
    ap.add_argument("output", help="folder for the Parquet output (replaced)")
    ap.add_argument("--glob", default="*.{txt,html,htm,docx,pdf}", help="file name pattern [%(default)s]")
    ap.add_argument("--partitions", type=int, default=0, help="repartition the inputs (0: as Spark reads them)")
    args = ap.parse_args(argv)

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    spark = (SparkSession.builder.appName("policytext-parse")
             .config("spark.ui.showConsoleProgress", "false").config("spark.log.level", "WARN").getOrCreate())
    spark.sparkContext.setLogLevel("WARN")

    files = (spark.read.format("binaryFile")
             .option("pathGlobFilter", args.glob)
             .option("recursiveFileLookup", "true")
             .load(args.input)
             .select("path", "content"))
    if args.partitions:
        files = files.repartition(args.partitions)
    # Cached: every table below reads the parsed documents, which are parsed once.
    parsed = parse_dataframe(files, content_col="content", indent=None).cache()

    parsed.write.mode("overwrite").parquet(f"{args.output}/parsed")
    for name, table in entity_tables(parsed).items():
        table.write.mode("overwrite").parquet(f"{args.output}/{name}")

    total = parsed.count()
    failed = parsed.filter("error_kind IS NOT NULL").count()
    print(f"parsed {total - failed} of {total} documents into {args.output}; {failed} failed", file=sys.stderr)
    if failed:
        errors = parsed.filter("error_kind IS NOT NULL").select("path", "error_kind", "error_message")
        for row in errors.limit(20).collect():
            print(f"  {row.path}: {row.error_message} ({row.error_kind})", file=sys.stderr)
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
