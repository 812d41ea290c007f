"""The establishment's later sections on the demo data: the action plan edited and saved, the enabling
environment, progress per coverage and item, and the level table without a ladder."""

from __future__ import annotations

import datetime as dt

from res_support import MATRIX, OPEN, app_for, frame_with, matrix_responses, site_where, team, texts

from continuum.i18n import fmt_percent, t
from storage.engine import make_engine, read_session
from storage.plans import list_actions
from storage.scope import Scope
from views.results.compute import response_row, rows_of, score_campaign


def _engine_view(url: str, site: str, questionnaire: str = MATRIX):
    engine = make_engine(url)
    scored = score_campaign(engine, Scope.establishment({site}), OPEN, questionnaire)
    return engine, scored, response_row(scored, frozenset({site}))


def _site_with_actions(url: str) -> str:
    engine = make_engine(url)
    scored = score_campaign(engine, Scope.national(), OPEN, MATRIX)
    r = scored.result.responses
    with read_session(engine) as session:
        for row in r[r["campaign_id"] == OPEN].itertuples(index=False):
            if list_actions(session, Scope.national(), row.response_id):
                return str(row.establishment)
    raise AssertionError("the demo has no action plan")


def test_editing_and_saving_a_plan_row_persists_it(demo_db_url, monkeypatch):
    site = _site_with_actions(demo_db_url)
    engine, _, row = _engine_view(demo_db_url, site)
    scope = Scope.establishment({site})
    with read_session(engine) as session:
        before = list_actions(session, scope, row["response_id"])
    at = app_for(demo_db_url, monkeypatch, team(site), "results")
    editor = at.data_editor(key="plan_editor")
    assert list(editor.value["action"]) == [a["action"] for a in before]
    assert editor.proto.placeholder == "", "an empty deadline shows nothing, not Streamlit's 'None'"
    at.session_state["plan_editor"] = {"edited_rows": {0: {"owner": "Cadre de santé du pôle",
                                                           "deadline": "2027-03-31", "status": "in_progress",
                                                           "indicator": "Compte rendu signé"}},
                                       "added_rows": [], "deleted_rows": []}
    at.run()
    [b for b in at.button if b.label == "Enregistrer les modifications"][0].click().run()
    assert not at.exception, at.exception
    assert any("enregistré" in x for x in texts(at, "success"))
    with read_session(engine) as session:
        after = list_actions(session, scope, row["response_id"])
    first = after[0]
    assert (first["id"], first["owner"], first["status"], first["indicator"]) == (
        before[0]["id"], "Cadre de santé du pôle", "in_progress", "Compte rendu signé")
    assert dt.date.fromisoformat(str(first["deadline"])[:10]) == dt.date(2027, 3, 31)
    assert [a["action"] for a in after] == [a["action"] for a in before], "the other fields are kept"
    fields = ("action", "owner", "deadline", "indicator", "source", "status")
    assert [[a[k] for k in fields] for a in after[1:]] == [[b[k] for k in fields] for b in before[1:]]
    again = app_for(demo_db_url, monkeypatch, team(site), "results")
    assert again.data_editor(key="plan_editor").value["owner"].iloc[0] == "Cadre de santé du pôle"


def _enabling_site(url: str) -> str:
    scored = score_campaign(make_engine(url), Scope.national(), OPEN, "enabling-environment")
    r = scored.result.responses
    return str(r.loc[r["campaign_id"] == OPEN, "establishment"].iloc[0])


def test_enabling_environment_shows_the_levers_per_dimension_and_the_ten_keys(demo_db_url, monkeypatch):
    site = _enabling_site(demo_db_url)
    at = app_for(demo_db_url, monkeypatch, team(site), "results")
    _, env, row = _engine_view(demo_db_url, site, "enabling-environment")
    q = env.questionnaire
    states = rows_of(env.result.item_states, row["response_id"])
    shown = frame_with(at, "Part en place").set_index("Dimension")
    dims = {d.id: d.label.get("fr") for d in q.dimensions}
    assert len(shown) == len(dims)
    for dim_id, label in dims.items():
        ids = {i.id for i in q.items(include_group_children=True) if i.dimension == dim_id}
        part = states[states["item_id"].astype(str).isin(ids)]
        in_place, answered = int(part["in_place"].sum()), int(part["answered"].sum())
        assert (int(shown.loc[label, "En place"]), int(shown.loc[label, "Avec réponse"])) == (in_place, answered)
        assert shown.loc[label, "Part en place"] == (fmt_percent(in_place / answered, "fr", 0) if answered else "—")
    assert [c for c in at.get("plotly_chart") if "enabling_radar" in c.proto.id], "the levers as a radar"
    assert t("results.enabling.keys_title", "fr") in texts(at, "subheader")
    notes = [i for i in q.items() if i.kind == "text" and i.dimension is None]
    assert len(notes) == 10, "the ten keys of success"
    a = env.result.answers
    a = a[(a["response_id"] == row["response_id"]) & (a["respondent"] == "")].set_index("item_id")["value"]
    markdown = texts(at, "markdown")
    for item in notes:  # each key, then the team's note under it (or that there is none)
        at_key = markdown.index(f"**{item.text.render('fr', row['sector'])}**")
        note = str(a.get(item.id, "") or "").strip()
        assert markdown[at_key + 1] == (note or t("results.enabling.no_note", "fr")), item.id


def test_progress_shows_coverage_and_items_as_the_engine(demo_db_file, tmp_path, monkeypatch):
    import shutil

    target = tmp_path / "demo.db"
    shutil.copyfile(demo_db_file, target)
    url = f"sqlite:///{target}"
    site = site_where(matrix_responses(url), {"submitted"}, {"submitted"})
    at = app_for(url, monkeypatch, team(site), "results")
    _, scored, row = _engine_view(url, site)
    changes = scored.result.wave_changes()
    cov = changes.coverage[changes.coverage["response_id"] == row["response_id"]]
    levels = {lv.id: lv.label.get("fr") for lv in scored.questionnaire.matrix.levels}
    shown = frame_with(at, "Couverture, vague précédente")
    assert list(shown["Niveau"]) == [levels.get(str(v), "Ensemble") for v in cov["level"]]
    assert list(shown["Couverture, vague précédente"]) == [fmt_percent(v, "fr", 0) for v in cov["previous_coverage"]]
    assert list(shown["Couverture (suivi)"]) == [fmt_percent(v, "fr", 0) for v in cov["coverage"]]
    items = changes.items[changes.items["response_id"] == row["response_id"]]
    assert len(items), "the demo establishment changed some practices between waves"
    listed = next(d.value for d in at.dataframe if "Pratique" in d.value.columns and "Avant" in d.value.columns
                  and "Réponse" not in d.value.columns)
    q = scored.questionnaire
    assert list(listed["Pratique"]) == [q.item(i).text.render("fr", row["sector"]) for i in items["item_id"]]
    words = {"": "—", **{s: t(f"results.status.{s}", "fr") for s in
                          ("not_in_place", "being_set_up", "in_place", "evaluated")}}
    assert list(listed["Avant"]) == [words[s] for s in items["previous_status"]]
    assert list(listed["État"]) == [words[s] for s in items["status"]]


def test_levels_list_every_form_in_place_never_only_the_highest(demo_db_file, tmp_path, monkeypatch):
    import shutil

    target = tmp_path / "demo.db"
    shutil.copyfile(demo_db_file, target)
    url = f"sqlite:///{target}"
    site = site_where(matrix_responses(url), {"submitted"}, {"submitted"})
    at = app_for(url, monkeypatch, team(site), "results")
    _, scored, row = _engine_view(url, site)
    cells = rows_of(scored.result.cell_states, row["response_id"])
    levels = {lv.id: lv.label.get("fr") for lv in scored.questionnaire.matrix.levels}
    degrees = [d.label.get("fr") for d in scored.questionnaire.matrix.degrees]
    table = frame_with(at, "Formes en place").set_index("Niveau")
    lp = rows_of(scored.result.level_profile, row["response_id"]).set_index("level")
    for level, name in levels.items():
        held = cells[(cells["level"].astype(str) == level) & cells["state"].astype(str).isin(["present", "established"])]
        forms = [degrees[list(d.id for d in scored.questionnaire.matrix.degrees).index(str(x))] for x in held["degree"]]
        words = ", ".join(f[:1].lower() + f[1:] for f in forms)
        expected = ("niveau facultatif non retenu" if lp.loc[level, "optional"]
                    else (words[:1].upper() + words[1:]) if forms else "aucune forme en place")
        assert table.loc[name, "Formes en place"] == expected, level
    assert "Forme la plus installée" not in table.columns
    body = " ".join(texts(at, "caption") + texts(at, "markdown"))
    assert "plus installée" not in body and "niveau supérieur" not in body
