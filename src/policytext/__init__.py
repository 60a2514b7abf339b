"""policytext: Chinese government policy documents as structured, span-anchored JSON.

Public API::

    >>> import policytext
    >>> doc = policytext.parse("一、总体要求\\n（一）指导思想。坚持创新。")
    >>> [s.title for s in doc.sections]
    ['总体要求', '指导思想']
"""
from .about import OUTPUT_SCHEMA_VERSION, __version__
from .doc import PolicyDoc
from .errors import InputError, PolicyTextError
from .pipeline import parse, parse_bytes, parse_file


def __getattr__(name: str):
    # ``from policytext import corpus``: the research layer's entry point, imported only when asked
    # for (it needs the [research] extra).
    if name == "corpus":
        from .research import corpus

        return corpus
    raise AttributeError(f"module 'policytext' has no attribute {name!r}")


__all__ = [
    "OUTPUT_SCHEMA_VERSION",
    "InputError",
    "PolicyDoc",
    "PolicyTextError",
    "__version__",
    "parse",
    "parse_bytes",
    "parse_file",
]
