"""Mechanism rules (data/instruments_mechanisms.tsv): the clauses of a task that say what the
government does — grants money, lends, inspects, sets standards, pilots, trains, builds platforms.

An instrument is the mechanism, not the topic (INSTRUMENTS.md): a task titled 支持示范应用 whose
body grants money is S2. The topic words of the lexicon cannot tell these apart; a verb followed by
its object inside one clause can. Each rule is ``verb … object`` within one clause (or an object
phrase alone, where the phrase is itself the act: 以奖代补, 政府采购). The model reads the rule
scores as features, and the match of the primary code becomes the task's evidence span.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from ..data import data_text, tsv_rows
from ..errors import RuleDataError
from .codes import CODES
from .lexicon import MAX_WEIGHT, check_entry
from .prefilter import WeightedPatterns

MECHANISMS_FILE = "instruments_mechanisms.tsv"
#: Characters a verb and its object may lie apart inside one clause (给予一次性最高50万元补助).
MAX_GAP = 16
#: What ends a clause in normalised text (NFKC turns 。；！？ into 。;!?). Commas may lie between a
#: verb and its object (利用报纸、电视等媒体，加大宣传): stopping at commas too was measured worse
#: (dev CV 0.644 / 0.766 against 0.659 / 0.770; pool found tasks 0.598 / 0.663 against 0.620 / 0.696).
_CLAUSE_END = "。;!?"


@dataclass(frozen=True)
class Rule:
    """One mechanism rule: an act (verb) reaching an object within a clause, the code it signals, its
    name and weight; with no verb the object phrase alone is the act.
    """
    code: str
    name: str
    verb: str  # "" when the object phrase alone is the act
    obj: str
    weight: float

    @property
    def pattern(self) -> str:
        """The rule as a regex: the verb, at most ``MAX_GAP`` characters of the same clause, then the object."""
        if not self.verb:
            return f"(?:{self.obj})"
        return f"(?:{self.verb})[^{_CLAUSE_END}]{{0,{MAX_GAP}}}?(?:{self.obj})"


class Mechanisms(WeightedPatterns):
    """Compiled rules; ``scores(s)`` → one score per code, ``evidence(s, code)`` → a match span."""

    def __init__(self, rules: Iterable[Rule], where: str):
        self.rules = tuple(rules)
        if not self.rules:
            raise RuleDataError(f"{where}: no rules")
        self._init_patterns((CODES.index(r.code), r.pattern, r.weight) for r in self.rules)


def rules_from_rows(rows: Iterable[tuple[str, tuple[str, str, str, str, str | float]]], what: str) -> Mechanisms:
    """Mechanisms from (location, (code, name, verb, object, weight)) rows, each checked."""
    rules, seen = [], {}
    for where, (code, name, verb, obj, weight) in rows:
        verb = "" if verb == "-" else verb
        if not name:
            raise RuleDataError(f"{where}: the mechanism has no name")
        for part in filter(None, (verb, obj)):
            check_entry(code, part, weight, where)  # code, weight and each pattern, as in the lexicon
        key = (code, verb, obj)
        if key in seen:
            raise RuleDataError(f"{where}: {code} {verb!r} {obj!r} repeats {seen[key]}")
        seen[key] = where
        rules.append(Rule(code, name, verb, obj, float(weight)))
    assert all(0 < r.weight <= MAX_WEIGHT for r in rules)
    return Mechanisms(rules, what)


@cache
def load_mechanisms() -> Mechanisms:
    """The package's mechanism rules, validated once; a bad row is a RuleDataError naming its line."""
    name = f"data/{MECHANISMS_FILE}"
    rows = tsv_rows(MECHANISMS_FILE, data_text(MECHANISMS_FILE), 5)
    return rules_from_rows(((f"{name} line {n}", tuple(parts)) for n, parts in rows), name)
