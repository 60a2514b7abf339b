"""Version numbers: the package's, and the output contract's that ``to_dict()`` emits."""
__version__ = "0.1.0"
# The contract version of ../shared/eval/contract.md that to_dict() emits.
OUTPUT_SCHEMA_VERSION = "1"
