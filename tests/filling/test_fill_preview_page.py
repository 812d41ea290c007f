"""The preview page: a broken YAML gives its errors with lines; a valid one renders the form, live."""

import textwrap
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
MINIMAL = (ROOT / "questionnaires" / "examples" / "minimal.yaml").read_text(encoding="utf-8")


@pytest.fixture
def preview(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("CONTINUUM_DATABASE_URL", f"sqlite:///{tmp_path / 'app.db'}")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("views/pages/preview.py").run()
    return at


def test_broken_yaml_lists_errors_with_their_line(preview):
    broken = textwrap.dedent("""\
        id: broken
        version: "1.0"
        title: {fr: Cassé}
        matrix:
          degrees: [{id: information, label: {fr: Information}}]
          levels: [{id: care, label: {fr: Soins}}]
        sections:
          - id: s
            title: {fr: S}
            items:
              - {id: a, kind: practice, cells: [{level: care, degree: informaton}], text: {fr: A}}
        """)
    preview.text_area(key="preview_paste").input(broken).run()
    assert not preview.exception
    assert "refusé" in preview.error[0].value
    table = preview.dataframe[0].value
    locations = " ".join(table.iloc[:, 0])
    assert ":11" in locations  # the line of the unknown degree
    assert "informaton" in " ".join(table.iloc[:, 2]) + " ".join(table.iloc[:, 3])
    assert "'informaton' n'est pas un degré déclaré" in list(table.iloc[:, 2])  # worded for a French author


def test_valid_yaml_renders_the_form_and_applies_conditions_live(preview):
    preview.text_area(key="preview_paste").input(MINIMAL).run()
    assert not preview.exception
    assert "minimal-example" in preview.success[0].value
    prefix = "preview:minimal-example:health:False"
    labels = [r.label for r in preview.radio if r.key and r.key.startswith(prefix + ":")]
    assert any("livret d'accueil" in label for label in labels)
    assert not any("important pour vous" in label for label in labels)  # hidden by its condition
    preview.radio(key=f"{prefix}:care.info.leaflet:main").set_value("in_place").run()
    labels = [r.label for r in preview.radio if r.key and r.key.startswith(prefix + ":")]
    assert any("important pour vous" in label for label in labels)
    assert any("Étendue" in label for label in labels)  # extent asked once in place


def test_medico_social_variant_uses_its_own_words(preview):
    preview.text_area(key="preview_paste").input(MINIMAL).run()
    labels = [r.label for r in preview.radio if r.key and r.key.startswith("preview:minimal-example:medico_social")]
    assert any("chaque résident" in label for label in labels)
