"""A folder of questionnaires: a bad file never stops the app; it is listed with its errors."""

from __future__ import annotations

from continuum.paths import QUESTIONNAIRE_DIR
from qn_helpers import compose
from questionnaires.loader import load_directory

MINIMAL = (QUESTIONNAIRE_DIR / "examples" / "minimal.yaml").read_text(encoding="utf-8")


def test_good_files_are_served_and_bad_ones_listed(tmp_path):
    (tmp_path / "a-minimal.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "b-broken.yaml").write_text("- not\n- a mapping\n", encoding="utf-8")
    (tmp_path / "c-empty.yml").write_bytes(b"")
    (tmp_path / "notes.txt").write_text("not a questionnaire", encoding="utf-8")
    loaded, failed = load_directory(tmp_path)
    assert [q.id for q in loaded] == ["minimal-example"]
    assert [(r.source, [p.code for p in r.errors]) for r in failed] == [
        ("b-broken.yaml", ["not-a-mapping"]),
        ("c-empty.yml", ["not-a-mapping"]),
    ]


def test_the_same_version_in_two_files_is_listed_as_failed(tmp_path):
    (tmp_path / "a.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(MINIMAL, encoding="utf-8")
    loaded, failed = load_directory(tmp_path)
    assert [q.id for q in loaded] == ["minimal-example"]
    [result] = failed
    assert [(p.code, p.location) for p in result.errors] == [("duplicate-questionnaire", "b.yaml:1 id")]
    assert "a.yaml" in result.errors[0].message


def test_two_versions_of_one_questionnaire_are_both_served(tmp_path):
    (tmp_path / "v1.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "v2.yaml").write_text(MINIMAL.replace('version: "1.0"', 'version: "1.1"'), encoding="utf-8")
    loaded, failed = load_directory(tmp_path)
    assert [(q.id, q.version) for q in loaded] == [("minimal-example", "1.0"), ("minimal-example", "1.1")]
    assert failed == []


def test_the_shipped_folder_serves_every_questionnaire():
    loaded, failed = load_directory(QUESTIONNAIRE_DIR)
    assert failed == [], [str(p) for r in failed for p in r.errors]
    assert len(loaded) == len([p for p in QUESTIONNAIRE_DIR.glob("*.yaml") if p.name != "glossary.yaml"])


def test_compose_helper_expands_blocks():
    assert compose("$HEADER").startswith("id: test")
