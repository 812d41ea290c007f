"""The spreadsheet error catalogue: each code says where (``sheet!cell`` or the file), what was found and the fix.

Every refusal of an import is one of these codes; tests trigger each one. The wording lives in the
message catalogue (``xl.errors.<code>`` in ``continuum/i18n/{fr,en}/exchange.yaml``), French first:
problems are worded in the language set with `language` around an import (French by default).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from continuum.i18n import has_key, normalise_language, t
from continuum.problems import Problem

CATALOGUE: tuple[str, ...] = (
    # --- the file itself, checked before any spreadsheet library reads it
    "file-too-large", "file-not-xlsx", "file-macro-enabled", "file-encrypted", "file-uncompressed-too-large",
    "file-zip-bomb", "file-too-many-parts", "file-too-many-rows", "file-unreadable",
    # --- the workbook's shape
    "sheet-missing", "sheet-extra", "stamp-invalid", "questionnaire-not-in-campaign",
    "questionnaire-version-mismatch", "template-outdated", "structure-edited", "merged-cells", "formula-in-answer",
    "cell-not-an-answer",
    # --- identity
    "finess-missing", "finess-invalid", "finess-unknown", "finess-is-legal-entity", "finess-ej-mismatch",
    "finess-not-this-establishment", "version-choice-unknown",
    # --- answers
    "code-unknown", "answer-required", "na-reason-missing", "na-reason-without-flag", "flag-and-answer",
    "extent-not-expected", "priority-not-expected", "number-invalid", "number-out-of-range", "text-too-long",
    "entries-too-few", "entries-too-many", "answer-hidden-ignored",
)

_LANGUAGE: ContextVar[str] = ContextVar("exchange_problem_language", default="fr")


@contextmanager
def language(lang: str | None) -> Iterator[str]:
    """Problems built inside the block are worded in ``lang`` ('fr' or 'en'; anything else gives French)."""
    token = _LANGUAGE.set(normalise_language(lang))
    try:
        yield _LANGUAGE.get()
    finally:
        _LANGUAGE.reset(token)


def current_language() -> str:
    return _LANGUAGE.get()


def say(key: str, **params: object) -> str:
    """A phrase (``xl.phrase.<key>``) for the found or expected part of a problem, in the current language."""
    return t(f"xl.phrase.{key}", current_language(), **params)


def problem(code: str, location: str, *, found: object = "", expected: object = "", severity: str = "error",
            **params: object) -> Problem:
    """A catalogue problem, its templates filled with ``found``, ``expected`` and ``params``."""
    lang = current_language()
    values = {"found": found, "expected": expected, "hint": "", **params}
    message = t(f"xl.errors.{code}.message", lang).format(**values)
    fix = t(f"xl.errors.{code}.fix", lang).format(**values).strip()
    return Problem(code=code, location=location, message=message, fix=fix, found=str(found), expected=str(expected),
                   severity=severity)  # type: ignore[arg-type]


def localise(problem_: Problem) -> Problem:
    """A problem raised by storage while importing, reworded from ``xl.storage.<code>`` when there is a wording."""
    key = f"xl.storage.{problem_.code}"
    if not has_key(key):
        return problem_
    message = t(key, current_language()).format(found=problem_.found)
    return Problem(problem_.code, problem_.location, message, "", problem_.found, problem_.expected, problem_.severity)


def did_you_mean(value: str, candidates: Iterable[str]) -> str:
    """A "did you mean" hint in the current language, or '' when nothing is close."""
    matches = difflib.get_close_matches(str(value), [str(c) for c in candidates], n=3, cutoff=0.6)
    if not matches:
        return ""
    return say("did_you_mean", options=say("or").join(f"« {m} »" if current_language() == "fr" else f"'{m}'"
                                                      for m in matches))


def at(sheet: str, coordinate: str) -> str:
    """The ``sheet!cell`` location of a cell."""
    return f"{sheet}!{coordinate}"


def table_headers() -> dict[str, str]:
    """Column titles of the error table (CLI and page), in the current language."""
    keys = ("file", "severity", "code", "location", "found", "expected", "message", "fix")
    return {k: t(f"xl.table.{k}", current_language()) for k in keys}


def severity_word(severity: str) -> str:
    return t(f"xl.table.{severity}", current_language())
