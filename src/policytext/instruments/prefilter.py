"""Literal prefixes a regular expression's matches must start with, to skip patterns cheaply.

Coding a task runs some 200 lexicon and mechanism patterns over its title and body; most never
match. A substring test for the two-character prefixes a pattern's matches must begin with
(给予.{0,25}万元 → {"给予"}; 数据共享|信息共享 → {"数据", "信息"}), and for those of every group
the match must pass through (the object of 给予…补助), is several times cheaper than running the
pattern, and exact: a pattern is skipped only when no match is possible. Most patterns need no regex
at all: plain alternations and verb…object rules are counted from where their words occur.
"""
from __future__ import annotations

import math
import re
from re import _constants as C  # noqa: N812 - the parser's opcodes
from re import _parser

import numpy as np

from .codes import CODES
from .lookup import PackedKeys

PREFIX_LEN = 2


#: Literals the prefilter looks for are at most this long (a longer one is looked for by its prefix).
MAX_LITERAL = 8
#: A pattern whose spelled-out prefixes would be more strings than this keeps the shorter ones.
_MAX_STRINGS = 512
#: What makes a pattern more than a plain alternation of literal strings.
_SYNTAX = frozenset("\\.^$*+?{}[]()|")


def _seq(items, k: int) -> tuple[set[str], bool]:
    """Prefixes (up to k characters) of a parsed sequence, and whether the sequence is fully spelled
    out by them (so a following item may extend them)."""
    out = {""}
    for op, av in items:
        if all(len(p) >= k for p in out):
            return out, False
        if op is C.LITERAL:
            opts, complete = {chr(av)}, True
        elif op is C.IN and av and all(o is C.LITERAL for o, _v in av):
            opts, complete = {chr(v) for _o, v in av}, True
        elif op is C.BRANCH:
            opts, complete = set(), True
            for alt in av[1]:
                sub, done = _seq(alt, k)
                opts |= sub
                complete &= done
        elif op is C.SUBPATTERN:
            opts, complete = _seq(av[3], k)
        else:
            return out, False
        if len(out) * len(opts) > _MAX_STRINGS:  # [甲乙丙][甲乙丙]…: the prefixes so far still hold
            return out, False
        out = {p if len(p) >= k else (p + o)[:k] for p in out for o in opts}
        if not complete:
            return out, False
    return out, True


def prefixes(pattern: str, k: int = PREFIX_LEN) -> frozenset[str] | None:
    """Strings one of which every match of pattern starts with; None when that cannot be told."""
    try:
        found, _ = _seq(list(_parser.parse(pattern)), k)
    except Exception:  # noqa: BLE001 - an unusual construct only costs the shortcut
        return None
    return None if "" in found else frozenset(found)


def required(pattern: str, k: int = PREFIX_LEN) -> list[frozenset[str]]:
    """Sets of strings every match of pattern contains one of each: the prefixes of the match, and
    of every group the match must pass through (动词…对象: the object's prefixes too). Empty when
    nothing can be told."""
    try:
        items = list(_parser.parse(pattern))
    except Exception:  # noqa: BLE001 - an unusual construct only costs the shortcut
        return []
    out = []
    for i, (op, av) in enumerate(items):
        if i and op not in (C.SUBPATTERN, C.BRANCH):  # (?:…) parses as a BRANCH; literals after
            continue                                     # the first add little to the prefix set
        found, _ = _seq(items[i:] if i == 0 else [(op, av)], k)
        if "" not in found:
            out.append(frozenset(found))
    return out


def literal_alternatives(pattern: str) -> tuple[str, ...] | None:
    """The strings a pattern is a plain alternation of (数据共享|信息共享, also inside one (?:…)), or
    None when it uses any other syntax."""
    body = pattern[3:-1] if pattern.startswith("(?:") and pattern.endswith(")") else pattern
    alternatives = tuple(body.split("|"))
    if any(not a or _SYNTAX.intersection(a) for a in alternatives):
        return None
    return alternatives


def countable(alternatives: tuple[str, ...]) -> bool:
    """Whether ``findall`` of the alternation counts every occurrence of its strings, so that the
    occurrences can be counted without the regex: true when no two occurrences can overlap (no
    string holds another, no string's end is another's or its own beginning)."""
    if len(set(alternatives)) != len(alternatives) or max(map(len, alternatives)) > 2 * MAX_LITERAL:
        return False
    for x in alternatives:
        for y in alternatives:
            if x != y and x in y:
                return False
            if any(x[-j:] == y[:j] for j in range(1, min(len(x), len(y)) + (x != y))):
                return False
    return True


#: A mechanism rule as ``Rule.pattern`` writes it: (?:verbs)[^stops]{0,gap}?(?:objects).
_RULE = re.compile(r"\(\?:([^()]*)\)\[\^([^\]\\\-^]+)\]\{0,(\d+)\}\?\(\?:([^()]*)\)")


def verb_object(pattern: str) -> tuple[tuple[str, ...], str, int, tuple[str, ...]] | None:
    """(verbs, stop characters, gap, objects) of a pattern that is a verb alternation, a lazy gap of at
    most ``gap`` characters that are not stops, then an object alternation, all alternatives plain
    strings; a plain alternation is the objects alone (no verbs, no gap). None for any other shape."""
    alternatives = literal_alternatives(pattern)
    if alternatives is not None:
        parts = ((), "", 0, alternatives)
    elif (m := _RULE.fullmatch(pattern)) is not None:
        verbs, objects = literal_alternatives(m[1]), literal_alternatives(m[4])
        if verbs is None or objects is None:
            return None
        parts = (verbs, m[2], int(m[3]), objects)
    else:
        return None
    if max(map(len, (*parts[0], *parts[3]))) > 2 * MAX_LITERAL:
        return None
    return parts


class PatternSet:
    """How often each of many patterns matches each of many strings, with as little regex work as
    can be exact.

    Every literal string the patterns are made of is found in all strings at once with numpy: the
    strings' one- and two-character substrings, packed into integers, are looked up among the
    literals' first characters, and each hit is checked against the rest of its literal. A pattern
    that is a plain alternation of strings no two occurrences of which can overlap (``countable``)
    is counted from those occurrences alone; so is a verb…object rule or a plain alternation whose
    occurrences may overlap (``verb_object``), by taking them as ``findall`` would, except where two of
    a string's matches overlap (there the regex runs); any other pattern has sets of literals one of
    each of which its matches contain (``required``, spelled out up to ``MAX_LITERAL`` characters), and
    runs only on the strings that hold them all (or on every string, with none to go by)."""

    def __init__(self, patterns: list[str]):
        """Index the literals: their first one or two characters as sorted packed keys, the literals
        of each key, their remaining characters, and which counted pattern or required set each
        literal belongs to, as flat arrays."""
        self.patterns = [re.compile(p) for p in patterns]
        literal: dict[str, int] = {}
        counted: list[tuple[int, int]] = []  # (literal, pattern counted from its occurrences)
        in_unit: list[tuple[int, int]] = []  # (literal, required set)
        unit_pattern: list[int] = []  # the pattern each required set belongs to
        self._counted = np.zeros(len(patterns), dtype=bool)
        self._emulated = np.zeros(len(patterns), dtype=bool)
        roles: list[tuple[int, int]] = []  # (literal, role entry) of the emulated patterns
        role_entries: list[tuple[int, int, int, int]] = []  # (pattern, 0 verb / 1 object, alternative, length)
        self._gap = np.zeros(len(patterns), dtype=np.intp)
        stop_sets: dict[str, int] = {}
        self._stop_set = np.full(len(patterns), -1, dtype=np.intp)
        for i, pattern in enumerate(patterns):
            alternatives = literal_alternatives(pattern)
            if alternatives is not None and countable(alternatives):
                self._counted[i] = True
                counted += [(literal.setdefault(a, len(literal)), i) for a in alternatives]
                continue
            shape = verb_object(pattern)
            if shape is not None:
                verbs, stops, gap, objects = shape
                self._emulated[i] = True
                self._gap[i] = gap
                if verbs:
                    self._stop_set[i] = stop_sets.setdefault(stops, len(stop_sets))
                for role, words in enumerate((verbs, objects)):
                    for alt, word in enumerate(words):
                        roles.append((literal.setdefault(word, len(literal)), len(role_entries)))
                        role_entries.append((i, role, alt, len(word)))
                continue
            for strings in required(pattern, MAX_LITERAL):
                in_unit += [(literal.setdefault(p, len(literal)), len(unit_pattern)) for p in strings]
                unit_pattern.append(i)
        strings = list(literal)
        self._length = np.array([len(x) for x in strings], dtype=np.intp)
        width = max((len(x) for x in strings), default=0)
        # the literals' characters, padded with -2 (a code point never compares equal to it)
        self._chars = np.full((len(strings), max(width, 1)), -2, dtype=np.int64)
        for j, x in enumerate(strings):
            self._chars[j, :len(x)] = _codes(x)
        # A first pass keeps the offsets whose character begins some literal (a boolean per code point
        # up to the largest such; every other character looks up the False one past it), so only those
        # few are looked up further: one-character literals by their code point, longer ones by their
        # first two characters packed into one integer.
        firsts = [ord(x[0]) for x in strings]
        self._top = max(firsts, default=0) + 1
        self._first = np.zeros(self._top + 1, dtype=bool)
        self._first[firsts] = True
        self._single = np.full(self._top + 1, -1, dtype=np.intp)
        pairs = {}
        for j, x in enumerate(strings):
            if len(x) == 1:
                self._single[ord(x)] = j
            else:
                pairs.setdefault((ord(x[0]) << 21) | ord(x[1]), []).append(j)
        keys = sorted(pairs)
        self._keys = PackedKeys(np.array(keys, dtype=np.int64))
        self._key_literals = _Csr(len(keys), [(n, j) for n, k in enumerate(keys) for j in pairs[k]])
        self._literal_counted = _Csr(len(strings), counted)
        self._literal_units = _Csr(len(strings), in_unit)
        self._unit_pattern = np.array(unit_pattern, dtype=np.intp)
        self._needed = np.bincount(self._unit_pattern, minlength=len(patterns))
        self._always = (self._needed == 0) & ~self._counted & ~self._emulated
        self._literal_roles = _Csr(len(strings), roles)
        self._role_pattern, self._role_kind, self._role_alt, role_length = \
            np.array(role_entries, dtype=np.intp).reshape(-1, 4).T
        self._n_alt = int(self._role_alt.max(initial=0)) + 1
        self._word_length = np.zeros((2, len(patterns), self._n_alt), dtype=np.intp)
        self._word_length[self._role_kind, self._role_pattern, self._role_alt] = role_length
        # each stop set (the separator, where one string ends, stops every gap) as a boolean per code point
        # up to the separator's; every code point above reads the False one past it
        self._stop_tables = []
        for stops in stop_sets:
            table = np.zeros(ord(_SEP) + 2, dtype=bool)
            table[[ord(c) for c in stops + _SEP]] = True
            self._stop_tables.append(table)

    def candidates(self, s: str) -> list[int]:
        """Indices of the patterns that may match s, in order."""
        return self.candidates_batch([s])[0]

    def candidates_batch(self, strings: list[str]) -> list[list[int]]:
        """``candidates`` of every string: the counted patterns that occur in it and the others that
        may match it."""
        if not strings:
            return []
        counts, may = self._survey(strings)
        rows, found = (may | (counts > 0)).nonzero()
        ends = rows.searchsorted(np.arange(1, len(strings) + 1)).tolist()
        found = found.tolist()
        return [found[a:b] for a, b in zip([0, *ends[:-1]], ends, strict=True)]

    def counts(self, strings: list[str], limits: np.ndarray | None = None) -> np.ndarray:
        """strings × patterns: how many matches ``findall`` finds of each pattern in each string. With
        ``limits`` (one per pattern), a pattern is run on the strings before its limit only (0 after)."""
        unique = list(dict.fromkeys(strings))  # section paths repeat for every task under them
        counts, may = self._survey(unique)
        if limits is not None:
            first = dict(zip(reversed(strings), range(len(strings) - 1, -1, -1), strict=True))
            may &= np.array([first[s] for s in unique], dtype=np.intp)[:, None] < limits[None, :]
        rows, ks = may.nonzero()
        patterns = self.patterns
        counts[rows, ks] = [len(patterns[k].findall(unique[r]))
                            for r, k in zip(rows.tolist(), ks.tolist(), strict=True)]
        if len(unique) == len(strings):
            return counts
        row = {s: r for r, s in enumerate(unique)}
        return counts[[row[s] for s in strings]]

    def _survey(self, strings: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(strings × patterns counts of the counted patterns, strings × patterns mask of the other
        patterns that may match)."""
        n_patterns = len(self.patterns)
        may = self._always[None, :].repeat(len(strings), axis=0)
        row, lit, at, a, row_of = self._occurrences(strings)
        # every match counted so far as one (string, pattern) key, all counted in one bincount
        found, clash = [], None
        if len(row) and len(self._role_pattern):
            emulated, clash = self._emulate(lit, at, a, row_of, n_patterns)
            found.append(emulated)
        if len(row):
            # counted patterns: one match per occurrence of one of their literals
            r, pat = self._literal_counted.expand(row, lit)
            found.append(r * n_patterns + pat)
        size = len(strings) * n_patterns
        counts = np.bincount(np.concatenate(found), minlength=size) if found else np.zeros(size, dtype=np.intp)
        counts = counts.reshape(len(strings), n_patterns)
        if clash is not None:
            counts[clash] = 0
            may[clash] = True
        if len(row):
            # other patterns: each (string, literal) pair once, then each (string, required set) once
            n_lit, n_units = len(self._length), len(self._unit_pattern)
            row, lit = np.divmod(_distinct(row * n_lit + lit, len(strings) * n_lit), n_lit)
            r, unit = self._literal_units.expand(row, lit)
            r, unit = np.divmod(_distinct(r * n_units + unit, len(strings) * n_units), n_units)
            held = np.bincount(r * n_patterns + self._unit_pattern[unit],
                               minlength=counts.size).reshape(counts.shape)
            may |= (held == self._needed) & (self._needed > 0)
        return counts, may

    def _occurrences(self, strings: list[str]) -> tuple[np.ndarray, ...]:
        """(string, literal, position in the strings joined by ``_SEP``) of every occurrence of every
        literal in the strings (repeats kept); the joined strings' code points and where each starts."""
        a = _codes(_SEP.join(strings))
        # the string of each position (a separator counts to the string before it): one gather a hit
        row_of = np.arange(len(strings)).repeat([len(x) + 1 for x in strings])
        if not len(a) or not len(self._length):
            none = np.zeros(0, dtype=np.intp)
            return none, none, none, a, row_of
        # the separator pads the end: it is in no literal, so no literal runs past the last string
        padded = np.concatenate([a, np.full(self._chars.shape[1], ord(_SEP), dtype=np.int64)])
        # (np.take gathers faster than indexing with an array)
        first = self._first.take(np.minimum(a, self._top)).nonzero()[0]
        head = a.take(first)
        single = self._single.take(head)
        one = (single >= 0).nonzero()[0]
        hit, index = self._keys.hits((head << 21) | padded.take(first + 1))
        at, lit = self._key_literals.expand(first[hit], index)
        # the literals' remaining characters, compared one offset at a time
        keep = self._length[lit] > 2
        check = keep.nonzero()[0]
        for t in range(2, self._chars.shape[1]):
            check = check[self._length[lit[check]] > t]
            if not len(check):
                break
            same = padded[at[check] + t] == self._chars[lit[check], t]
            keep[check[~same]] = False
            check = check[same]
        ok = (keep | (self._length[lit] <= 2)).nonzero()[0]
        at = np.concatenate([at[ok], first[one]])
        lit = np.concatenate([lit[ok], single[one]])
        return row_of.take(at), lit, at, a, row_of

    def _emulate(self, lit: np.ndarray, at: np.ndarray, a: np.ndarray, row_of: np.ndarray,
                 n_patterns: int) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray] | None]:
        """Count the matches of the verb…object rules and plain alternations (``verb_object``) from the
        occurrences of their words, as ``findall`` finds them: at each position the first alternative that
        occurs there; a verb, the first object occurrence after it when that lies within the gap and before
        the next stop, else its next alternative; then the matches left to right, each after the last. Where
        two of a string's matches overlap, the order of the search decides which counts: those (string,
        pattern) pairs are left to the regex (``may``). Returns the (string × patterns + pattern) key of every
        match, and those pairs as (strings, patterns), None when there are none."""
        pos, entry = self._literal_roles.expand(at, lit)
        pattern, kind, alt = self._role_pattern[entry], self._role_kind[entry], self._role_alt[entry]
        # (pattern, position, alternative) packed into one integer: one sort groups each pattern's words
        # by position with the first alternative leading (numpy sorts integers far faster than lexsort)
        span, n_alt = len(a) + 1, self._n_alt
        key = (pattern * span + pos) * n_alt + alt
        # the objects: at each (pattern, position), the first alternative that occurs there
        objects = key[kind == 1]  # a fresh array: sorted in place (np.sort would copy it again)
        objects.sort()
        objects, obj_alt = _first_of_groups(objects, n_alt)
        obj_pattern, obj_pos = np.divmod(objects, span)
        obj_end = obj_pos + self._word_length[1, obj_pattern, obj_alt]
        plain = self._stop_set[obj_pattern] < 0
        found = [(obj_pattern[plain], obj_pos[plain], obj_end[plain])]
        # the verbs: the first object of their pattern at or after their end, if the gap allows it
        verbs = key[kind == 0]
        if len(verbs) and len(objects):
            vp, rest = np.divmod(verbs, span * n_alt)
            vpos, valt = np.divmod(rest, n_alt)
            vend = vpos + self._word_length[0, vp, valt]
            j = np.minimum(objects.searchsorted(vp * span + vend), len(objects) - 1)
            q = obj_pos[j]
            ok = (obj_pattern[j] == vp) & (q >= vend) & (q - vend <= self._gap[vp])
            for k, table in enumerate(self._stop_tables):
                # no stop in the gap: the next stop (or string end) at or after the verb's end is not before
                # the object
                stops = np.concatenate([table[np.minimum(a, len(table) - 1)].nonzero()[0], [len(a)]])
                mine = slice(None) if len(self._stop_tables) == 1 else (self._stop_set[vp] == k).nonzero()[0]
                ok[mine] &= stops[stops.searchsorted(vend[mine])] >= q[mine]
            chosen = verbs[ok]
            chosen.sort()
            chosen, calt = _first_of_groups(chosen, n_alt)
            cp, cpos = np.divmod(chosen, span)
            j = objects.searchsorted(chosen + self._word_length[0, cp, calt])
            found.append((cp, cpos, obj_end[j]))
        pat, start, stop = (np.concatenate(column) for column in zip(*found, strict=True))
        order = (pat * span + start).argsort()
        pat, start, stop = pat[order], start[order], stop[order]
        # a match that begins before the previous one of its pattern ends (in one string: no match crosses
        # the end of its string)
        clash = ((pat[1:] == pat[:-1]) & (start[1:] < stop[:-1])).nonzero()[0]
        row = row_of.take(start)
        return row * n_patterns + pat, ((row[clash], pat[clash]) if len(clash) else None)


def _first_of_groups(packed: np.ndarray, n_alt: int) -> tuple[np.ndarray, np.ndarray]:
    """(group, alternative) of the first alternative of each group in sorted ``group * n_alt +
    alternative`` integers."""
    group, alt = np.divmod(packed, n_alt)
    first = np.ones(len(group), dtype=bool)
    np.not_equal(group[1:], group[:-1], out=first[1:])
    return group[first], alt[first]


class _Csr:
    """A fixed many-to-many map from ints (0…n-1) to ints, as flat arrays: ``expand`` pairs each
    (tag, source) with every target of its source."""

    def __init__(self, n: int, pairs: list[tuple[int, int]]):
        pairs = sorted(pairs)
        self._ptr = np.searchsorted(np.array([s for s, _t in pairs], dtype=np.intp), np.arange(n + 1))
        self._targets = np.array([t for _s, t in pairs], dtype=np.intp)

    def expand(self, tags: np.ndarray, sources: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(tag, target) for every target of every source, in the order of the sources."""
        begin = self._ptr[sources]
        counts = self._ptr[sources + 1] - begin
        ends = counts.cumsum()
        total = int(ends[-1]) if len(ends) else 0
        first = (begin - (ends - counts)).repeat(counts)
        return tags.repeat(counts), self._targets[first + np.arange(total)]


def _distinct(keys: np.ndarray, size: int) -> np.ndarray:
    """The distinct values of ``keys`` (each in 0…size-1), ascending: marked in a boolean array rather
    than sorted (the sizes here are a document's strings × a few hundred literals)."""
    seen = np.zeros(size, dtype=bool)
    seen[keys] = True
    return seen.nonzero()[0]


#: Joins strings for one numpy pass: a noncharacter, never in normalised text or a pattern.
_SEP = "\uffff"


def _codes(s: str) -> np.ndarray:
    """The code points of ``s`` as an int64 array."""
    return np.frombuffer(s.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)


#: Opcodes whose outcome depends on text outside the match (anchors, lookarounds, backreferences).
_LOOKS_OUT = frozenset({C.AT, C.ASSERT, C.ASSERT_NOT, C.GROUPREF, C.GROUPREF_EXISTS})


def _reach(pattern: str) -> int | None:
    """The longest match of pattern, when it is bounded and a match depends on its own characters alone
    (no anchor, lookaround or backreference), so a search needs no text past it; else None."""
    def plain(items) -> bool:
        for op, av in items:
            if op in _LOOKS_OUT:
                return False
            if op is C.BRANCH and not all(plain(alt) for alt in av[1]):
                return False
            if op is C.SUBPATTERN and not plain(av[3]):
                return False
            if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT) and not plain(av[2]):
                return False
            if op is C.ATOMIC_GROUP and not plain(av):
                return False
        return True

    try:
        tree = _parser.parse(pattern)
    except Exception:  # noqa: BLE001 - an unusual construct only costs the shortcut
        return None
    longest = tree.getwidth()[1]
    return longest if longest < C.MAXREPEAT and plain(tree) else None


class WeightedPatterns:
    """Patterns, each adding its weight to one code's score: ``scores(s)`` → one score per code,
    ``1 + ln(matches)`` × weight for every pattern that matches. Subclasses set ``_compiled``
    ((code index, compiled pattern, weight) per pattern) and ``_pattern_set``."""

    _compiled: list
    _pattern_set: PatternSet

    def _init_patterns(self, items) -> None:
        """``items``: (code index, pattern source, weight) per pattern."""
        items = list(items)
        self._compiled = [(ci, re.compile(p), w) for ci, p, w in items]
        self._pattern_set = PatternSet([p for _ci, p, _w in items])
        self._sums = _Sums([self])
        # each code's patterns strongest first (file order among equals), for its evidence: once a
        # weight has a match, no weaker pattern can beat it, so the search stops there
        by_code: dict[str, list[int]] = {code: [] for code in CODES}
        for k, (ci, _pattern, _weight) in sorted(enumerate(self._compiled), key=lambda kw: (-kw[1][2], kw[0])):
            by_code[CODES[ci]].append(k)
        self._code_patterns = by_code
        self._reach = [_reach(pattern.pattern) for _ci, pattern, _w in self._compiled]
        #: The match counts of each pattern in the strings last scored ({string: row}, strings ×
        #: patterns): the evidence of a task is looked for in the body its features were just scored
        #: on, and a pattern that did not match there need not be searched again. Replaced whole by
        #: every scoring call (a document's strings); counts depend on the string alone, so any thread
        #: may read it.
        self._known: tuple[dict[str, int], np.ndarray | None] = ({}, None)

    def scores(self, s: str) -> np.ndarray:
        """One score per code for ``s``: ``weight × (1 + ln matches)`` summed over the patterns that
        match, only those the prefilter lets through being run.
        """
        return self.scores_batch([s])[0]

    def scores_batch(self, strings: list[str]) -> np.ndarray:
        """``scores`` of every string (rows), the literals of all patterns found in all strings at once."""
        return self._sums.scores(self._pattern_set, strings, [len(strings)])[0]

    def evidence(self, s: str, code: str, before: int | None = None) -> tuple[int, int] | None:
        """The span in s of the strongest (then first) match of a pattern of ``code``. (The prefilter's
        numpy pass costs more than searching s with the few patterns of one code.) ``before``: no match
        of the code lies in ``s[before:]``, so a pattern whose matches have a bounded length and look at
        nothing beyond them is searched in ``s[:before]`` and as far past it as its longest match reaches."""
        index, counts = self._known
        row = index.get(s)
        best: tuple[int, int] | None = None
        top = 0.0
        for k in self._code_patterns[code]:
            _ci, pattern, weight = self._compiled[k]
            if best is not None and weight < top:
                break
            if row is not None and not counts[row, k]:  # did not match s when it was scored
                continue
            reach = self._reach[k]
            m = pattern.search(s) if before is None or reach is None else pattern.search(s, 0, before + reach)
            if m and (best is None or m.start() < best[0]):
                best, top = (m.start(), m.end()), weight
        return best

    def evidence_after(self, s: str, start: int, code: str) -> tuple[int, int] | None:
        """``evidence(s[start:], code)`` in s's offsets, else ``evidence(s, code)``: the body of a task
        before the whole of it. With nothing of the code in the body, only a match that starts before it
        is searched for in the whole."""
        found = self.evidence(s[start:], code)
        if found is not None:
            return found[0] + start, found[1] + start
        return self.evidence(s, code, start) if start else None


class PatternSets:
    """Several pattern sets (the lexicon, the mechanism rules) scored over one prefilter pass: each
    scores a leading share of the same strings (the lexicon titles, bodies and section paths, the
    rules titles and bodies), and their candidates are found together."""

    def __init__(self, *sets: WeightedPatterns):
        self.sets = sets
        self._pattern_set = PatternSet([pattern.pattern for one in sets for _ci, pattern, _w in one._compiled])
        self._sums = _Sums(sets)

    def scores_batch(self, strings: list[str], counts: list[int]) -> list[np.ndarray]:
        """Each set's ``scores_batch`` of ``strings[:count]``, one count per set."""
        return self._sums.scores(self._pattern_set, strings, counts)


class _Sums:
    """Turns match counts into each set's code scores: ``weight × (1 + ln matches)`` summed over the
    patterns of each code in pattern order, as adding one pattern after another would."""

    def __init__(self, sets):
        width = len(CODES)
        self.sets = sets
        self.sizes = [len(one._compiled) for one in sets]
        self.weights = np.array([w for one in sets for _ci, _p, w in one._compiled], dtype=np.float64)
        column = [i * width + ci for i, one in enumerate(sets) for ci, _p, _w in one._compiled]
        self.columns = sorted(set(column))
        groups = [[k for k, c in enumerate(column) if c == col] for col in self.columns]
        # groups[g] padded with the index of an all-zero row (one past the last pattern), a column
        # per group: rows are the first, second, … pattern of every group
        depth = max(map(len, groups), default=0)
        self.index = np.array([[g[j] if j < len(g) else len(column) for g in groups] for j in range(depth)],
                              dtype=np.intp).reshape(depth, len(groups))
        self.width = len(sets) * width

    def scores(self, pattern_set: PatternSet, strings: list[str], counts: list[int]) -> list[np.ndarray]:
        """Each set's rows of code scores for ``strings[:count]``, one count per set."""
        width = len(CODES)
        out = np.zeros((len(strings), self.width))
        if strings and len(self.weights):
            n = pattern_set.counts(strings, np.repeat(counts, self.sizes)).T  # patterns × strings
            start = 0
            for one, size, count in zip(self.sets, self.sizes, counts, strict=True):
                one._known = ({s: r for r, s in enumerate(strings[:count])}, n[start:start + size].T)
                start += size
            logs = np.array([0.0] + [math.log(k) for k in range(1, int(n.max()) + 1)])  # math.log, as before
            each = np.zeros((len(self.weights) + 1, len(strings)))
            np.multiply(self.weights[:, None], 1.0 + logs[n], out=each[:-1], where=n > 0)
            # Reducing over the first axis adds whole rows one after another, so each code's sum is
            # taken in pattern order, the order the scores were always added in (same floats).
            out[:, self.columns] = np.add.reduce(each[self.index], axis=0).T
        return [out[:count, i * width:(i + 1) * width] for i, count in enumerate(counts)]
