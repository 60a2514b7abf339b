"""``policytext.spark``, the public name of the Spark helpers, which live in
``policytext.integrations.spark`` beside the spaCy bridge."""
from .integrations.spark import entity_tables, local_session, parse_dataframe, table_schema

__all__ = ["entity_tables", "local_session", "parse_dataframe", "table_schema"]
