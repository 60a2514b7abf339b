"""The size limits every input is held to, in one place for the readers and the pipeline."""

#: Files larger than this are refused before reading (bytes).
MAX_INPUT_BYTES = 20 * 1024 * 1024
#: Inputs longer than this many characters are refused (a policy document is rarely over 300k).
MAX_CHARS = 3_000_000
