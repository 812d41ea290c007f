"""Build stage: plain data into the pydantic model, with pydantic's errors turned into catalogue problems.

Each pydantic error carries a ``loc`` path; we drop the condition-shape tags from it,
find the line through the read stage's marks, and pick the catalogue code and fix.
Pydantic's own English sentences are reworded through `phrases`, so French authors read French.
"""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from continuum.problems import Problem
from questionnaires import errors
from questionnaires.model import CONDITION_TAGS, OPERATORS, Questionnaire, Text
from questionnaires.phrases import pydantic_detail, say, suggest
from questionnaires.reader import Document, format_path

# pydantic type name -> phrase key of what was expected
_EXPECTED = {
    "string": "expect-string",
    "int": "expect-int",
    "float": "expect-float",
    "bool": "expect-bool",
    "list": "expect-list",
    "dict": "expect-mapping",
    "model": "expect-mapping",
    "model_attributes": "expect-mapping",
}


def build(doc: Document) -> tuple[Questionnaire | None, list[Problem]]:
    """Validate the shape of a read document; every problem is returned, nothing is raised."""
    try:
        return Questionnaire.model_validate(doc.data), []
    except ValidationError as exc:
        return None, [_problem(err, doc) for err in model_errors(exc)]


def model_errors(exc: ValidationError) -> list[dict[str, Any]]:
    """pydantic's errors, less the "too short" a tuple adds when some of its entries fail (the author wrote enough)."""
    return [err for err in exc.errors(include_url=False) if not _spurious_too_short(err)]


def _spurious_too_short(err: dict[str, Any]) -> bool:
    written = err.get("input")
    return (err["type"] == "too_short" and isinstance(written, (list, tuple))
            and len(written) >= (err.get("ctx") or {}).get("min_length", 0))


def _problem(err: dict[str, Any], doc: Document) -> Problem:
    raw = tuple(err["loc"])
    path = tuple(p for p in raw[:-1] if p not in CONDITION_TAGS) + raw[-1:] if raw else ()
    if path and path[-1] in CONDITION_TAGS and err["type"] != "extra_forbidden":
        path = path[:-1]
    kind, value = err["type"], err.get("input")
    at = doc.at(path)
    if path == ("version",) and kind != "missing":
        return errors.problem("bad-version", at, found=_show(value))
    if kind == "extra_forbidden":
        return _unknown_key(raw, path, at)
    if path and path[-1] == "fr" and kind in ("missing", "string_too_short") and _is_text(raw[:-1]):
        return errors.problem("missing-fr-text", at)
    if kind == "missing":
        return errors.problem("missing-key", at, key=path[-1], where=_where(path[:-1]))
    if kind == "string_pattern_mismatch":
        return errors.problem("bad-id", at, found=value)
    if kind == "value_error" and raw and raw[-1] == "Comparison":
        return errors.problem("condition-bad-operator", at, detail=_operator_detail(err, value),
                              hint=say("hint-one-comparison"))
    base = kind.removesuffix("_type").removesuffix("_parsing")
    base = "list" if base == "tuple" else base  # the model keeps lists as tuples (immutable)
    if kind.endswith(("_type", "_parsing")) and base in _EXPECTED:
        return errors.problem("wrong-type", at, found=_show(value), expected=say(_EXPECTED[base]),
                              hint=_type_hint(value, base, raw))
    return _bad_value(err, at, value)


def _bad_value(err: dict[str, Any], at: str, value: Any) -> Problem:
    ctx = err.get("ctx") or {}
    hint = ""
    if err["type"] == "literal_error":
        allowed = [a.strip().strip("'") for a in str(ctx.get("expected", "")).replace(" or ", ", ").split(",")]
        hint = suggest(str(value), allowed) + (" " if value is not None else "")
        hint += say("hint-use-one-of", values=", ".join(allowed))
    elif err["type"] in ("too_short", "string_too_short"):
        hint = say("hint-at-least-one") if err["type"] == "too_short" else say("hint-non-empty")
    else:
        hint = say("hint-as-message-says")
    return errors.problem("bad-value", at, found=_show(value), detail=pydantic_detail(err), hint=hint)


def _operator_detail(err: dict[str, Any], value: Any) -> str:
    """The model's own sentence in English; in French, the same facts counted from the input."""
    if errors.current_language() != "fr":
        return str(err["ctx"]["error"])
    names = [o.rstrip("_") for o in OPERATORS]
    count = sum(1 for k, v in value.items() if str(k).rstrip("_") in names and v is not None) \
        if isinstance(value, dict) else 0
    return say("one-operator", operators=", ".join(names), count=count)


def _unknown_key(raw: tuple, path: tuple, at: str) -> Problem:
    key = raw[-1]
    model = model_at(raw[:-1])
    allowed = sorted(_keys(model)) if model is not None else []
    hint = suggest(str(key), allowed)
    return errors.problem("unknown-key", at, key=key, where=_where(path[:-1]), allowed=", ".join(allowed),
                          hint=f"{hint} " if hint else "")


def _where(path: tuple) -> str:
    return f"'{format_path(path)}'" if path else say("top-level")


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return say("a-mapping")
    if isinstance(value, list):
        return say("a-list")
    if value is None:
        return say("nothing")
    if isinstance(value, bool):
        return say("boolean", value=str(value).lower())
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _type_hint(value: Any, expected: str, raw: tuple) -> str:
    if isinstance(value, bool) and expected == "string":
        return say("hint-quote-boolean")
    if isinstance(value, (int, float)) and expected == "string":
        return say("hint-quote-number")
    if expected in ("model", "dict") and _is_text(raw):
        return say("hint-text-mapping")
    if expected == "list" and not isinstance(value, list):
        return say("hint-list")
    return say("hint-write-type", expected=say(_EXPECTED[expected]))


def _is_text(raw: tuple) -> bool:
    model = model_at(raw)
    return model is not None and issubclass(model, Text)


def _keys(model: type[BaseModel]) -> set[str]:
    return {f.alias or name for name, f in model.model_fields.items()}


def model_at(raw: tuple) -> type[BaseModel] | None:
    """The model class at a pydantic ``loc`` path (tags included), or None when it is not a model."""
    current: Any = Questionnaire
    for part in raw:
        current = _unwrap(current, part)
        if isinstance(part, int):
            args = typing.get_args(current)
            current = args[0] if args else None
        elif isinstance(current, type) and issubclass(current, BaseModel):
            if part in CONDITION_TAGS:
                continue
            field = next((f for n, f in current.model_fields.items() if part in (n, f.alias)), None)
            current = field.annotation if field is not None else None
        else:
            return None
        if current is None:
            return None
    current = _unwrap(current, None)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(tp: Any, part: Any) -> Any:
    """Strip Annotated and Optional, and pick the union member the next path part steps into."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            members = [a for a in typing.get_args(tp) if a is not type(None)]
            members = [typing.get_args(m)[0] if typing.get_origin(m) is typing.Annotated else m for m in members]
            if part in CONDITION_TAGS:
                tp = next((m for m in members if getattr(m, "__name__", "") == part), members[0])
            else:
                tp = next((m for m in members if typing.get_origin(m) in (list, tuple)), members[0]) \
                    if isinstance(part, int) else members[0]
        else:
            return tp
