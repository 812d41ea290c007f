"""The coordinator's filters, side by side and follow-up: what the pages show equals the engine's figures for the
filtered set, computed here by hand from the engine's frames."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from res_support import MATRIX, OPEN, app_for, coordinator, frame_with, national, texts

from continuum.reference import REGIONS
from scoring.messages import state_label
from storage.engine import make_engine
from storage.scope import Scope
from views.results.compute import score_campaign

REGION = "53"


def metric(at, label: str) -> str:
    return next(str(m.value) for m in at.metric if m.label == label)


@pytest.fixture
def national_page(demo_db_url, monkeypatch):
    at = app_for(demo_db_url, monkeypatch, national(), "coordinator_comparison")
    scored = score_campaign(make_engine(demo_db_url), Scope.national(), OPEN, MATRIX)
    r = scored.result.responses
    return at, scored, r[r["questionnaire_id"] == MATRIX]


def _most_common(values) -> str:
    return Counter(values).most_common(1)[0][0]


def _assert_figures_of(at, scored, expected) -> None:
    """Counts, the table, the not-applicable rates and the distribution equal the engine's for ``expected``."""
    submitted = expected[expected["status"] == "submitted"]
    assert metric(at, "Établissements dans la sélection") == str(expected["establishment"].nunique())
    assert metric(at, "Auto-évaluations envoyées") == str(len(submitted))
    table = frame_with(at, "Établissement")
    assert len(table) == len(expected)
    assert Counter(table["Vague"]) == Counter(expected["wave"])
    assert Counter(table["Région"]) == Counter(expected["region"].map(REGIONS))
    lp = scored.result.level_profile
    lp = lp[lp["response_id"].astype(str).isin(set(expected["response_id"].astype(str))).to_numpy()]
    na = frame_with(at, "Taux de « non applicable »").set_index("Niveau")
    for level in scored.questionnaire.matrix.levels:
        part = lp[lp["level"].astype(str) == level.id]
        total = int(part["n_not_applicable"].sum()) + int(part["n_applicable"].sum())
        assert int(na.loc[level.label.get("fr"), "Pratiques concernées"]) == total
    n = len(submitted)
    if n >= 10:
        per_cell = frame_with(at, "Établissements").groupby(["Niveau", "Forme d'engagement"])["Établissements"].sum()
        assert set(per_cell) == {n}
    elif n >= 5:
        assert any(f"{n} auto-évaluations envoyées" in x for x in texts(at, "caption"))
    elif n:
        assert any(f"Pas assez d'auto-évaluations envoyées ({n})" in x for x in texts(at, "warning"))


@pytest.mark.parametrize("name", ["region", "category", "legal_status", "sector"])
def test_a_filter_keeps_the_establishments_it_names(national_page, name):
    at, scored, responses = national_page
    wave2 = responses[responses["wave"] == 2]
    value = _most_common(wave2[name])
    at.multiselect(key=f"coord_filter_{name}").set_value([value]).run()
    assert not at.exception, at.exception
    _assert_figures_of(at, scored, wave2[wave2[name] == value])


def test_the_ght_filter_keeps_the_members_of_the_ght(national_page):
    at, scored, responses = national_page
    wave2 = responses[responses["wave"] == 2]
    ght = _most_common(g for gs in wave2["groupings"] for g in str(gs).split("|") if g.startswith("GHT"))
    at.multiselect(key="coord_filter_ght").set_value([ght]).run()
    _assert_figures_of(at, scored, wave2[wave2["groupings"].map(lambda gs: ght in str(gs).split("|"))])


def test_the_wave_filter_shows_the_earlier_wave(national_page):
    at, scored, responses = national_page
    at.multiselect(key="coord_filter_wave").set_value([1]).run()
    _assert_figures_of(at, scored, responses[responses["wave"] == 1])
    at.multiselect(key="coord_filter_wave").set_value([1, 2]).run()
    _assert_figures_of(at, scored, responses)


def test_filters_combine(national_page):
    at, scored, responses = national_page
    wave2 = responses[responses["wave"] == 2]
    sector = _most_common(wave2["sector"])
    status = _most_common(wave2.loc[wave2["sector"] == sector, "legal_status"])
    at.multiselect(key="coord_filter_sector").set_value([sector]).run()
    at.multiselect(key="coord_filter_legal_status").set_value([status]).run()
    _assert_figures_of(at, scored, wave2[(wave2["sector"] == sector) & (wave2["legal_status"] == status)])


def _headlines(spec: dict) -> Counter:
    """Each cell's headline: its bold lines (wrapped to fit the cell), joined again."""
    def headline(text: str) -> str:
        bold = [p[3:-4] for p in text.split("<br>") if p.startswith("<b>")]
        return " ".join(bold or [text.split("<br>")[0]])
    return Counter(headline(a["text"]) for a in spec["layout"].get("annotations", []) if a.get("xref") != "paper")


def test_side_by_side_shows_the_chosen_establishments_profiles(demo_db_url, monkeypatch):
    at = app_for(demo_db_url, monkeypatch, coordinator(REGION), "coordinator_comparison")
    scored = score_campaign(make_engine(demo_db_url), Scope.region({REGION}), OPEN, MATRIX)
    r = scored.result.responses
    chosen = r.loc[r["wave"] == 2, "response_id"].astype(str).tolist()[:2]
    at.multiselect(key="coord_side").set_value(chosen).run()
    assert not at.exception, at.exception
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart") if "side_" in c.proto.id]
    assert len(charts) == 2
    table = frame_with(at, "Établissement")
    cs = scored.result.cell_states
    for rid, spec in zip(chosen, charts):
        display = table["Établissement"].iloc[r.loc[r["wave"] == 2, "response_id"].astype(str).tolist().index(rid)]
        assert spec["layout"]["title"]["text"].startswith(display)
        cells = cs[cs["response_id"].astype(str) == rid]
        optional = cells[(cells["state"].astype(str) == "not_applicable") & cells["optional"].astype(bool)]
        expected = Counter(state_label(str(s)) for s in cells.drop(optional.index)["state"])
        expected["niveau facultatif non retenu"] += optional["level"].nunique()  # one wide cell per level
        assert _headlines(spec) == +expected, rid
    assert any("restent essentielles" in x for x in texts(at, "caption"))


def test_follow_up_counts_nest_and_say_what_they_count(demo_db_url, monkeypatch):
    at = app_for(demo_db_url, monkeypatch, coordinator(REGION), "coordinator_followup")
    scored = score_campaign(make_engine(demo_db_url), Scope.region({REGION}), OPEN, MATRIX)
    r = scored.result.responses
    mine = r[r["campaign_id"] == OPEN]
    table = frame_with(at, "Dernière activité")
    followed, started, submitted = (int(metric(at, k)) for k in ("Établissements suivis", "Commencées", "Envoyées"))
    assert followed == len(table) >= started == mine["establishment"].nunique() >= submitted
    assert submitted == int((mine["status"] == "submitted").sum())
    assert int(metric(at, "Invités par code")) == int((table["Invité par code"] == "Oui").sum())
    assert all(m.help for m in at.metric), "each count says what it counts"
    assert any("Suivis ≥ commencées ≥ envoyées" in x for x in texts(at, "caption"))
