"""The establishment results page on the demo data: what it shows equals the engine's figures."""

from __future__ import annotations

import re
import shutil
from types import SimpleNamespace

import pytest
from res_support import MATRIX, OPEN, app_for, frame_with, matrix_responses, site_where, team, texts

from continuum.i18n import t
from scoring.messages import state_label
from storage.aggregates import peer_cell_shares
from storage.engine import make_engine, read_session
from storage.establishments import list_sites
from storage.plans import list_actions, list_targets
from storage.responses import get_response
from storage.scope import Scope
from views.results.compute import response_row, rows_of, score_campaign


@pytest.fixture(scope="module")
def demo(demo_db_file, tmp_path_factory):
    """One read-only copy of the demo for this module, and the page already run for a team with two waves."""
    target = tmp_path_factory.mktemp("results") / "demo.db"
    shutil.copyfile(demo_db_file, target)
    url = f"sqlite:///{target}"
    responses = matrix_responses(url)
    site = site_where(responses, {"submitted"}, {"submitted"})
    with pytest.MonkeyPatch.context() as mp:
        yield SimpleNamespace(url=url, responses=responses, site=site, mp=mp,
                              at=app_for(url, mp, team(site), "results"))


def engine_view(url: str, site: str, campaign: str = OPEN):
    engine = make_engine(url)
    scored = score_campaign(engine, Scope.establishment({site}), campaign, MATRIX)
    return engine, scored, response_row(scored, frozenset({site}))


def test_profile_table_equals_the_engine_cell_states(demo):
    at = demo.at
    _, scored, row = engine_view(demo.url, demo.site)
    cells = rows_of(scored.result.cell_states, row["response_id"])
    shown = frame_with(at, "Applicables")
    assert len(shown) == len(cells) == 20
    for (_, s), c in zip(shown.iterrows(), cells.itertuples(index=False)):
        if str(c.state) == "not_applicable" and c.optional:
            assert s["État"] == "niveau facultatif non retenu"
        else:
            assert s["État"] == state_label(str(c.state), "fr")
        if str(c.state) in ("absent", "emerging", "declared_not_evidenced", "present", "established"):
            assert (s["En place"], s["Applicables"]) == (str(c.n_in_place), str(c.n_applicable))
    assert any("restent essentielles" in x for x in texts(at, "caption"))
    assert not any(re.search(r"\bnan\b", str(v).lower()) for v in shown.to_numpy().ravel())


def test_levels_show_the_team_target_and_its_reason(demo):
    at = demo.at
    engine, scored, row = engine_view(demo.url, demo.site)
    with read_session(engine) as session:
        targets = list_targets(session, Scope.establishment({demo.site}), row["response_id"])
    table = frame_with(at, "Cible de l'équipe").set_index("Niveau")
    labels = {lv.id: lv.label.get("fr") for lv in scored.questionnaire.matrix.levels}
    degrees = {d.id: d.label.get("fr") for d in scored.questionnaire.matrix.degrees}
    for level, target in targets.items():
        assert table.loc[labels[level], "Cible de l'équipe"] == degrees[target["degree"]]
        assert table.loc[labels[level], "Raison donnée par l'équipe"] == (target["reason"] or "—")
    assert set(table["Couverture (suivi)"]) - {"—"}, "coverage is shown for following progress"


def test_drill_down_lists_the_answers_behind_the_chosen_cell(demo):
    at = demo.at
    _, scored, row = engine_view(demo.url, demo.site)
    box = at.selectbox(key="drill_cell")
    box.select(("organisation", "consultation")).run()
    trace = scored.result.trace(row["response_id"], "organisation", "consultation")
    shown = frame_with(at, "Prise en compte")
    assert len(shown) == len(trace)
    assert set(shown["Qui a répondu"]) >= {"Réponse commune (consensus)"}


def test_peers_shows_the_protected_shares_of_storage(demo):
    at = demo.at
    at.radio(key="peer_group").set_value("national").run()
    with read_session(make_engine(demo.url)) as session:
        figures = peer_cell_shares(session, Scope.establishment({demo.site}), OPEN, MATRIX, site=demo.site)
    assert any(f"{figures.peers} pairs" in x for x in texts(at, "caption"))
    assert any("participation est volontaire" in x for x in texts(at, "info"))
    shares = frame_with(at, "Part des pairs où la cellule est présente ou établie")
    got = {(str(r.level), str(r.degree)): r.share_held for r in figures.shares.itertuples(index=False)}
    assert len(shares) == 20 and len(got) > 0
    _assert_shares_shown(at, figures, engine_view(demo.url, demo.site)[1])


def test_fewer_than_five_peers_says_so(demo):
    """Peers: submitted responses of the region, the establishment's own legal entity excluded (by hand)."""
    r = demo.responses[demo.responses["campaign_id"] == OPEN]
    submitted = r[r["status"] == "submitted"]
    for site, region, entity in zip(r["establishment"], r["region"], r["legal_entity"]):
        peers = submitted[(submitted["region"] == region) & (submitted["legal_entity"] != entity)]
        if peers["establishment"].nunique() < 5:
            break
    else:
        raise AssertionError("the demo has no region with fewer than 5 submitted peers")
    at = app_for(demo.url, demo.mp, team(site), "results")
    assert any("Pas assez de pairs" in x for x in texts(at, "warning"))


def test_a_first_wave_says_there_is_no_progress_yet(demo):
    site = site_where(demo.responses, None, {"draft", "submitted", "reopened"})
    at = app_for(demo.url, demo.mp, team(site), "results")
    assert any("première vague" in x for x in texts(at, "info"))


def test_progress_since_the_previous_wave_equals_the_engine(demo):
    at = demo.at
    _, scored, row = engine_view(demo.url, demo.site)
    changes = scored.result.wave_changes().cells
    moved = changes[(changes["response_id"] == row["response_id"]) & (changes["change"] != "same")]
    assert len(frame_with(at, "Évolution")) == len(moved)


def test_a_draft_is_flagged_and_its_plan_takes_suggested_steps(demo_db_url, monkeypatch, demo):
    site = site_where(demo.responses, {"submitted", "draft"}, {"draft"})
    at = app_for(demo_db_url, monkeypatch, team(site), "results")
    assert any("brouillon" in x for x in texts(at, "warning"))
    engine, scored, row = engine_view(demo_db_url, site)
    scope = Scope.establishment({site})
    with read_session(engine) as session:
        before = list_actions(session, scope, row["response_id"])
    steps = scored.result.next_steps(lang="fr", response_ids=[row["response_id"]])
    steps = steps[(steps["kind"] == "consolidate") & ~steps["item_id"].isin({a["item_id"] for a in before})]
    # The team reads every suggestion of each kind, with why, before choosing: the engine's, in the same order.
    shown = [d.value for d in at.dataframe if "Pourquoi" in d.value.columns and "Pratique" in d.value.columns]
    assert list(shown[0]["Pratique"]) == list(steps["action"])
    assert list(shown[0]["Pourquoi"]) == list(steps["why"])
    assert any(f"{len(steps)} proposition(s)" in m.value for m in at.markdown)
    at.multiselect(key="plan_pick_consolidate").set_value([steps.index[0]]).run()
    [b for b in at.button if "au plan" in str(b.label)][0].click().run()
    with read_session(engine) as session:
        after = list_actions(session, scope, row["response_id"])
    assert len(after) == len(before) + 1
    assert (after[-1]["kind"], after[-1]["action"]) == ("consolidate", steps.iloc[0]["action"])


def test_an_establishment_without_a_response_is_told_what_it_means(demo):
    engine = make_engine(demo.url)
    with read_session(engine) as session:
        sites = {s.finess: s.legal_entity for s in list_sites(session, Scope.national())}
    answered = set(demo.responses.loc[demo.responses["campaign_id"] == OPEN, "legal_entity"])
    site = sorted(f for f, entity in sites.items() if entity not in answered)[0]
    at = app_for(demo.url, demo.mp, team(site), "results")
    assert any("Aucune réponse" in x for x in texts(at, "info"))


def test_the_page_speaks_english(demo):
    at = app_for(demo.url, demo.mp, team(demo.site), "results", lang="en")
    assert at.title[0].value == "Establishment results"
    assert "Applicable" in frame_with(at, "Applicable").columns


def test_the_team_downloads_its_establishment_workbook_from_its_results(demo, monkeypatch):
    """The workbook tab serves `exchange.workbook.export_workbook` of this establishment: openpyxl opens it."""
    import io

    from openpyxl import load_workbook
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    served: dict[str, tuple] = {}  # what the app's media storage hands the browser: file id -> (bytes, name)
    keep = MemoryMediaFileStorage.load_and_get_id

    def load_and_get_id(self, path_or_data, mimetype, kind, filename=None):
        file_id = keep(self, path_or_data, mimetype, kind, filename)
        served[file_id] = (path_or_data, filename)
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", load_and_get_id)
    at = app_for(demo.url, monkeypatch, team(demo.site), "results")
    assert not [b for b in at.download_button if b.key == "results_workbook_download"]  # built on request only
    at.button(key="results_workbook_build").click().run()
    assert not at.exception, at.exception
    button = at.download_button(key="results_workbook_download")
    assert button.label == "Télécharger le classeur (.xlsx)"
    data, filename = served[button.proto.url.rsplit("/", 1)[-1].split(".")[0]]
    assert filename == f"export-{OPEN}-{demo.site}.xlsx"
    wb = load_workbook(io.BytesIO(data), read_only=True)
    assert {"README", "Réponses (long)", f"Large {MATRIX}", "États des cellules", "Couverture",
            "Plan d'action (PAQSS)", "Codebook"} <= set(wb.sheetnames)
    wide = list(wb[f"Large {MATRIX}"].iter_rows(values_only=True))
    column = wide[0].index("establishment")
    assert {row[column] for row in wide[1:]} == {demo.site}  # this establishment's rows, no one else's
    assert wb["README"]["A1"].value.endswith(f" — {demo.site}")


def _peers_shown(at) -> int:
    """The number of peers the page says it compared with (caption), or counted too few (warning)."""
    for text in texts(at, "caption") + texts(at, "warning"):
        found = re.match(r"^(?:Pas assez de pairs : )?(\d+) (?:pairs|établissement)", text)
        if found:
            return int(found.group(1))
    raise AssertionError(texts(at, "caption") + texts(at, "warning"))


def _assert_shares_shown(at, figures, scored) -> None:
    """Each cell's share in the table alternative is storage's protected figure, in words."""
    if not figures.enough:
        assert any("Pas assez de pairs" in x for x in texts(at, "warning"))
        return
    levels = {lv.id: lv.label.get("fr") for lv in scored.questionnaire.matrix.levels}
    degrees = {d.id: d.label.get("fr") for d in scored.questionnaire.matrix.degrees}
    shown = frame_with(at, "Part des pairs où la cellule est présente ou établie").set_index(
        ["Niveau", "Forme d'engagement"])["Part des pairs où la cellule est présente ou établie"]
    for r in figures.shares.itertuples(index=False):
        expected = f"{r.share_held} %" if figures.banded else f"{int(r.share_held)}\u202f%"
        assert shown[(levels[r.level], degrees[r.degree])] == expected, (r.level, r.degree)
    assert (shown == "non comparé").sum() == 20 - len(figures.shares)


def test_peers_by_category_co_filled_or_saved_group_equal_storage(demo_db_url, monkeypatch, demo):
    from storage.engine import write_session
    from storage.establishments import create_peer_group

    engine, scored, row = engine_view(demo_db_url, demo.site)
    r = demo.responses[(demo.responses["campaign_id"] == OPEN) & (demo.responses["status"] == "submitted")]
    members = sorted(set(r["establishment"]) - {demo.site})[:7] + [demo.site]
    with write_session(engine) as session:
        create_peer_group(session, Scope.national(actor="SRA"), "Groupe de travail ETP", members)
    at = app_for(demo_db_url, monkeypatch, team(demo.site), "results")
    scope = Scope.establishment({demo.site})
    cases = [("category", False, {"category": str(row["category"])}),
             ("category", True, {"category": str(row["category"]), "co_filled_only": True}),
             ("national", True, {"co_filled_only": True}),
             ("saved:Groupe de travail ETP", False, {"peer_group": "Groupe de travail ETP"})]
    for group, co_filled, options in cases:
        at.radio(key="peer_group").set_value(group).run()
        at.toggle(key="peer_co_filled").set_value(co_filled).run()
        assert not at.exception, at.exception
        with read_session(engine) as session:
            figures = peer_cell_shares(session, scope, OPEN, MATRIX, site=demo.site, **options)
        assert _peers_shown(at) == figures.peers, (group, co_filled)
        _assert_shares_shown(at, figures, scored)
    assert any("Groupe de travail ETP" in o for o in at.radio(key="peer_group").options)


def _site_with(url: str, wanted) -> tuple[str, object]:
    """A demo establishment of the open wave whose engine result satisfies ``wanted(result, row)``."""
    scored = score_campaign(make_engine(url), Scope.national(), OPEN, MATRIX)
    r = scored.result.responses
    for row in r[r["campaign_id"] == OPEN].itertuples(index=False):
        if wanted(scored.result, row):
            return str(row.establishment), row
    raise AssertionError("the demo has no such establishment")


def test_who_filled_it_shows_the_roles_and_the_engine_professionals_users_gap(demo):
    site, _ = _site_with(demo.url, lambda res, row: (res.role_gap["response_id"] == row.response_id).any())
    at = app_for(demo.url, demo.mp, team(site), "results")
    engine, scored, row = engine_view(demo.url, site)
    with read_session(engine) as session:
        people = get_response(session, Scope.establishment({site}), row["response_id"]).participants
    roles = frame_with(at, "Personnes").set_index("Rôle")["Personnes"]
    assert int(roles.sum()) == len(people)
    assert set(roles.index) == {t(f"ref.role.{p['role']}", "fr") for p in people}
    gap = rows_of(scored.result.role_gap, row["response_id"])
    shown = frame_with(at, "Usagers")
    assert len(shown) == len(gap) > 0
    lower = int((gap["direction"] == "users_lower").sum())
    assert int((shown["Écart"] == "les usagers voient moins installé").sum()) == lower


def test_initiatives_per_cell_and_over_declared_equal_the_engine(demo):
    site, _ = _site_with(demo.url, lambda res, row: bool(
        res.initiatives[(res.initiatives["establishment"] == row.establishment)
                        & (res.initiatives["campaign_id"] == row.campaign_id)]["over_declared"].astype(bool).any()))
    at = app_for(demo.url, demo.mp, team(site), "results")
    _, scored, row = engine_view(demo.url, site)
    inits = scored.result.initiatives
    mine = inits[(inits["establishment"] == site) & (inits["campaign_id"] == OPEN)]
    per_cell = next(d.value for d in at.dataframe if "Information" in d.value.columns and "Initiative"
                    not in d.value.columns and len(d.value) == 5)
    assert "Niveau" in per_cell.columns  # the row header in words, not the code 'level'
    assert int(per_cell.select_dtypes("number").to_numpy().sum()) == len(mine)
    over = [m for m in texts(at, "markdown") if "pratiques de" in m or "Déclarée" in m]
    assert len(over) == int(mine["over_declared"].astype(bool).sum())
    listed = frame_with(at, "Initiative")
    assert len(listed) == len(mine)
