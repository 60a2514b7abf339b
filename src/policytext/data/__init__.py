"""Load and validate the rule data files under policytext/data/."""
from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources

from ..errors import RuleDataError


def data_text(name: str) -> str:
    """The text of a data file of the package; a missing or undecodable one is a RuleDataError."""
    try:
        return resources.files("policytext.data").joinpath(name).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RuleDataError(f"data/{name}: missing from the package") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleDataError(f"data/{name}: {exc}") from None


@cache
def load_toml(name: str) -> dict:
    """A TOML data file of the package, parsed once."""
    try:
        return tomllib.loads(data_text(name))
    except tomllib.TOMLDecodeError as exc:
        raise RuleDataError(f"data/{name}: {exc}") from None


def tsv_rows(name: str, raw: str, ncols: int) -> list[tuple[int, list[str]]]:
    """(line number, fields) of a TSV data file's rows; '#' lines and blank lines are comments.
    A row without exactly ``ncols`` non-empty, unpadded fields is a RuleDataError naming the line.

    >>> tsv_rows("demo.tsv", "# phrase\\tkind\\n牵头单位\\tlabel\\n\\n配合\\tverb\\n", 2)
    [(2, ['牵头单位', 'label']), (4, ['配合', 'verb'])]
    """
    out = []
    for lineno, line in enumerate(raw.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != ncols or not all(p and p == p.strip() for p in parts):
            raise RuleDataError(
                f"data/{name} line {lineno}: expected {ncols} non-empty tab-separated fields, got {line!r}")
        out.append((lineno, parts))
    return out


def _str_list(name: str, key: str) -> tuple[str, ...]:
    """The list of strings under ``key`` in a TOML data file, checked non-empty, blank-free and without
    repeats.
    """
    data = load_toml(name)
    values = data.get(key)
    if not isinstance(values, list) or not values:
        raise RuleDataError(f"data/{name}: '{key}' must be a non-empty list of strings")
    for i, v in enumerate(values):
        if not isinstance(v, str) or not v.strip():
            raise RuleDataError(f"data/{name}: '{key}'[{i}] must be a non-empty string, got {v!r}")
    if len(set(values)) != len(values):
        dup = sorted({v for v in values if values.count(v) > 1})
        raise RuleDataError(f"data/{name}: '{key}' repeats {dup}")
    return tuple(values)


@cache
def genre_words() -> tuple[str, ...]:
    """The 文种 words (通知, 意见, 实施方案…) that end a document title, from data/header.toml."""
    return _str_list("header.toml", "genres")


@cache
def organ_suffixes() -> tuple[str, ...]:
    """Endings of an organ's name (人民政府, 办公厅, 委员会…), from data/header.toml: they tell a
    signature line from text.
    """
    return _str_list("header.toml", "organ_suffixes")


@cache
def header_fields() -> dict[str, str]:
    """Header label → field name (索引号 → index_no, 发文机关 → issuers), from data/header.toml; the
    labelled blocks of portal pages are read with it.

    >>> header_fields()["发文机关"]
    'issuers'
    """
    fields = load_toml("header.toml").get("fields")
    if not isinstance(fields, dict) or not all(isinstance(v, str) for v in fields.values()):
        raise RuleDataError("data/header.toml: [fields] must map labels to field names")
    return fields
