"""``continuum report``: usage and domain errors as a table on stderr, before any browser starts."""

from __future__ import annotations

import pytest

from continuum.cli import main


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
