"""The output JSON Schema, generated from the dataclasses in ``doc.py``.

Generating it (rather than writing it by hand) keeps the schema and the
output from drifting apart: a field added to a model appears in both.
"""
from __future__ import annotations

import types
import typing
from dataclasses import fields, is_dataclass
from typing import Any

from . import doc as model

_SCALARS = {str: "string", int: "integer", float: "number", bool: "boolean", type(None): "null"}


def _type_schema(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    """The JSON Schema of one type annotation; a dataclass goes into ``defs`` once and is referred to
    by ``$ref``. A type with no JSON form raises TypeError, so a new field cannot slip out unschemed.
    """
    origin = typing.get_origin(tp)
    if tp is Any:
        return {}
    if tp in _SCALARS:
        if tp is float:
            return {"type": "number"}
        return {"type": _SCALARS[tp]}
    if origin in (typing.Union, types.UnionType):
        options = [_type_schema(a, defs) for a in typing.get_args(tp)]
        return {"anyOf": options}
    if origin is list:
        (item,) = typing.get_args(tp)
        return {"type": "array", "items": _type_schema(item, defs)}
    if origin is tuple:
        args = typing.get_args(tp)
        return {
            "type": "array",
            "prefixItems": [_type_schema(a, defs) for a in args],
            "minItems": len(args),
            "maxItems": len(args),
        }
    if origin is dict:
        _key, val = typing.get_args(tp)
        return {"type": "object", "additionalProperties": _type_schema(val, defs)}
    if is_dataclass(tp):
        name = tp.__name__
        if name not in defs:
            defs[name] = {}  # placeholder against recursion
            defs[name] = _dataclass_schema(tp, defs)
        return {"$ref": f"#/$defs/{name}"}
    raise TypeError(f"no JSON Schema for type {tp!r}")


def _dataclass_schema(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    """The object schema of a dataclass: its output fields all required, extra fields allowed (the
    contract adds fields freely), and its docstring's first line as the description.
    """
    hints = typing.get_type_hints(cls, vars(model))
    props, required = {}, []
    for f in fields(cls):
        if f.metadata.get("internal"):
            continue
        props[f.name] = _type_schema(hints[f.name], defs)
        required.append(f.name)
    out: dict[str, Any] = {
        "type": "object",
        "properties": props,
        "required": required,
        "additionalProperties": True,  # the contract lets us add fields freely
    }
    if cls.__doc__ and not cls.__doc__.startswith(cls.__name__ + "("):
        out["description"] = cls.__doc__.strip().splitlines()[0]
    return out


def output_schema() -> dict[str, Any]:
    """The JSON Schema (2020-12) of ``PolicyDoc.to_dict()``."""
    defs: dict[str, Any] = {}
    root = _dataclass_schema(model.PolicyDoc, defs)
    root["properties"]["schema_version"] = {"const": model.OUTPUT_SCHEMA_VERSION}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://policytext.invalid/schema/policydoc-v{model.OUTPUT_SCHEMA_VERSION}.json",
        "title": "policytext document",
        **root,
        "$defs": dict(sorted(defs.items())),
    }

