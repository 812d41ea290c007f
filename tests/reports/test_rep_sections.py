"""Each section of the reports against the engine and storage, on the demo campaign (HTML, no browser needed).

Expected figures are recounted here from the engine's frames, never read back from the report builders.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

import pandas as pd
import pytest
from rep_fixtures import NATIONAL, TODAY, campaign, demo_engine, plain

from charts.distributions import state_counts
from continuum.i18n import fmt_percent, t, typeset
from reports.individual import Shared, establishment_document
from reports.peers import StoragePeers
from reports.regional import regional_document
from reports.render import html_of
from scoring.peers import CROSS_CATEGORY_LEVELS, group_figures
from storage.engine import make_engine, read_session, write_session
from storage.plans import add_action
from storage.scope import Scope

HEALTH_ONLY, MEDICO_SOCIAL_ONLY = "Certification des établissements de santé", "Référentiel d'évaluation de la qualité des ESSMS"


@pytest.fixture(scope="module")
def engine(demo_db_file, tmp_path_factory):
    eng = demo_engine(demo_db_file, tmp_path_factory)
    yield eng
    eng.dispose()


@pytest.fixture(scope="module")
def wave2(engine):
    return Shared.of(campaign(engine, "demo-national-w2"), "fr", today=TODAY)


def text_of(doc) -> str:
    return plain(re.sub(r"<[^>]+>", " ", html_of(doc)).replace("&#39;", "'").replace("&amp;", "&"))


def body_of(doc) -> str:
    """The printed text only (no style sheet), spaces kept as they are."""
    html = re.sub(r"<style>.*?</style>", "", html_of(doc), flags=re.S)
    return re.sub(r"<[^>]+>", " ", html).replace("&#39;", "'").replace("&amp;", "&")


def submitted_in(shared, region: str):
    current = shared.data.current()
    return current[(current["region"] == region) & (current["status"] == "submitted")]


def region_where(shared, low: int, high: int) -> str:
    current = shared.data.current()
    counts = current[current["status"] == "submitted"].groupby("region")["establishment"].nunique()
    return next(r for r, n in sorted(counts.items()) if low <= n <= high)


def with_saved_actions(shared) -> str:
    for rid, extras in shared.data.extras.items():
        if extras.actions:
            current = shared.data.current()
            return str(current.loc[current["response_id"] == rid, "establishment"].iloc[0])
    raise AssertionError("the demo should have a saved action plan")


# --- individual report ---------------------------------------------------------------------------------------


def test_the_action_plan_lists_the_saved_rows_then_the_suggestions_not_adopted(wave2, demo_db_url):
    """The team adopts one suggestion: it moves from the suggestions to the saved rows, after the demo's own rows."""
    finess = with_saved_actions(wave2)
    rid = str(wave2.data.response_of(finess)["response_id"])
    steps = wave2.steps[(wave2.steps["response_id"] == rid).to_numpy()]
    adopted = steps.iloc[1]
    engine = make_engine(demo_db_url)
    with write_session(engine) as session:
        add_action(session, NATIONAL, rid, adopted["action"], str(adopted["kind"]), item_id=str(adopted["item_id"]),
                   owner="Cadre de santé", indicator="Taux de dossiers renseignés", source="Certification 2025")
    shared = Shared.of(campaign(engine, wave2.data.campaign.id), "fr", today=TODAY)
    engine.dispose()
    actions = shared.data.extras[rid].actions
    doc = establishment_document(shared, finess)
    plan = doc.context["plan"]
    assert plan["saved"].headers == ["Action", "Pilote", "Échéance", "Indicateur", "Source", "Statut"]
    assert [r[0] for r in plan["saved"].rows] == [a["action"] for a in actions]
    assert plan["saved"].rows[-1] == [adopted["action"], "Cadre de santé", "—", "Taux de dossiers renseignés",
                                      "Certification 2025", "prévue"]
    suggested = [r[1] for r in plan["suggested"].rows]
    expected = steps[steps["item_id"] != adopted["item_id"]]["action"].tolist()
    assert suggested == expected[:len(suggested)]
    assert adopted["action"] not in suggested
    text = text_of(doc)
    assert text.index("Actions retenues par l'équipe") < text.index(plain(actions[0]["action"])) \
        < text.index("Suggestions pas encore retenues")


def test_the_profile_flags_foundation_gaps_evidence_and_the_gaps_to_targets(wave2):
    data = wave2.data
    current = data.current()
    levels = data.result.level_profile
    gapped = levels[levels["foundation_gap"].astype(bool) & levels["response_id"].isin(current["response_id"])]
    assert len(gapped), "the demo should have a foundation gap"
    rid = str(gapped["response_id"].iloc[0])
    finess = str(current.loc[current["response_id"] == rid, "establishment"].iloc[0])
    label = {lv.id: lv.label.fr for lv in data.questionnaire.matrix.levels}
    profile = establishment_document(wave2, finess).context["profile"]
    expected = set(gapped.loc[gapped["response_id"] == rid, "level"].astype(str))
    assert len(profile["gaps"]) == len(expected)
    assert all(any(label[lv] in g for g in profile["gaps"]) for lv in expected)
    flagged = {r[0] for r in profile["levels"].rows if r[2] == "oui"}
    assert flagged == {label[lv] for lv in expected}

    cells = data.result.cell_states
    mine = cells[(cells["response_id"] == rid).to_numpy() & (cells["evidence_status"] != "not_required").to_numpy()]
    assert [int(r[2]) for r in profile["evidence"].rows] == [int(n) for n in mine["n_evidencing_initiatives"]]

    rid, extras = next((r, e) for r, e in data.extras.items() if e.targets)
    finess = str(current.loc[current["response_id"] == rid, "establishment"].iloc[0])
    rows = {r[0]: r for r in establishment_document(wave2, finess).context["profile"]["levels"].rows}
    degrees = {d.id: d.label.fr for d in data.questionnaire.matrix.degrees}
    frame = pd.DataFrame([{"response_id": rid, "level": lv, "degree": v["degree"], "reason": v.get("reason", "")}
                          for lv, v in extras.targets.items()])
    gaps = data.result.target_gaps(frame).set_index("level")
    for level, target in extras.targets.items():
        assert rows[label[level]][3] == degrees[target["degree"]]
        assert rows[label[level]][5] == (target.get("reason") or "—")
        gap = gaps.loc[level]
        if gap["gap"] == gap["gap"]:  # a gap the engine could measure
            expected = {"reached": "forme cible en place", "beyond": "des formes au-delà de la cible choisie sont en place",
                        "to_reach": f"forme cible pas encore en place ({int(abs(gap['gap']))} forme(s) d'écart)"}
            assert rows[label[level]][4] == expected[gap["status"]]
    held = data.result.cell_states
    held = held[(held["response_id"].astype(str) == rid).to_numpy()]
    skipped = data.result.level_profile
    skipped = set(skipped.loc[(skipped["response_id"].astype(str) == rid).to_numpy() & skipped["optional"].to_numpy(
        dtype=bool), "level"].astype(str))
    for level, name in label.items():  # every form in place, in the matrix's order: never only the highest one
        forms = [degrees[str(c.degree)] for c in held.itertuples(index=False)
                 if str(c.level) == level and str(c.state) in ("present", "established")]
        words = ", ".join(f[:1].lower() + f[1:] for f in forms)
        expected = ("niveau facultatif non retenu" if level in skipped
                    else words[:1].upper() + words[1:] if forms else "aucune forme en place")
        assert rows[name][1] == expected, level


def test_initiatives_show_the_declared_degree_beside_the_derived_one(wave2):
    inits = wave2.data.result.initiatives
    mine = inits[inits["campaign_id"] == wave2.data.campaign.id]
    finess = str(mine["establishment"].value_counts().index[0])
    mine = mine[mine["establishment"] == finess]
    degrees = {d.id: d.label.fr for d in wave2.data.questionnaire.matrix.degrees}
    doc = establishment_document(wave2, finess)
    table = doc.context["initiatives"]["table"]
    assert Counter((r[2], r[3]) for r in table.rows) == Counter(
        (degrees[str(d)], degrees[str(v)]) for d, v in zip(mine["declared_degree"], mine["derived_degree"]))
    over = int(mine["over_declared"].sum())
    assert doc.context["initiatives"]["count"].startswith(f"{len(mine)} initiative(s) déclarée(s), dont {over} ")
    assert sum(r[4] == "déclaré au-dessus des pratiques" for r in table.rows) == over


def test_obligations_name_the_frames_of_the_establishments_sector(wave2):
    current = wave2.data.current()
    health = str(current.loc[current["sector"] == "health", "establishment"].iloc[0])
    medico = str(current.loc[current["sector"] == "medico_social", "establishment"].iloc[0])
    health_text, medico_text = text_of(establishment_document(wave2, health)), text_of(
        establishment_document(wave2, medico))
    assert HEALTH_ONLY in health_text and "Rapport annuel de la commission des usagers" in health_text
    assert MEDICO_SOCIAL_ONLY not in health_text
    assert MEDICO_SOCIAL_ONLY in medico_text and HEALTH_ONLY not in medico_text
    assert "Le rapport annuel de la CDU" in health_text and "Le rapport annuel de la CDU" not in medico_text
    assert "Le CVS peut recevoir" in medico_text


def test_obligation_counts_are_the_practices_in_place_for_each_reference(wave2):
    q = wave2.data.questionnaire
    current = wave2.data.current()
    row = current[current["sector"] == "health"].iloc[0]
    states = wave2.data.result.item_states
    mine = states[(states["response_id"] == row["response_id"]).to_numpy()].set_index("item_id")
    in_place = answered = 0
    for item in q.items(include_group_children=True):
        for m in item.obligations:
            if m.frame == "has-certification" and "3.2" in m.refs and item.id in mine.index:
                in_place += bool(mine.loc[item.id, "in_place"])
                answered += bool(mine.loc[item.id, "answered"])
    doc = establishment_document(wave2, str(row["establishment"]))
    frame = next(f for f in doc.context["obligations"]["frames"] if f["title"].startswith(HEALTH_ONLY))
    assert ["3.2", str(in_place), str(answered)] in frame["table"].rows


def test_peers_say_when_shares_are_banded_and_when_only_care_and_organisation_compare(wave2):
    region = region_where(wave2, 6, 9)  # a submitted member then has 5 to 8 peers: bands
    finess = str(submitted_in(wave2, region)["establishment"].iloc[0])
    doc = establishment_document(wave2, finess)
    groups = {g["title"]: g for g in doc.context["peers"]["groups"]}
    assert "parts par tranches de 20 points" in groups["Pairs de la région"]["note"]
    column = doc.context["peers"]["table"].headers.index("Région")
    values = {r[column] for r in doc.context["peers"]["table"].rows}
    assert values and all(re.fullmatch(r"\d+–\d+\u202f%", v) or v == "non comparé" for v in values)
    national = groups["Pairs au niveau national"]
    assert national["cross_category"]  # the demo's nation mixes categories
    levels = {lv.id: lv.label.fr for lv in wave2.data.questionnaire.matrix.levels}
    table = doc.context["peers"]["table"]
    national_col = table.headers.index("National")
    for r in table.rows:
        compared = r[0] in {levels[lv] for lv in CROSS_CATEGORY_LEVELS}
        assert (r[national_col] != "non comparé") == compared, r
    assert "il n'est comparé que sur les soins et l'organisation" in text_of(doc)


def test_method_annex_gives_the_questionnaires_thresholds(wave2):
    th = wave2.data.result.thresholds
    text = text_of(establishment_document(wave2, str(wave2.data.current()["establishment"].iloc[0])))
    annex = text[text.index("Annexe — méthode"):]
    assert f"présent à partir de {th.n} pratique(s) en place" in annex
    assert plain(f"établi au-delà de {fmt_percent(th.x / 100, 'fr', 0)}") in annex
    assert "version " + wave2.data.questionnaire.version in annex


def test_french_reports_keep_their_punctuation_with_its_word(wave2):
    """A line never starts with ':' or '»': the space before ; : ! ? % and inside « » is a narrow no-break one."""
    for doc in (establishment_document(wave2, with_saved_actions(wave2)), regional_document(wave2, "76")):
        body = body_of(doc)
        assert not re.findall(r"[ \u00a0][;:!?%»]|«[ \u00a0]", body)
        assert "\u202f:" in body and "\u202f;" in body
    assert typeset("Qu'est-ce qui compte pour vous ? « oui » : 5 %", "fr") == \
        "Qu'est-ce qui compte pour vous\u202f? «\u202foui\u202f»\u202f: 5\u202f%"
    assert typeset("What matters to you? 5%: yes", "en") == "What matters to you? 5%: yes"


# --- regional report ---------------------------------------------------------------------------------------------


def test_regional_participation_and_co_filled_share_follow_the_k_rules(wave2):
    for region, expected in (("76", None), (region_where(wave2, 5, 9), "band"), (region_where(wave2, 1, 4), "none")):
        submitted = submitted_in(wave2, region)
        facts = dict(regional_document(wave2, region).context["participation"]["facts"].rows)
        assert facts["Auto-évaluations envoyées"] == str(submitted["establishment"].nunique())
        co = facts["Auto-évaluations envoyées remplies avec des usagers"]
        if expected is None:
            assert co == fmt_percent(submitted["co_filled"].astype(bool).mean(), "fr", 0)
        elif expected == "band":
            low = min(int(submitted["co_filled"].astype(bool).mean() * 100 // 20) * 20, 80)
            assert co == f"{low}–{low + 20}\u202f%"
        else:
            assert co == "non donné (moins de 5)"


def test_regional_voluntary_note_speaks_of_the_region_not_of_your_establishment(wave2):
    text = text_of(regional_document(wave2, "76"))
    assert "La participation est volontaire" in text
    assert "votre établissement" not in text


def test_regional_state_distribution_table_gives_every_share_the_chart_draws(wave2):
    submitted = submitted_in(wave2, "76")
    doc = regional_document(wave2, "76")
    table = doc.context["distribution"]["table"]
    cs = wave2.data.result.cell_states
    cs = cs[cs["response_id"].isin(submitted["response_id"]).to_numpy()]
    counts = state_counts(cs[cs["level"].astype(str).isin(CROSS_CATEGORY_LEVELS).to_numpy()])
    levels = {lv.id: lv.label.fr for lv in wave2.data.questionnaire.matrix.levels}
    degrees = {d.id: d.label.fr for d in wave2.data.questionnaire.matrix.degrees}
    assert len(table.rows) == len(CROSS_CATEGORY_LEVELS) * len(degrees)  # several categories: care, organisation
    established = table.headers.index("Établi")
    for r in counts[counts["state"] == "established"].itertuples(index=False):
        row = next(x for x in table.rows if x[0] == levels[r.level] and x[1] == degrees[r.degree])
        assert row[established] == fmt_percent(r.share, "fr", 0)
        assert row[-1] == str(int(counts[(counts["level"] == r.level) & (counts["degree"] == r.degree)]["count"].sum()))
    assert "seuls les soins et l'organisation sont comparés" in doc.context["distribution"]["levels_note"]


def test_regional_practices_hide_the_rare_ones(wave2):
    submitted = submitted_in(wave2, "76")
    data = wave2.data
    _, per_item = group_figures(data.result, set(submitted["establishment"]), campaign_id=data.campaign.id)
    practices = {i.id: i for i in data.questionnaire.items(include_group_children=True) if i.kind == "practice"}
    per_item = per_item[per_item["item_id"].astype(str).isin(practices)]
    hidden = per_item.loc[per_item["peer_status"] == "hidden_rare", "item_id"].astype(str)
    assert len(hidden), "the demo should have rare practices in this region"
    doc = regional_document(wave2, "76")
    assert doc.context["practices"]["hidden"].startswith(f"{len(hidden)} pratique(s) en place dans 1 à 4")
    shown = {r[0] for r in doc.context["practices"]["most"].rows + doc.context["practices"]["least"].rows}
    assert not shown & {practices[i].text.fr for i in hidden}
    top = per_item[per_item["peer_status"] == "exact"].sort_values("share", ascending=False)
    assert doc.context["practices"]["most"].rows[0][1] in {fmt_percent(top["share"].iloc[0], "fr", 0),
                                                           "80–100\u202f%"}


def test_regional_initiatives_are_counted_by_domain_and_derived_degree(wave2):
    submitted = submitted_in(wave2, "76")
    inits = wave2.data.result.initiatives
    mine = inits[(inits["campaign_id"] == wave2.data.campaign.id) & inits["establishment"].isin(
        submitted["establishment"])]
    table = regional_document(wave2, "76").context["initiatives"]["table"]
    total = table.rows[-1]
    assert total[0] == "Total" and total[-1] == str(len(mine))
    degrees = [d.id for d in wave2.data.questionnaire.matrix.degrees]
    assert total[1:-1] == [str(int((mine["derived_degree"].astype(str) == d).sum())) for d in degrees]


def test_regional_changes_between_waves_are_counts_from_10_and_bands_below(wave2):
    changes = wave2.changes.cells
    for region in ("76", "53"):
        submitted = submitted_in(wave2, region)
        mine = changes[changes["response_id"].isin(submitted["response_id"]).to_numpy()]
        pairs = mine["establishment"].nunique()
        waves = regional_document(wave2, region).context["waves"]
        assert f"{pairs} établissement(s) ont répondu aux vagues 1 et 2" in waves["pairs"]
        first = waves["table"].rows[0]  # care · information
        cell = mine[(mine["level"] == "care") & (mine["degree"] == "information")]
        counts = [int((cell["change"] == k).sum()) for k in ("more_established", "less_established", "same")]
        if sum(counts) >= 10:
            assert first[2:] == [str(c) for c in counts]
        else:
            assert 5 <= sum(counts) <= 9
            assert all(re.fullmatch(r"\d+–\d+\u202f%", v) for v in first[2:]), first
        assert {r[0] for r in waves["table"].rows} <= {"Soins / accompagnement", "Organisation et gouvernance"}


def test_a_regional_report_names_no_one_when_no_one_consented(wave2):
    data = wave2.data
    region = region_where(wave2, 1, 4)
    current = data.current()
    sites = set(current.loc[current["region"] == region, "establishment"])
    silent = Shared.of(replace(data, named=frozenset()), "fr", today=TODAY)
    text = text_of(regional_document(silent, region))
    assert "Aucun établissement n'a donné son accord pour être nommé" in text
    assert not [f for f in sites if f in text or data.sites[f].name in text]
    assert t("reports.regional.too_few", "fr").split(" :")[0] in text


def test_a_teams_own_download_compares_it_with_its_region_category_and_nation(wave2, engine):
    """The dashboard's path goes through storage's aggregates: the same three groups as the campaign batch."""
    current = wave2.data.current()
    row = current[(current["category"] == "ehpad") & (current["status"] == "submitted")].iloc[0]
    entity = str(row["legal_entity"])
    scope = Scope.establishment({str(row["establishment"])}, actor="test")
    with read_session(engine) as session:
        views = StoragePeers(session, scope, wave2.data.campaign.id, wave2.data.questionnaire).views(row)
    assert [v.group for v in views] == ["region", "category", "national"]
    submitted = current[(current["status"] == "submitted") & (current["legal_entity"] != entity)]
    category = next(v for v in views if v.group == "category")
    assert category.n_peers == submitted.loc[submitted["category"] == "ehpad", "establishment"].nunique() >= 10
    assert category.enough and not category.banded and not category.cross_category  # one category: every level
    own = Shared.of(wave2.data, "fr", peers=lambda r: views, today=TODAY)
    doc = establishment_document(own, str(row["establishment"]))
    notes = {g["title"]: g["note"] for g in doc.context["peers"]["groups"]}
    assert notes["Pairs de la même catégorie"] == f"{category.n_peers} pairs : parts exactes."
