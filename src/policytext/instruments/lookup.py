"""Exact lookup of many integer keys at once in a fixed sorted key array, by a hash table in numpy.

The n-gram vocabularies and the pattern prefilter pack every one-, two- or three-character string
into one integer and look up hundreds of thousands of them per batch of tasks. ``np.searchsorted``
does that with ~16 cache-missing probes a key; a multiplicative hash into a table sixteen times
the vocabulary's size needs one probe for nearly every key, and falls back to the binary search only
for the few slots that two vocabulary keys share. The answer is the same.
"""
from __future__ import annotations

import numpy as np

#: Fibonacci hashing's multiplier (2^64 / golden ratio, odd): spreads packed code points well.
_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)
#: Table slots per key: ~3% of keys share a slot at 16.
_LOAD = 16


class PackedKeys:
    """Sorted unique int64 keys with ``find``: the index of each query key among them, or -1."""

    def __init__(self, keys: np.ndarray):
        """Index ``keys`` (sorted, unique, non-negative int64) in a hash table of int32 slots."""
        self.keys = np.asarray(keys, dtype=np.int64)
        n = len(self.keys)
        bits = max(8, int(np.ceil(np.log2(max(1, n) * _LOAD))))
        self._shift = np.uint64(64 - bits)
        # A slot holds its key's index, n when empty, n + 1 when two keys share it; the keys padded
        # with two impossible values (-1) let every slot be read and compared without masking.
        self._empty, self._shared = n, n + 1
        self._padded = np.r_[self.keys, -1, -1]
        # uint16 slots when the keys allow (half the table: a lookup reads one random slot of it, and in a
        # parse the table is cold for every document)
        table = np.full(1 << bits, self._empty, dtype=np.uint16 if n + 2 <= 1 << 16 else np.int32)
        if n:
            slots = self._slots(self.keys)
            table[slots] = np.arange(n, dtype=np.int32)
            taken, counts = np.unique(slots, return_counts=True)
            table[taken[counts > 1]] = self._shared
        self._table = table

    def _slots(self, keys: np.ndarray) -> np.ndarray:
        """The table slot of each key (uint64 multiplication wraps, as the hash wants)."""
        # the int64 keys seen as uint64 (the same bits: they are non-negative), hashed in place
        slots = np.ascontiguousarray(keys, dtype=np.int64).view(np.uint64) * _MULTIPLIER
        slots >>= self._shift
        return slots

    def find(self, queries: np.ndarray) -> np.ndarray:
        """For each query, its index in ``keys``, or -1 when it is not there."""
        hit, index = self.hits(queries)
        out = np.full(len(queries), -1, dtype=np.intp)
        out[hit] = index
        return out

    def hits(self, queries: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(positions of the queries that are among the keys, in order; the index of each in ``keys``):
        what ``find`` tells, without a -1 for every miss (callers look only at the hits)."""
        queries = np.ascontiguousarray(queries, dtype=np.int64)
        # take gathers faster than fancy indexing (the slots, below 2^bits, read as int64 are the same)
        at = self._table.take(self._slots(queries).view(np.int64))
        found = self._padded.take(at) == queries
        shared = (at == self._shared).nonzero()[0]
        if len(shared):
            q = queries[shared]
            pos = self.keys.searchsorted(q)
            pos[pos == len(self.keys)] = 0
            found[shared] = self.keys[pos] == q
            at[shared] = pos
        hit = found.nonzero()[0]
        return hit, at.take(hit).astype(np.intp)
