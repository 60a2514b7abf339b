"""Research functions over many parsed documents: canonical units, workload, citations,
indicators, comparisons and text reuse.

The user-facing entry point is :mod:`policytext.research.corpus` (``load`` → ``Corpus``); the modules
here hold one job each and import pandas only inside their functions.
"""
