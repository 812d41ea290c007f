"""The catalogue is complete in both languages, and French formats are French."""

import datetime as dt
import re
from pathlib import Path

import pytest

from continuum.i18n import LANGUAGES, catalogue, fmt_date, fmt_number, fmt_percent, t

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_catalogue_key_is_missing_in_any_language(lang):
    keys = {other: set(catalogue(other)) for other in LANGUAGES}
    missing = set().union(*keys.values()) - keys[lang]
    assert not missing, f"keys missing in {lang}.yaml: {sorted(missing)}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_message_is_empty(lang):
    assert not [k for k, v in catalogue(lang).items() if not v.strip()]


def test_placeholders_match_between_languages():
    placeholder = re.compile(r"{(\w+)}")
    fr, en = catalogue("fr"), catalogue("en")
    for key in fr:
        assert set(placeholder.findall(fr[key])) == set(placeholder.findall(en.get(key, ""))), key


def test_every_key_used_in_code_exists():
    """A t("...") call with a literal key that the catalogue lacks would show the raw key to users."""
    used = set()
    for folder in ("views", "continuum", "scoring", "exchange", "charts", "storage", "questionnaires"):
        for path in (ROOT / folder).rglob("*.py"):
            used |= set(re.findall(r"""\bt\(\s*["']([a-z_]+\.[a-z0-9_.]+)["']""", path.read_text(encoding="utf-8")))
    assert used, "no t() call found: the scan is broken"
    assert not sorted(k for k in used if k not in catalogue("fr"))


def test_french_formats():
    assert fmt_percent(0.125, "fr") == "12,5\u202f%"  # narrow no-break space, never a line break
    assert fmt_date(dt.date(2026, 11, 22), "fr") == "22 novembre 2026"
    assert fmt_number(1234.5, "fr").replace("\u202f", " ").replace("\xa0", " ") == "1 234,5"


def test_english_formats():
    assert fmt_percent(0.125, "en") == "12.5%"
    assert fmt_date(dt.date(2026, 11, 22), "en") == "22 November 2026"


def test_unknown_values_never_show_nan():
    assert fmt_percent(float("nan"), "fr") == "—"
    assert fmt_number(None, "en") == "—"


def test_translation_falls_back_to_french_then_shows_the_key():
    assert t("app.name", "de") == catalogue("fr")["app.name"]
    assert t("no.such.key", "en") == "no.such.key"
