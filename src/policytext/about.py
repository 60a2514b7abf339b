__version__ = "0.1.0"
# The contract version of ../shared/eval/contract.md that to_dict() emits.
OUTPUT_SCHEMA_VERSION = "1"
