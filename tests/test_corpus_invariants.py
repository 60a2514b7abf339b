"""Invariants over every real document of the dev corpus and the pool: each parses, and every
span is evidence — it slices to the item it claims, starting and ending on a character."""
from __future__ import annotations

from functools import cache

import pytest
from conftest import CORPORA

from policytext import parse_file
from policytext.reading.normalize import view_form

FILES = sorted((CORPORA / "dev").glob("*.txt")) + sorted((CORPORA / "pool").glob("*.txt"))
pytestmark = pytest.mark.skipif(not FILES, reason=f"corpora not found at {CORPORA}")


def _written(s: str) -> str:
    return "".join(ch for ch in s if not ch.isspace() and ch not in "\u200b\u200c\u200d\u2060\ufeff\u00ad")


def _subsequence(short: str, long: str) -> bool:
    rest = iter(long)
    return all(ch in rest for ch in short)


@cache
def _doc(path):
    return parse_file(str(path))


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_spans_are_evidence(path):
    doc = _doc(path)
    text = doc.text
    items = [("section", s.span) for s in doc.sections] + [("task", t.span) for t in doc.tasks]
    items += [("target", g.span) for g in doc.targets] + [("amount", a.span) for a in doc.amounts]
    items += [("time", x.span) for x in doc.times] + [("reference", r.span) for r in doc.references]
    for t in doc.tasks:
        for u in t.units:
            if u.span is None:
                assert u.implicit, (t.id, u.name)
                continue
            # the contract: the name is the text its span slices, less whitespace and invisible
            # characters (and a page number line a PDF wrap put inside it)
            assert _subsequence(u.name, _written(text[u.span[0]:u.span[1]])), (t.id, u.name)
            assert u.name[0] == text[u.span[0]] and u.name[-1] == text[u.span[1] - 1], (t.id, u.name)
            items.append(("unit", u.span))
    # a target's or an amount's text is what its span slices (the evidence, not a window beside it)
    for g in [*doc.targets, *doc.amounts]:
        assert _subsequence(_written(g.text), _written(view_form(text[g.span[0]:g.span[1]]))), (g.id, g.text)
    for kind, (a, b) in items:
        assert 0 <= a < b <= len(text), (kind, a, b)
        assert not text[a].isspace() and not text[b - 1].isspace(), (kind, text[a:b])
