"""Coordinator pages on the demo data: follow-up, comparison, peer groups and sensitivity equal the engine's figures."""

from __future__ import annotations

from res_support import MATRIX, OPEN, app_for, coordinator, frame_with, team, texts

from storage.engine import make_engine, read_session
from storage.scope import Scope
from views.results.comparison import Filters, comparison_data, display_code
from views.results.compute import score_campaign
from storage.directory import peer_groups, sites_frame

REGION = "53"


def metric(at, label: str) -> str:
    return next(str(m.value) for m in at.metric if m.label == label)


def test_follow_up_counts_equal_the_engine(demo_db_url, monkeypatch):
    at = app_for(demo_db_url, monkeypatch, coordinator(REGION), "coordinator_followup")
    scored = score_campaign(make_engine(demo_db_url), Scope.region({REGION}), OPEN, MATRIX)
    r = scored.result.responses
    mine = r[r["campaign_id"] == OPEN]
    assert metric(at, "Commencées") == str(len(mine))
    assert metric(at, "Envoyées") == str(int((mine["status"] == "submitted").sum()))
    table = frame_with(at, "Dernière activité")
    assert set(mine["establishment"]) <= set(table["FINESS"])


def test_comparison_names_only_establishments_that_consented(demo_db_url, monkeypatch):
    at = app_for(demo_db_url, monkeypatch, coordinator(REGION), "coordinator_comparison")
    engine = make_engine(demo_db_url)
    scope = Scope.region({REGION})
    data = comparison_data(engine, scope, OPEN, Filters(wave=(2,)), "fr", MATRIX)
    table = frame_with(at, "Établissement")
    assert len(table) == len(data.responses) == int((data.scored.result.responses["wave"] == 2).sum())
    with read_session(engine) as session:
        sites = sites_frame(session, scope).set_index("finess")
    expected = [sites.at[site, "name"] if sites.at[site, "named"] else display_code(site)
                for site in data.responses["establishment"]]
    assert list(table["Établissement"]) == expected
    assert any(not sites.at[site, "named"] for site in data.responses["establishment"]), "the demo has coded rows"
    assert not any("Couverture" in c for c in table.columns), "coverage is never compared between establishments"


def test_distribution_counts_are_submitted_responses_only(demo_db_url, monkeypatch):
    at = app_for(demo_db_url, monkeypatch, coordinator(REGION), "coordinator_comparison")
    table = frame_with(at, "Établissements")
    submitted = int((frame_with(at, "Établissement")["Réponse"] == "envoyée").sum())
    per_cell = table.groupby(["Niveau", "Forme d'engagement"])["Établissements"].sum()
    assert set(per_cell) == {submitted}
    assert any("volontaire" in x for x in texts(at, "caption"))


def test_saved_peer_groups_refuse_near_duplicates(demo_db_url, monkeypatch):
    at = app_for(demo_db_url, monkeypatch, coordinator(REGION), "coordinator_groups")
    with read_session(make_engine(demo_db_url)) as session:
        members = sorted(sites_frame(session, Scope.region({REGION}))["finess"])[:6]
    at.text_input(key="group_name").input("Six établissements bretons")
    at.multiselect(key="group_members").set_value(members)
    at.get("form_submit_button")[0].click().run()
    assert any("enregistré" in x for x in texts(at, "success"))
    at.text_input(key="group_name").input("Presque pareil")
    at.multiselect(key="group_members").set_value(members[:5])
    at.get("form_submit_button")[0].click().run()
    assert texts(at, "error"), "a group differing by one establishment is refused"
    with read_session(make_engine(demo_db_url)) as session:
        assert list(peer_groups(session, Scope.region({REGION}))) == ["Six établissements bretons"]


def test_sensitivity_equals_the_engine(demo_db_url, monkeypatch):
    at = app_for(demo_db_url, monkeypatch, coordinator(REGION), "coordinator_groups")
    scored = score_campaign(make_engine(demo_db_url), Scope.region({REGION}), OPEN, MATRIX)
    expected = scored.result.sensitivity()
    expected = expected[expected["campaign_id"] == OPEN]
    shown = frame_with(at, "Cellules qui changent")
    assert list(shown["Cellules qui changent"]) == list(expected["n_cells_changed"])


def test_an_establishment_cannot_open_coordinator_pages(demo_db_url, monkeypatch):
    at = app_for(demo_db_url, monkeypatch, team("221000144"), "coordinator_comparison")
    assert texts(at, "warning") and not at.dataframe
