"""``continuum score --campaign ID [-o FILE]`` on the seeded demo database."""

from __future__ import annotations

import pandas as pd
import pytest

from continuum.cli import main
from continuum.settings import get_settings


@pytest.fixture(autouse=True)
def _demo_settings(demo_db_url, monkeypatch):
    monkeypatch.setenv("CONTINUUM_DATABASE_URL", demo_db_url)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_score_writes_every_table_to_xlsx(tmp_path, capsys):
    out = tmp_path / "scores.xlsx"
    assert main(["score", "--campaign", "demo-national-w1", "-o", str(out)]) == 0
    assert "montreal-matrix" in capsys.readouterr().out
    sheets = pd.read_excel(out, sheet_name=None)
    assert {"cells", "levels", "overall", "next_steps", "initiatives"} <= {s.split("-")[-1] for s in sheets}
    cells = next(frame for name, frame in sheets.items() if name.endswith("cells"))
    assert {"establishment", "level", "degree", "state", "n_in_place", "n_applicable"} <= set(cells.columns)


def test_score_writes_the_cell_states_as_csv(tmp_path):
    out = tmp_path / "cells.csv"
    assert main(["score", "--campaign", "demo-national-w1", "-o", str(out)]) == 0
    cells = pd.read_csv(out)
    assert set(cells["state"]) >= {"absent", "present"}


def test_an_unknown_campaign_or_suffix_is_an_error_table(tmp_path, capsys):
    assert main(["score", "--campaign", "nope"]) == 1
    assert "campaign-unknown" in capsys.readouterr().err
    assert main(["score", "--campaign", "demo-national-w1", "-o", str(tmp_path / "x.pdf")]) == 1
    assert "score-output-suffix" in capsys.readouterr().err


@pytest.mark.parametrize("lang, says, fix", [("fr", "n'a pas les tables de Continuum", "continuum db upgrade"),
                                             ("en", "has no Continuum tables", "continuum db upgrade")])
def test_a_database_never_migrated_is_told_to_run_db_upgrade_not_reported_as_a_bug(db_url, monkeypatch, capsys,
                                                                                   tmp_path, lang, says, fix):
    """An empty SQLite file or PostgreSQL schema answers, but has no tables: the user is told how to create them."""
    monkeypatch.setenv("CONTINUUM_DATABASE_URL", db_url)
    monkeypatch.setenv("CONTINUUM_DEFAULT_LANGUAGE", lang)
    get_settings.cache_clear()
    try:
        code = main(["score", "--campaign", "demo-national-w2", "-o", str(tmp_path / "out.xlsx")])
    finally:
        get_settings.cache_clear()
    err = capsys.readouterr().err
    assert code == 1
    assert "database-unavailable" in err and says in err and fix in err
    assert "internal" not in err and "bug" not in err and "Traceback" not in err
    assert not (tmp_path / "out.xlsx").exists()
