"""Layout: a Document into self-contained HTML (images inline), then into a tagged PDF/UA file with WeasyPrint.

The font is DejaVu Sans (fonts-dejavu-core), embedded in the PDF: it has the narrow no-break
space (U+202F) that French typography puts before ; : ! ? % and inside « ». Liberation Sans is the fallback.
"""

from __future__ import annotations

import base64
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from continuum.i18n import fmt_date, t, typeset
from reports.document import Document

TEMPLATES = Path(__file__).parent / "templates"
FONT_FILES = {  # family -> (regular, bold): TrueType files from fonts-dejavu-core, then fonts-liberation2
    "DejaVu Sans": ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    "Liberation Sans": ("/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
                        "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf"),
}
PDF_VARIANT = "pdf/ua-1"


@lru_cache(maxsize=2)
def _environment(lang: str) -> Environment:
    """Every printed text goes through the language's typography (French spaces), markup left as it is."""
    def finalize(value):
        return typeset(value, lang) if isinstance(value, str) and not isinstance(value, Markup) else value

    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]),
                       trim_blocks=True, lstrip_blocks=True, finalize=finalize)


def _font_faces() -> str:
    """@font-face rules for the font files present, so the PDF embeds a known TrueType font."""
    rules = []
    for family, (regular, bold) in FONT_FILES.items():
        for path, weight in ((regular, "normal"), (bold, "bold")):
            if Path(path).is_file():
                rules.append(f'@font-face {{ font-family: "{family}"; font-weight: {weight}; '
                             f'src: url("{Path(path).as_uri()}"); }}')
    return "\n".join(rules)


@lru_cache(maxsize=4)
def _css(lang: str) -> str:
    css = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    css = css.replace("{{ page_word }}", t("reports.meta.page", lang))
    css = css.replace("{{ font_family }}", '"DejaVu Sans", "Liberation Sans", sans-serif')
    return _font_faces() + "\n" + css


def html_of(doc: Document, today=None) -> str:
    """The report as one HTML file, its chart images inline, readable offline."""
    figs = {key: {"src": "data:image/png;base64," + base64.b64encode(f.image).decode("ascii"), "alt": f.alt}
            for key, f in doc.figures.items() if f.image}
    lang = doc.lang
    template = _environment(lang).get_template("individual.html" if doc.kind == "establishment" else "regional.html")
    return template.render(
        lang=lang, title=doc.title, name=doc.context.get("name", doc.name), c=doc.context, figs=figs,
        css=_css(lang), subject=t("reports.meta.subject", lang),
        generated=t("reports.meta.generated", lang, date=fmt_date(doc.context.get("today"), lang)),
        _=lambda key, **kw: t(key, lang, **kw))


def pdf_of(html: str) -> bytes:
    """A tagged, PDF/UA-1 file (structure tags, language, title, embedded fonts)."""
    from weasyprint import HTML

    return HTML(string=html, base_url=str(TEMPLATES)).write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)
