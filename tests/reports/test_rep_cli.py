"""``continuum report``: usage and domain errors as a table on stderr, before any browser starts; ``--all``."""

from __future__ import annotations

import shutil

import pytest

from continuum.cli import main
from fixtures.tools import chromium_path, require_tool
from storage.demo.writer import seed_demo
from storage.engine import make_engine, read_session
from storage.frames import load_frames
from storage.migrate import upgrade
from storage.scope import Scope


@pytest.fixture
def demo_env(demo_db_url, monkeypatch):
    monkeypatch.setenv("CONTINUUM_DATABASE_URL", demo_db_url)


def test_one_of_establishment_or_all_is_required(demo_env, tmp_path, capsys):
    assert main(["report", "--campaign", "demo-national-w2", "-o", str(tmp_path / "r.pdf")]) == 2
    assert "--establishment FINESS or --all" in capsys.readouterr().err


def test_all_writes_into_a_folder(demo_env, tmp_path, capsys):
    assert main(["report", "--campaign", "demo-national-w2", "--all", "-o", str(tmp_path / "r.pdf")]) == 2
    assert "folder" in capsys.readouterr().err


def test_unknown_establishment_is_a_table_not_a_traceback(demo_env, tmp_path, capsys):
    assert main(["report", "--campaign", "demo-national-w2", "--establishment", "999999999",
                 "-o", str(tmp_path / "r.pdf")]) == 1
    err = capsys.readouterr().err
    assert "report-no-response" in err and "Traceback" not in err
    assert not (tmp_path / "r.pdf").exists()


def test_unknown_campaign_names_the_known_ones(demo_env, tmp_path, capsys):
    assert main(["report", "--campaign", "nope", "--establishment", "221000144", "-o", str(tmp_path / "r.pdf")]) == 1
    assert "campaign-unknown" in capsys.readouterr().err


@pytest.mark.reports
def test_all_writes_every_report_of_a_campaign_and_tells_its_progress(tmp_path, monkeypatch, capsys):
    """On a small demo: one PDF per establishment that answered, one per region, and a line per report in a log."""
    require_tool(chromium_path() is not None, "Chromium (kaleido's browser)")
    require_tool(shutil.which("pdftoppm") is not None, "pdftoppm (poppler-utils)")
    url = f"sqlite:///{tmp_path / 'small.db'}"
    engine = make_engine(url)
    upgrade(engine)
    seed_demo(engine, establishments=3, waves=1, seed=7)
    with read_session(engine) as session:
        responses, _ = load_frames(session, Scope.national(), "demo-national-w1", questionnaire_id="montreal-matrix")
    engine.dispose()
    monkeypatch.setenv("CONTINUUM_DATABASE_URL", url)
    out = tmp_path / "reports"
    assert main(["report", "--campaign", "demo-national-w1", "--all", "-o", str(out)]) == 0
    captured = capsys.readouterr()
    expected = {f"{f}.pdf" for f in responses["establishment"]} | {f"regional-{r}.pdf" for r in responses["region"]}
    assert {p.name for p in out.iterdir()} == expected
    assert captured.out.splitlines()[-1] == f"reports: {len(expected)}"
    total = len(expected)
    assert [line.split("]")[0] for line in captured.err.splitlines()] == [f"[{k}/{total}" for k in range(1, total + 1)]
    assert all(p.read_bytes().startswith(b"%PDF-") for p in out.iterdir())


@pytest.mark.reports
def test_an_html_output_is_the_downloadable_self_contained_version(demo_env, tmp_path, capsys):
    require_tool(chromium_path() is not None, "Chromium (kaleido's browser)")
    target = tmp_path / "r.html"
    assert main(["report", "--campaign", "demo-national-w2", "--establishment", "2A1000013", "-o", str(target)]) == 0
    html = target.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and '<html lang="fr">' in html
    assert html.count('<img src="data:image/png;base64,') >= 2  # charts inline: it reads offline
    assert "Rapport de retour individuel" in html and "CHU de Ajaccio" in html
    assert capsys.readouterr().out.strip() == f"report: {target}"
