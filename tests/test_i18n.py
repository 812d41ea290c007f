"""The catalogue is complete in both languages, and French formats are French."""

import ast
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
    for folder in ("views", "continuum", "scoring", "exchange", "charts", "storage", "questionnaires", "accounts",
                   "reports"):
        for path in (ROOT / folder).rglob("*.py"):
            used |= set(re.findall(r"""\bt\(\s*["']([a-z_]+\.[a-z0-9_.]+)["']""", path.read_text(encoding="utf-8")))
    assert used, "no t() call found: the scan is broken"
    assert not sorted(k for k in used if k not in catalogue("fr"))


def test_every_key_used_in_report_templates_exists():
    """The PDF templates translate with _("key"): a missing key would print the raw key in a report."""
    used = set()
    for path in (ROOT / "reports" / "templates").glob("*.html"):
        used |= set(re.findall(r"""\b_\(\s*["']([a-z_]+\.[a-z0-9_.]+)["']""", path.read_text(encoding="utf-8")))
    assert len(used) > 10, "no _() call found in the report templates: the scan is broken"
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


# Streamlit calls whose first argument (or label-like keyword) is shown to users.
_SHOWN = {
    "title", "header", "subheader", "markdown", "caption", "text", "info", "warning", "error", "success", "toast",
    "button", "form_submit_button", "download_button", "link_button", "text_input", "text_area", "number_input",
    "selectbox", "multiselect", "radio", "checkbox", "toggle", "slider", "select_slider", "date_input",
    "file_uploader", "expander", "popover", "metric", "tabs", "spinner", "status", "write",
}
_LABEL_KEYWORDS = {"label", "help", "placeholder", "title", "caption"}


def _literal_words(node: ast.AST) -> list[str]:
    """String literals (or the literal parts of an f-string) that contain a word."""
    if isinstance(node, (ast.List, ast.Tuple)):
        return [w for element in node.elts for w in _literal_words(element)]
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    elif isinstance(node, ast.JoinedStr):
        text = " ".join(v.value for v in node.values if isinstance(v, ast.Constant))
    else:
        return []
    if re.fullmatch(r"[A-Z0-9-]+", text):  # the shape of a code (a placeholder such as ABCD-EFGH), not words
        return []
    return [text] if re.search(r"[^\W\d_]{3,}", text) else []


def _root(node: ast.AST) -> str:
    while isinstance(node, (ast.Attribute, ast.Call, ast.Subscript)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else ""


def test_pages_pass_no_literal_text_to_streamlit():
    """Every label, title and message a page shows comes from the catalogue (t(...)), never a literal."""
    offenders, calls = [], 0
    for path in sorted((ROOT / "views").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            name = node.func.attr
            if name not in _SHOWN or (name == "write" and _root(node.func) != "st") \
                    or _root(node.func) in {"log", "logger", "logging"}:  # log lines are for operators
                continue
            calls += 1
            shown = node.args[:1] + [k.value for k in node.keywords if k.arg in _LABEL_KEYWORDS]
            for text in (w for arg in shown for w in _literal_words(arg)):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} st.{name}({text!r})")
    assert calls > 100, "the scan found too few Streamlit calls: it is broken"
    assert offenders == []
