"""What every reader gives back, in a module of its own so that the readers need not import the
package that dispatches to them."""
from __future__ import annotations

from dataclasses import dataclass, field

#: ``meta`` keys a reader may fill.
META_KEYS = ("title", "doc_number", "issuers", "signed_date", "published_date",
             "index_no", "subject", "validity", "warnings")


@dataclass
class Extracted:
    """What a reader gives back: the text every span will index, the format it was read as, the
    encoding decoded from (None for binary formats), and the page's own metadata (``META_KEYS``).
    """
    text: str
    format: str
    encoding: str | None = None
    meta: dict = field(default_factory=dict)
