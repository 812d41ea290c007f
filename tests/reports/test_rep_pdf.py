"""The PDF itself, read back as a person's tools would: its figures are the engine's, it is tagged, pages render.

One PDF is rendered per module (Chromium starts once); its pages go to tests/artifacts/.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections import Counter

import pytest
from fontTools.ttLib import TTFont
from rep_fixtures import NATIONAL, TODAY, campaign, demo_engine, plain

from fixtures.tools import chromium_path, require_tool
from continuum.i18n import fmt_percent
from reports.batch import establishment_report, regional_report
from reports.render import FONT_FILES
from reports.individual import rows_of

pytestmark = pytest.mark.reports
STATES_FR = {"absent": "absent", "emerging": "émergent", "present": "présent", "established": "établi"}


@pytest.fixture(scope="module")
def rendered(demo_db_file, tmp_path_factory):
    require_tool(chromium_path() is not None, "Chromium (kaleido's browser)")
    require_tool(shutil.which("pdftoppm") is not None, "pdftoppm (poppler-utils)")
    engine = demo_engine(demo_db_file, tmp_path_factory)
    data = campaign(engine, "demo-national-w2")
    current = data.current()
    submitted = current[current["status"] == "submitted"]
    per_region = submitted.groupby("region")["establishment"].nunique()
    # a submitted establishment with a previous wave, in a region with enough peers
    paired = set(data.result.wave_changes().cells["establishment"])
    row = submitted[submitted["region"].map(per_region).ge(7) & submitted["establishment"].isin(paired)].iloc[0]
    report = establishment_report(engine, NATIONAL, data.campaign.id, str(row["establishment"]), data=data,
                                  today=TODAY)
    engine.dispose()
    return data, row, report


@pytest.fixture(scope="module")
def pdf_text(rendered) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(rendered[2].pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def section(text: str, start: str, end: str) -> str:
    flat = plain(text)
    return flat[flat.index(start):flat.index(end, flat.index(start))]


def test_profile_counts_in_the_pdf_are_the_engines(rendered, pdf_text):
    data, row, _ = rendered
    cells = rows_of(data.result.cell_states, str(row["response_id"]))
    expected = Counter((STATES_FR[str(c.state)], int(c.n_in_place), int(c.n_applicable))
                       for c in cells.itertuples(index=False) if str(c.state) in STATES_FR)
    table = section(pdf_text, "États et nombres de pratiques", "Fondations manquantes")
    found = Counter((s, int(a), int(b)) for s, a, b in re.findall(r"(absent|émergent|présent|établi) (\d+) (\d+)", table))
    assert found == expected


def test_peer_shares_in_the_pdf_are_the_engines(rendered, pdf_text):
    from scoring.peers import PeerGroup

    data, row, _ = rendered
    peers = data.result.peers(PeerGroup.national(), response_ids=[str(row["response_id"])])
    exact = peers[peers["peer_status"] == "exact"]
    assert len(exact), "the demo has more than 10 national peers"
    text = section(pdf_text, "Comparaison avec des pairs anonymes", "Évolution depuis la vague")
    found = Counter(re.findall(r"\d+ ?%", text.replace("\u202f", " ")))
    wanted = Counter(fmt_percent(s, "fr", 0).replace("\u202f", " ") for s in exact["share"])
    assert not wanted - found


def test_coverage_since_the_previous_wave_is_the_engines(rendered, pdf_text):
    data, row, _ = rendered
    cov = rows_of(data.result.wave_changes().coverage, str(row["response_id"]))
    overall = cov[cov["level"] == ""].iloc[0]
    text = section(pdf_text, "Couverture par niveau, vague par vague", "Initiatives")
    line = f"Ensemble {fmt_percent(overall['previous_coverage'], 'fr', 0)} {fmt_percent(overall['coverage'], 'fr', 0)}"
    assert plain(line) in text


def test_who_took_part_is_on_the_cover(rendered, pdf_text):
    data, row, _ = rendered
    roles = data.extras[str(row["response_id"])].roles
    users = sum(n for r, n in roles.items() if r in {"ru", "patient_partner", "cvs_member", "relative"})
    assert f"{sum(roles.values())} personne(s), dont {users} usager(s)" in plain(pdf_text)


def test_the_pdf_is_tagged_accessible_and_embeds_a_font_with_the_narrow_space(rendered, pdf_text):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(rendered[2].pdf))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "fr"
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()  # declares PDF/UA
    fonts = subprocess.run(["pdffonts", "-"], input=rendered[2].pdf, capture_output=True).stdout.decode()
    assert "DejaVu-Sans" in fonts and " yes yes yes " in fonts  # embedded, subset, with a Unicode map
    assert "\u202f%" in pdf_text  # French percentages keep their narrow no-break space
    assert 0x202F in TTFont(FONT_FILES["DejaVu Sans"][0]).getBestCmap()  # the embedded font has the glyph
    figures = [n for n in structure(root["/StructTreeRoot"]) if n.get("/S") == "/Figure"]
    assert len(figures) == len(rendered[2].html.split("<img ")) - 1 >= 2
    assert all(str(f.get("/Alt", "")).strip() for f in figures)  # every chart has its text alternative


def structure(node):
    """Every element of a PDF structure tree."""
    node = node.get_object()
    if not hasattr(node, "get"):
        return
    yield node
    kids = node.get("/K")
    for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
        yield from structure(kid)


def test_french_punctuation_keeps_its_narrow_no_break_space_in_the_pdf(pdf_text):
    assert not re.findall(r"[ \u00a0][;:!?%»]|«[ \u00a0]", pdf_text)
    assert "\u202f:" in pdf_text and "\u202f;" in pdf_text and "«\u202f" in pdf_text


def test_pages_render_for_reading_on_paper(rendered, artifacts_dir, tmp_path):
    data, row, report = rendered
    source = tmp_path / "report.pdf"
    source.write_bytes(report.pdf)
    for old in artifacts_dir.glob("report-individual-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "80", "-png", str(source), str(artifacts_dir / "report-individual")], check=True)
    pages = sorted(artifacts_dir.glob("report-individual-*.png"))
    assert len(pages) >= 6
    assert "data:image/png;base64," in report.html  # the HTML version is self-contained


@pytest.fixture(scope="module")
def regional(rendered):
    """The regional report of a region with 10 submitted self-assessments (exact shares)."""
    data = rendered[0]
    return regional_report(data, "76", today=TODAY)


def test_regional_pdf_figures_are_the_engines(rendered, regional):
    from pypdf import PdfReader
    from scoring.peers import group_figures

    data = rendered[0]
    current = data.current()
    members = set(current.loc[(current["region"] == "76") & (current["status"] == "submitted"), "establishment"])
    cells, _ = group_figures(data.result, members, campaign_id=data.campaign.id)
    text = plain("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(regional.pdf)).pages))
    profile = section(text, "Profil régional et profil national", "Répartition des états").replace("- ", "-")
    degrees = {d.id: d.label.fr for d in data.questionnaire.matrix.degrees}
    care = cells[(cells["level"] == "care") & (cells["peer_status"] == "exact")]
    assert len(care) == len(degrees)
    for r in care.itertuples(index=False):
        assert plain(f"Soins / accompagnement {degrees[r.degree]} {fmt_percent(r.share, 'fr', 0)}") in profile
    assert f"Auto-évaluations envoyées {len(members)}" in text


def test_regional_pages_render_for_reading_on_paper(regional, artifacts_dir, tmp_path):
    source = tmp_path / "regional.pdf"
    source.write_bytes(regional.pdf)
    for old in artifacts_dir.glob("report-regional-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "80", "-png", str(source), str(artifacts_dir / "report-regional")], check=True)
    assert len(sorted(artifacts_dir.glob("report-regional-*.png"))) >= 6
