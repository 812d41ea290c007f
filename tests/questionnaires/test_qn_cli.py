"""`continuum validate` and `continuum questionnaire publish`, as a user runs them."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from continuum.cli import main
from continuum.i18n import t
from continuum.paths import QUESTIONNAIRE_DIR
from qn_helpers import compose
from questionnaires.errors import CATALOGUE
from questionnaires.loader import validate_questionnaire

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
    code, out, err = run(capsys, "validate", str(MINIMAL), str(bad), "--lang", "en")
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
        code, out, _ = run(capsys, "questionnaire", "publish", str(MINIMAL), "--lang", "en")
        assert code == 0 and out.startswith("published: minimal-example 1.0")
        code, out, _ = run(capsys, "questionnaire", "publish", str(MINIMAL), "--lang", "en")
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


# --- languages: French by default (the CONTINUUM_DEFAULT_LANGUAGE setting), English on request --------------

@pytest.fixture
def default_language(monkeypatch):
    """Set CONTINUUM_DEFAULT_LANGUAGE for one test (the settings are cached)."""
    from continuum.settings import get_settings

    def set_to(lang: str) -> None:
        monkeypatch.setenv("CONTINUUM_DEFAULT_LANGUAGE", lang)
        get_settings.cache_clear()

    yield set_to
    get_settings.cache_clear()


def _broken(tmp_path) -> Path:
    bad = tmp_path / "bad.yaml"
    bad.write_text(compose(BROKEN), encoding="utf-8")
    return bad


def test_validate_speaks_french_by_default(tmp_path, capsys):
    bad = _broken(tmp_path)
    code, out, err = run(capsys, "validate", str(MINIMAL), str(bad))
    assert code == 1
    assert out.splitlines()[0].startswith("ok ") and out.splitlines()[1].startswith("ÉCHEC ")
    result = validate_questionnaire(bad)
    assert f"{len(result.errors)} erreur(s), {len(result.warnings)} avertissement(s)" in out.splitlines()[1]
    header = err.splitlines()[0].split()
    assert header == [t(f"cli.table.{c}", "fr") for c in ("severity", "code", "location", "message", "fix")]
    assert header[0] == "gravité"
    [row] = [line for line in err.splitlines() if "unknown-degree" in line]
    assert row.startswith("erreur ") and f"{bad}:" in row
    assert "n'est pas un degré déclaré" in row and "Vouliez-vous dire 'information' ?" in row
    assert "Did you mean" not in err and "is not a declared" not in err


def test_lang_en_gives_english_and_lang_fr_french(tmp_path, capsys):
    bad = _broken(tmp_path)
    _, _, english = run(capsys, "validate", str(bad), "--lang", "en")
    _, _, french = run(capsys, "validate", str(bad), "--lang", "fr")
    assert "'informaton' is not a declared degree" in english and "Did you mean 'information'?" in english
    assert english.splitlines()[0].split()[0] == "severity" and french.splitlines()[0].split()[0] == "gravité"
    assert "'informaton' n'est pas un degré déclaré" in french


def test_the_default_language_is_the_setting(tmp_path, capsys, default_language):
    default_language("en")
    _, out, err = run(capsys, "validate", str(_broken(tmp_path)))
    assert out.startswith("FAIL ") and "Did you mean 'information'?" in err
    default_language("fr")
    _, out, err = run(capsys, "validate", str(_broken(tmp_path)))
    assert out.startswith("ÉCHEC ") and "Vouliez-vous dire 'information' ?" in err


def test_json_keys_and_codes_do_not_depend_on_the_language(tmp_path, capsys):
    """Scripts read --json: only the message and fix texts change with --lang."""
    bad = _broken(tmp_path)
    reports = {}
    for lang in ("fr", "en"):
        code, out, _ = run(capsys, "validate", str(MINIMAL), str(bad), "--json", "--lang", lang)
        assert code == 1
        reports[lang] = json.loads(out)

    def shape(report):
        return [{k: ([(p["code"], p["location"], sorted(p)) for p in v] if k in ("errors", "warnings") else v)
                 for k, v in r.items()} for r in report]

    assert shape(reports["fr"]) == shape(reports["en"])
    assert [e["code"] for e in reports["fr"][1]["errors"]] == ["unknown-degree"]
    assert reports["fr"][1]["errors"][0]["message"] == "'informaton' n'est pas un degré déclaré"
    assert reports["en"][1]["errors"][0]["message"] == "'informaton' is not a declared degree"


def test_publish_speaks_french_by_default(tmp_path, capsys, monkeypatch):
    from continuum.settings import get_settings

    monkeypatch.setenv("CONTINUUM_DATABASE_URL", f"sqlite:///{tmp_path / 'publish.db'}")
    get_settings.cache_clear()
    try:
        code, out, _ = run(capsys, "questionnaire", "publish", str(MINIMAL))
        assert code == 0 and out.startswith("publié : minimal-example 1.0 sha256:")
        code, out, _ = run(capsys, "questionnaire", "publish", str(MINIMAL))
        assert code == 0 and out.startswith("déjà publié (contenu identique) : minimal-example 1.0")
        changed = tmp_path / "minimal.yaml"
        changed.write_text(MINIMAL.read_text(encoding="utf-8").replace("Exemple minimal", "Exemple"), encoding="utf-8")
        code, _, err = run(capsys, "questionnaire", "publish", str(changed))
        assert code == 1 and "published-version-changed" in err
        assert t("cli.publish.changed", "fr", id="minimal-example", version="1.0") in err
        assert t("cli.publish.changed_fix", "fr") in err and "already published" not in err
        code, _, err = run(capsys, "questionnaire", "publish", str(changed), "--lang", "en")
        assert code == 1 and "version 1.0 of 'minimal-example' is already published with different content" in err
    finally:
        get_settings.cache_clear()


def test_publish_words_the_problems_of_an_invalid_file_in_the_chosen_language(tmp_path, capsys):
    bad = _broken(tmp_path)
    code, _, french = run(capsys, "questionnaire", "publish", str(bad))
    assert code == 1 and "unknown-degree" in french and "n'est pas un degré déclaré" in french
    code, _, english = run(capsys, "questionnaire", "publish", str(bad), "--lang", "en")
    assert code == 1 and "unknown-degree" in english and "is not a declared degree" in english


@pytest.mark.parametrize("lang, says", [("fr", "la base de données ne répond pas"),
                                        ("en", "the database does not answer")])
def test_publish_to_a_database_that_does_not_answer_says_so_in_the_chosen_language(capsys, monkeypatch, lang, says):
    from continuum.settings import get_settings

    monkeypatch.setenv("CONTINUUM_DATABASE_URL", "postgresql+psycopg://continuum:pa55w0rd@127.0.0.1:1/continuum")
    get_settings.cache_clear()
    try:
        code, _, err = run(capsys, "questionnaire", "publish", str(MINIMAL), "--lang", lang)
    finally:
        get_settings.cache_clear()
    assert code == 1
    assert "database-unavailable" in err and says in err and "CONTINUUM_DATABASE_URL" in err
    assert "pa55w0rd" not in err and "Traceback" not in err


# --- paths that hold no questionnaire ---------------------------------------------------------------------

def _table_rows(err: str) -> list[list[str]]:
    """The rows of the problem table, split on its column gaps (two spaces or more)."""
    return [re.split(r"\s{2,}", line.strip()) for line in err.splitlines()[2:] if line.strip()]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_folder_without_questionnaire_is_a_problem_in_the_table(tmp_path, capsys, lang):
    folder = tmp_path / "drafts"
    folder.mkdir()
    (folder / "notes.txt").write_text("not a questionnaire", encoding="utf-8")
    (folder / "glossary.yaml").write_text("entries: []\n", encoding="utf-8")  # the glossary is not a questionnaire
    code, out, err = run(capsys, "validate", str(folder), "--lang", lang)
    assert code == 1
    assert out == t("cli.validate.fail", lang, path=folder, errors=1, warnings=0) + "\n"
    message, fix = CATALOGUE["no-questionnaire-file"].templates(lang)
    assert _table_rows(err) == [[t("cli.severity.error", lang), "no-questionnaire-file", str(folder),
                                 message.format(path=folder), fix]]
    assert "Error:" not in err and "Traceback" not in err


def test_a_folder_without_questionnaire_fails_beside_a_valid_file(tmp_path, capsys):
    """A wrong folder is never a silent success, even when another path is fine."""
    code, out, err = run(capsys, "validate", str(MINIMAL), str(tmp_path), "--lang", "en")
    assert code == 1
    assert [line.split()[0] for line in out.splitlines()] == ["ok", "FAIL"]
    assert "no-questionnaire-file" in err


def test_json_reports_a_folder_without_questionnaire(tmp_path, capsys):
    code, out, _ = run(capsys, "validate", str(tmp_path), "--json")
    assert code == 1
    [report] = json.loads(out)
    assert (report["file"], report["id"], report["items"], report["cells"]) == (str(tmp_path), None, 0, [])
    assert [(e["code"], e["location"]) for e in report["errors"]] == [("no-questionnaire-file", str(tmp_path))]


@pytest.mark.parametrize("lang, reason", [("fr", "rien n'existe à cet emplacement"),
                                          ("en", "there is nothing at this path")])
def test_a_path_that_does_not_exist_is_a_problem_in_the_table(tmp_path, capsys, lang, reason):
    for absent in (tmp_path / "absent.yaml", tmp_path / "no-such-folder"):
        code, out, err = run(capsys, "validate", str(absent), "--lang", lang)
        assert code == 1
        assert out.startswith(t("cli.validate.fail", lang, path=absent, errors=1, warnings=0))
        [row] = _table_rows(err)
        assert row[:3] == [t("cli.severity.error", lang), "unreadable-file", f"{absent}:1"] and reason in row[3]
        assert "Traceback" not in err


def test_a_misspelt_file_name_gets_the_name_of_the_file_beside_it(capsys):
    misspelt = QUESTIONNAIRE_DIR / "montreal-matrx.yaml"
    code, _, err = run(capsys, "validate", str(misspelt), "--lang", "en")
    assert code == 1 and "unreadable-file" in err and "Did you mean 'montreal-matrix.yaml'?" in err
    _, _, err = run(capsys, "validate", str(misspelt), "--lang", "fr")
    assert "Vouliez-vous dire 'montreal-matrix.yaml' ?" in err
