"""Bridges to other tools: the spaCy pipeline component and the Spark helpers."""
