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


def test_the_app_lists_a_bad_questionnaire_and_serves_the_others(tmp_path, monkeypatch, demo_db_url):
    """The catalogue page, run by Streamlit: the shipped questionnaires are served, the broken file is
    listed with its file:line errors, and nothing crashes."""
    import shutil

    from streamlit.testing.v1 import AppTest

    import views.data
    from continuum.paths import PROJECT_ROOT

    for path in QUESTIONNAIRE_DIR.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    (tmp_path / "zz-regional.yaml").write_text(compose("""
        $HEADER
        $SCALES
        sections:
          - id: care
            title: {fr: Soins, en: Care}
            items:
              - {id: leaflet, kind: pratice, text: {fr: A, en: A}}
        """), encoding="utf-8")
    monkeypatch.setattr(views.data, "QUESTIONNAIRE_DIR", tmp_path)  # a real folder of real files
    monkeypatch.chdir(PROJECT_ROOT)
    monkeypatch.setenv("CONTINUUM_DATABASE_URL", demo_db_url)
    app = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60)
    app.query_params["lang"] = "fr"
    app.run()
    app.switch_page("views/pages/questionnaires.py").run()
    assert not app.exception
    served, refused = app.dataframe[0].value, app.dataframe[1].value
    assert sorted(served.iloc[:, 0]) == ["enabling-environment", "initiative-inventory", "montreal-matrix",
                                         "patient-partner-integration"]
    assert any("zz-regional.yaml" in m.value for m in app.markdown)
    [location] = list(refused.iloc[:, 0])
    assert location.startswith("zz-regional.yaml:") and location.endswith("sections[0].items[0].kind")
    assert "Vouliez-vous dire 'practice'" in " ".join(refused.astype(str).iloc[0])
