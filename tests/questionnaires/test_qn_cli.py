"""`continuum validate` and `continuum questionnaire publish`, as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from continuum.cli import main
from continuum.paths import QUESTIONNAIRE_DIR
from qn_helpers import compose

MINIMAL = QUESTIONNAIRE_DIR / "examples" / "minimal.yaml"
BROKEN = """\
$HEADER
$SCALES
sections:
  - id: care
    title: {fr: Soins, en: Care}
    items:
      - {id: leaflet, kind: practice, cells: [{level: care, degree: informaton}], text: {fr: Livret, en: Booklet}}
"""


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_lists_every_cell_of_the_declared_matrix(capsys):
    code, out, _ = run(capsys, "validate", str(MINIMAL), "--json")
    assert code == 0
    [report] = json.loads(out)
    assert (report["id"], report["version"], report["items"]) == ("minimal-example", "1.0", 2)
    # minimal.yaml: 2 levels x 2 degrees; one practice in care x information, one in care x consultation.
    assert report["cells"] == [
        {"level": "care", "degree": "information", "items": 1},
        {"level": "care", "degree": "consultation", "items": 1},
        {"level": "research", "degree": "information", "items": 0},
        {"level": "research", "degree": "consultation", "items": 0},
    ]
    assert report["errors"] == []
    assert {w["code"] for w in report["warnings"]} == {"empty-cell"}
    assert set(report["warnings"][0]) == {"code", "location", "message", "fix"}


def test_errors_exit_non_zero_with_a_table_on_stderr(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text(compose(BROKEN), encoding="utf-8")
    code, out, err = run(capsys, "validate", str(MINIMAL), str(bad))
    assert code == 1
    assert out.splitlines()[0].startswith("ok ") and out.splitlines()[1].startswith("FAIL ")
    assert "unknown-degree" in err and f"{bad}:" in err and "Did you mean 'information'?" in err


def test_json_reports_errors_of_a_broken_file(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text(compose(BROKEN), encoding="utf-8")
    code, out, _ = run(capsys, "validate", str(bad), "--json")
    assert code == 1
    [report] = json.loads(out)
    assert report["id"] is None and report["cells"] == []
    assert [e["code"] for e in report["errors"]] == ["unknown-degree"]


def test_a_folder_validates_each_questionnaire_file(capsys):
    code, out, _ = run(capsys, "validate", str(QUESTIONNAIRE_DIR / "examples"), "--json")
    assert code == 0
    assert [r["id"] for r in json.loads(out)] == ["minimal-example"]


@pytest.mark.parametrize("name, content", [
    ("empty.yaml", b""),
    ("binary.yaml", b"\x00\x01\x02\xff\xfe"),
    ("list.yaml", b"- a\n- b\n"),
    ("syntax.yaml", b"id: [unclosed\n"),
])
def test_no_traceback_on_files_that_are_not_questionnaires(tmp_path, name, content):
    """Through the installed console script, as a user would run it."""
    path = tmp_path / name
    path.write_bytes(content)
    script = Path(sys.executable).parent / "continuum"
    command = [str(script)] if script.exists() else [sys.executable, "-c", "import sys; from continuum.cli import main; sys.exit(main())"]
    done = subprocess.run([*command, "validate", str(path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    assert "not-a-mapping" in done.stderr or "yaml-syntax" in done.stderr


def test_a_missing_path_is_an_error_not_a_crash(tmp_path, capsys):
    code, _, err = run(capsys, "validate", str(tmp_path / "absent.yaml"))
    assert code == 1 and "unreadable-file" in err


def test_publish_stores_once_and_refuses_changed_content(tmp_path, capsys, monkeypatch):
    from continuum.settings import get_settings

    monkeypatch.setenv("CONTINUUM_DATABASE_URL", f"sqlite:///{tmp_path / 'publish.db'}")
    get_settings.cache_clear()
    try:
        code, out, _ = run(capsys, "questionnaire", "publish", str(MINIMAL))
        assert code == 0 and out.startswith("published: minimal-example 1.0")
        code, out, _ = run(capsys, "questionnaire", "publish", str(MINIMAL))
        assert code == 0 and out.startswith("already published (same content)")
        changed = tmp_path / "minimal.yaml"
        changed.write_text(MINIMAL.read_text(encoding="utf-8").replace("Exemple minimal", "Exemple"), encoding="utf-8")
        code, _, err = run(capsys, "questionnaire", "publish", str(changed))
        assert code == 1 and "published-version-changed" in err
    finally:
        get_settings.cache_clear()


def test_publish_refuses_an_invalid_file(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text(compose(BROKEN), encoding="utf-8")
    code, _, err = run(capsys, "questionnaire", "publish", str(bad))
    assert code == 1 and "unknown-degree" in err


def test_publish_to_a_database_that_does_not_answer_says_so(capsys, monkeypatch):
    """A wrong URL or a stopped server is a setting to check, never reported as a bug with a traceback."""
    from continuum.settings import get_settings

    monkeypatch.setenv("CONTINUUM_DATABASE_URL", "postgresql+psycopg://continuum:pa55w0rd@127.0.0.1:1/continuum")
    get_settings.cache_clear()
    try:
        code, _, err = run(capsys, "questionnaire", "publish", str(MINIMAL))
    finally:
        get_settings.cache_clear()
    assert code == 1
    assert "database-unavailable" in err and "CONTINUUM_DATABASE_URL" in err
    assert "pa55w0rd" not in err, "the password never appears in an error"
    assert "bug" not in err and "Traceback" not in err
