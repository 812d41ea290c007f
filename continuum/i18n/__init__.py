"""The message catalogue and locale formatting: French first, English available.

Interface strings live in ``fr/*.yaml`` and ``en/*.yaml``, one file per area (nested keys,
read as flat dotted keys); pages never hard-code a user-facing string. Numbers and dates are formatted with babel.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from pathlib import Path

import yaml
from babel.dates import format_date as _format_date
from babel.dates import format_datetime as _format_datetime
from babel.numbers import format_decimal, format_percent

LANGUAGES: tuple[str, ...] = ("fr", "en")
DEFAULT_LANGUAGE = "fr"
_LOCALES = {"fr": "fr_FR", "en": "en_GB"}
_DIR = Path(__file__).parent


@lru_cache(maxsize=None)
def catalogue(lang: str) -> dict[str, str]:
    """The flat key → message mapping of one language."""
    merged: dict[str, str] = {}
    for path in sorted((_DIR / lang).glob("*.yaml")):
        with open(path, encoding="utf-8") as handle:
            for key, value in _flatten(yaml.safe_load(handle) or {}):
                if key in merged:
                    raise ValueError(f"{path.name}: message key '{key}' is defined twice in {lang}")
                merged[key] = value
    return merged


def _flatten(data: dict, prefix: str = ""):
    for key, value in data.items():
        full = f"{prefix}{key}"
        if isinstance(value, dict):
            yield from _flatten(value, full + ".")
        else:
            yield full, str(value)


def normalise_language(lang: str | None) -> str:
    lang = (lang or "").strip().lower()[:2]
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, lang: str = DEFAULT_LANGUAGE, **params: object) -> str:
    """Translate ``key``; falls back to French, then to the key itself so a gap is visible."""
    lang = normalise_language(lang)
    message = catalogue(lang).get(key) or catalogue(DEFAULT_LANGUAGE).get(key) or key
    return message.format(**params) if params else message


def has_key(key: str) -> bool:
    return key in catalogue(DEFAULT_LANGUAGE)


_FR_BEFORE = re.compile(r"[ \u00a0\u202f]+([;:!?%])")
_FR_OPEN = re.compile(r"«[ \u00a0\u202f]*")
_FR_CLOSE = re.compile(r"[ \u00a0\u202f]*»")


def typeset(text: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """French typography for print: a narrow no-break space (U+202F) before ; : ! ? % and inside « », so that
    a line never starts with a colon or a closing guillemet. Other languages are returned unchanged."""
    if normalise_language(lang) != "fr" or not text:
        return text
    text = _FR_BEFORE.sub("\u202f\\1", text)
    return _FR_CLOSE.sub("\u202f»", _FR_OPEN.sub("«\u202f", text))


def fmt_percent(share: float | None, lang: str = DEFAULT_LANGUAGE, digits: int = 1) -> str:
    """A share (0–1) as a percentage: ``12,5 %`` (narrow no-break space) in French, ``12.5%`` in English; '—' when unknown."""
    if share is None or share != share:  # None or NaN
        return "—"
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    pattern += "%" if normalise_language(lang) == "en" else "\u202f%"  # French: narrow no-break space
    return format_percent(share, locale=_LOCALES[normalise_language(lang)], format=pattern)


def fmt_number(value: float | int | None, lang: str = DEFAULT_LANGUAGE) -> str:
    if value is None or value != value:
        return "—"
    return format_decimal(value, locale=_LOCALES[normalise_language(lang)])


def fmt_date(value: dt.date | dt.datetime | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """``22 novembre 2026`` in French, ``22 November 2026`` in English."""
    if value is None:
        return "—"
    if isinstance(value, dt.datetime):
        value = value.date()
    return _format_date(value, format="long", locale=_LOCALES[normalise_language(lang)])


def fmt_datetime(value: dt.datetime | None, lang: str = DEFAULT_LANGUAGE) -> str:
    if value is None:
        return "—"
    pattern = "d MMMM y 'à' HH:mm" if normalise_language(lang) == "fr" else "d MMMM y 'at' HH:mm"
    return _format_datetime(value, pattern, locale=_LOCALES[normalise_language(lang)])
