"""Coordinator pages on the demo data: follow-up, comparison, peer groups and sensitivity equal the engine's figures."""

from __future__ import annotations

from res_support import MATRIX, OPEN, app_for, coordinator, frame_with, national, team, texts

from scoring.messages import state_label

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


def _band(count: int, n: int) -> str:
    """The 20-point band of count / n, by hand: 0–20, 20–40, … 80–100 (100 % falls in the top band)."""
    low = min(100 * count // n // 20 * 20, 80)
    return f"{low}–{low + 20} %"


def test_distribution_counts_are_submitted_responses_only(demo_db_url, monkeypatch):
    """Submitted self-assessments of the wave only; from 5 to 9 of them, 20-point bands and no count at all."""
    at = app_for(demo_db_url, monkeypatch, coordinator(REGION), "coordinator_comparison")
    scored = score_campaign(make_engine(demo_db_url), Scope.region({REGION}), OPEN, MATRIX)
    cells, responses = _submitted_cells(scored, OPEN)
    n = len(responses)
    assert n == int((frame_with(at, "Établissement")["Réponse"] == "envoyée").sum())
    assert 5 <= n < 10, "the demo region has 5 to 9 submitted self-assessments: the banded case"
    assert any(f"{n} auto-évaluations envoyées" in x and "tranches de 20 points" in x for x in texts(at, "caption"))
    table = frame_with(at, "État")
    assert "Établissements" not in table.columns, "no count from 5 to 9: it would give the exact shares"
    levels = {lv.id: lv.label.get("fr") for lv in scored.questionnaire.matrix.levels}
    degrees = {d.id: d.label.get("fr") for d in scored.questionnaire.matrix.degrees}
    shown = table.set_index(["Niveau", "Forme d'engagement", "État"])["Part"]
    expected = {}
    for c in cells.itertuples(index=False):
        state = str(c.state)
        state = "niveau facultatif non retenu" if state == "not_applicable" and c.optional else state_label(state)
        key = (levels[str(c.level)], degrees[str(c.degree)], state)
        expected[key] = expected.get(key, 0) + 1
    assert {k: _band(v, n) for k, v in expected.items()} == shown.to_dict()
    assert any("volontaire" in x for x in texts(at, "caption"))


def test_distribution_from_ten_establishments_gives_counts_and_exact_shares(demo_db_url, monkeypatch):
    at = app_for(demo_db_url, monkeypatch, national(), "coordinator_comparison")
    scored = score_campaign(make_engine(demo_db_url), Scope.national(), OPEN, MATRIX)
    cells, responses = _submitted_cells(scored, OPEN)
    assert len(responses) >= 10
    table = frame_with(at, "Établissements")
    per_cell = table.groupby(["Niveau", "Forme d'engagement"])["Établissements"].sum()
    assert set(per_cell) == {len(responses)}
    optional = table[table["État"] == "niveau facultatif non retenu"]
    assert len(optional) and set(optional["Niveau"]) <= {"Enseignement / formation", "Recherche",
                                                         "Politique de santé / démocratie en santé"}


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


def _submitted_cells(scored, campaign: str):
    """The engine's cell states of the submitted responses of one wave (what group figures count)."""
    r = scored.result.responses
    ids = set(r.loc[(r["campaign_id"] == campaign) & (r["status"] == "submitted"), "response_id"].astype(str))
    cs = scored.result.cell_states
    return cs[cs["response_id"].astype(str).isin(ids)], r[r["response_id"].astype(str).isin(ids)]


def _share_in_words(n_held: int, n: int) -> str:
    """The k-rules by hand: nothing under 5, a 20-point band from 5 to 9, the exact share from 10."""
    if n < 5:
        return "pas assez de pairs"
    if n < 10:
        low = min(int(100 * n_held / n) // 20 * 20, 80)
        return f"{low}–{low + 20} %"
    return f"{round(100 * n_held / n)}\u202f%"


def test_group_profile_equals_the_engine_cell_states(demo_db_url, monkeypatch):
    at = app_for(demo_db_url, monkeypatch, coordinator(REGION), "coordinator_comparison")
    scored = score_campaign(make_engine(demo_db_url), Scope.region({REGION}), OPEN, MATRIX)
    cells, responses = _submitted_cells(scored, OPEN)
    levels = {lv.id: lv.label.get("fr") for lv in scored.questionnaire.matrix.levels}
    degrees = {d.id: d.label.get("fr") for d in scored.questionnaire.matrix.degrees}
    shown = frame_with(at, "Part des pairs où la cellule est présente ou établie").set_index(
        ["Niveau", "Forme d'engagement"])["Part des pairs où la cellule est présente ou établie"]
    spans = responses["category"].nunique() > 1
    for (level, degree), cell in cells.groupby(["level", "degree"], observed=True):
        state = cell["state"].astype(str)
        n = int(state.isin(["absent", "emerging", "declared_not_evidenced", "present", "established"]).sum())
        held = int(state.isin(["present", "established"]).sum())
        expected = "non comparé" if spans and level not in ("care", "organisation") else _share_in_words(held, n)
        assert shown[(levels[level], degrees[degree])] == expected, (level, degree)
    if spans:
        assert any("plusieurs catégories" in x for x in texts(at, "caption")), "grey cells say why"


def test_not_applicable_rates_equal_the_engine_level_profile(demo_db_url, monkeypatch):
    at = app_for(demo_db_url, monkeypatch, coordinator(REGION), "coordinator_comparison")
    scored = score_campaign(make_engine(demo_db_url), Scope.region({REGION}), OPEN, MATRIX)
    r = scored.result.responses
    wave2 = set(r.loc[r["campaign_id"] == OPEN, "response_id"].astype(str))  # the page's default: this wave
    lp = scored.result.level_profile
    lp = lp[lp["response_id"].astype(str).isin(wave2)]
    shown = frame_with(at, "Taux de « non applicable »").set_index("Niveau")
    for level in scored.questionnaire.matrix.levels:
        part = lp[lp["level"].astype(str) == level.id]
        na, applicable = int(part["n_not_applicable"].sum()), int(part["n_applicable"].sum())
        assert int(shown.loc[level.label.get("fr"), "Réponses « non applicable »"]) == na
        assert int(shown.loc[level.label.get("fr"), "Pratiques concernées"]) == na + applicable


def test_region_against_national_shows_storage_protected_shares(demo_db_url, monkeypatch):
    from storage.aggregates import peer_cell_shares

    at = app_for(demo_db_url, monkeypatch, coordinator(REGION), "coordinator_comparison")
    with read_session(make_engine(demo_db_url)) as session:
        regional = peer_cell_shares(session, Scope.region({REGION}), OPEN, MATRIX, region=REGION)
        national = peer_cell_shares(session, Scope.region({REGION}), OPEN, MATRIX)
    assert any(f"{regional.peers} établissement(s)" in x for x in texts(at, "markdown"))
    assert any(f"{national.peers} établissement(s)" in x for x in texts(at, "markdown"))
    table = frame_with(at, "National")
    scored = score_campaign(make_engine(demo_db_url), Scope.region({REGION}), OPEN, MATRIX)
    levels = {lv.id: lv.label.get("fr") for lv in scored.questionnaire.matrix.levels}
    degrees = {d.id: d.label.get("fr") for d in scored.questionnaire.matrix.degrees}
    shown = table.set_index(["Niveau", "Forme d'engagement"])["National"]
    assert national.enough and not national.banded
    for r in national.shares.itertuples(index=False):
        assert shown[(levels[r.level], degrees[r.degree])] == f"{int(r.share_held)}\u202f%"  # French: narrow no-break space
    assert (shown == "non comparé").sum() == 20 - len(national.shares)


def test_a_campaign_without_responses_says_so(demo_db_url, monkeypatch):
    from storage.campaigns import create_campaign, get_campaign
    from storage.engine import write_session

    engine = make_engine(demo_db_url)
    with write_session(engine) as session:
        questionnaires = get_campaign(session, Scope.national(), OPEN).questionnaires
        create_campaign(session, Scope.national(), "empty-2027", "Campagne vide 2027", questionnaires,
                        status="open")
    at = app_for(demo_db_url, monkeypatch, coordinator(REGION), "coordinator_comparison")
    box = at.selectbox(key="coord_campaign")
    box.select_index(list(box.options).index("Campagne vide 2027")).run()
    assert any("Aucune réponse" in x for x in texts(at, "info")), texts(at, "info")
    assert not at.exception and not any("nan" in x.lower().split() for x in texts(at, "markdown"))
