"""What issue 3 asks of the four shipped questionnaires, checked on the files themselves."""

from __future__ import annotations

import re

import pytest

from continuum.paths import QUESTIONNAIRE_DIR
from questionnaires.derivation import derive_entry_degree
from questionnaires.loader import load_questionnaire, validate_questionnaire
from questionnaires.model import DEFAULT_DEGREES, DEFAULT_LEVELS, condition_items

SHIPPED = ("montreal-matrix", "initiative-inventory", "enabling-environment", "patient-partner-integration")


@pytest.fixture(scope="module")
def shipped():
    return {name: load_questionnaire(QUESTIONNAIRE_DIR / f"{name}.yaml") for name in SHIPPED}


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_questionnaire_has_no_warning_either(name):
    """Every cell has items and every text has its English translation."""
    result = validate_questionnaire(QUESTIONNAIRE_DIR / f"{name}.yaml")
    assert result.warnings == [], "\n".join(str(w) for w in result.warnings)


@pytest.mark.parametrize("name", SHIPPED)
def test_every_item_cites_a_declared_source(shipped, name):
    """Sub-items of a repeatable group share its sources (one inventory entry, one source)."""
    q = shipped[name]
    assert [i.id for i in q.items() if not i.sources] == []
    assert [c.id for i in q.items() for c in i.items or [] if not (c.sources or i.sources)] == []


@pytest.mark.parametrize("name", SHIPPED)
def test_items_describe_practices_not_self_labels(shipped, name):
    """No "we"/"our" in the wording (quoted speech aside): an item says what is done, checkably."""
    texts = [(i.id, t) for i in shipped[name].items(include_group_children=True)
             for t in (i.text.fr, i.text.medico_social.fr if i.text.medico_social else "")]
    unquoted = [(item, re.sub(r"«[^»]*»", "", t)) for item, t in texts]
    assert [item for item, t in unquoted if re.search(r"\b(nous|notre|nos)\b", t, re.I)] == []


def test_matrix_is_the_montreal_model_with_its_default_suggestions(shipped):
    matrix = shipped["montreal-matrix"].matrix
    assert [d.id for d in matrix.degrees] == [d[0] for d in DEFAULT_DEGREES]
    assert [lv.id for lv in matrix.levels] == [lv[0] for lv in DEFAULT_LEVELS]
    suggested = {lv.id: lv.optional_for.model_dump(exclude_defaults=True) for lv in matrix.levels}
    assert suggested == {lv[0]: lv[3] for lv in DEFAULT_LEVELS}, "keep the model's defaults and the file in step"


def test_every_cell_has_three_practices_of_which_two_core(shipped):
    q = shipped["montreal-matrix"]
    practices = [i for i in q.items() if i.kind == "practice"]
    thin = {}
    for level, degree in q.cells():
        here = [i for i in practices if any((c.level, c.degree) == (level, degree) for c in i.cells)]
        if len(here) < 3 or sum(i.core for i in here) < 2:
            thin[f"{level} × {degree}"] = (len(here), sum(i.core for i in here))
    assert len(q.cells()) == 20 and thin == {}


def test_the_core_version_fits_in_one_meeting(shipped):
    core = [i for i in shipped["montreal-matrix"].items() if i.core]
    assert 40 <= len(core) <= 50, len(core)


def test_policy_items_are_about_contributions_beyond_the_walls(shipped):
    beyond = re.compile(r"territ|GHT|CRSA|CTS|région|national|ARS|HAS|ministère")
    policy = [i for i in shipped["montreal-matrix"].items() if any(c.level == "policy" for c in i.cells)]
    assert policy and [i.id for i in policy if not beyond.search(i.text.fr)] == []


def test_peer_support_is_an_organisation_service_not_a_care_degree(shipped):
    peer = [i for i in shipped["montreal-matrix"].items() if re.search(r"pair-aid", i.text.fr, re.I)]
    assert peer, "the matrix asks about peer support"
    assert {c.level for i in peer for c in i.cells} == {"organisation"}


def test_establishment_figures_are_asked_and_not_scored_as_cells(shipped):
    q = shipped["montreal-matrix"]
    figures = {i.id: i for i in q.items() if not i.cells}
    numbers = [i for i in figures.values() if i.kind == "number"]
    assert len(numbers) >= 2 and all(i.min == 0 and i.integer is not None for i in numbers)
    assert any("patients partenaires" in i.text.fr for i in numbers)
    assert any("heures" in i.text.fr for i in numbers)
    paid = [i for i in figures.values() if i.kind == "single_choice" and "rémunérés" in i.text.fr]
    assert paid and all(i.core for i in figures.values())


def test_obligation_mappings_name_a_versioned_frame(shipped):
    for q in shipped.values():
        frames = {f.id: f for f in q.frames}
        for item in q.items(include_group_children=True):
            for mapping in item.obligations:
                assert frames[mapping.frame].version.strip(), (q.id, item.id)


# --- the initiative inventory ------------------------------------------------------------------

def test_inventory_is_one_repeatable_entry_per_initiative(shipped):
    q = shipped["initiative-inventory"]
    [group] = [i for i in q.items() if i.kind == "group"]
    ids = {c.id for c in group.items}
    assert {"initiative.title", "initiative.level", "initiative.users", "initiative.phases",
            "initiative.declarant", "initiative.declared_degree"} <= ids
    users = {o.code for o in q.scale(q.item("initiative.users").scale).options}
    assert {"patients", "relatives", "user_representatives", "patient_partners", "cvs_members", "associations",
            "peer_health_mediators"} <= users
    assert [o.code for o in q.scale(q.item("initiative.phases").scale).options] == [
        "design", "implementation", "evaluation"]
    assert {"project_lead", "co_declared"} <= {o.code for o in q.scale(q.item("initiative.declarant").scale).options}


def test_the_degree_comes_from_six_to_ten_power_descriptors_never_from_the_conditions(shipped):
    q = shipped["initiative-inventory"]
    derivation = q.scoring.derivation
    power = [c.id for c in q.item(derivation.group).items if c.id.startswith("initiative.power.")]
    assert 6 <= len(power) <= 10
    used = {c.item for rule in derivation.rules for c in condition_items(rule.when)}
    assert used <= {*power, "initiative.phases"}, "the phase users took part in may count; nothing else"
    assert set(derivation.conditions_items) == {"initiative.condition.trained", "initiative.condition.paid",
                                                "initiative.condition.supervised"}
    assert not used & set(derivation.conditions_items)


def test_trained_paid_supervised_users_without_power_stay_at_information(shipped):
    q = shipped["initiative-inventory"]
    power = [c.id for c in q.item("initiatives").items if c.id.startswith("initiative.power.")]
    conditions = {c: {"value": "yes"} for c in q.scoring.derivation.conditions_items}
    nothing = {p: {"value": "no"} for p in power}
    assert derive_entry_degree(q, {**nothing, **conditions}).degree == "information"
    everything = {p: {"value": "yes"} for p in power}
    unpaid = {c: {"value": "no"} for c in q.scoring.derivation.conditions_items}
    assert derive_entry_degree(q, {**everything, **unpaid}).degree == "partnership"


# --- the enabling environment ------------------------------------------------------------------

def test_levers_have_dimensions_of_their_own(shipped):
    q = shipped["enabling-environment"]
    assert {d.id for d in q.dimensions} == {"direction_strategy", "facilitator", "joint_training", "status_pay",
                                            "supervision", "charter", "communication", "indicators"}
    practices = [i for i in q.items() if i.kind == "practice"]
    assert practices and all(i.dimension and not i.cells for i in practices)
    assert {i.dimension for i in practices} == {d.id for d in q.dimensions}


def test_the_ten_keys_of_success_are_unscored_notes(shipped):
    q = shipped["enabling-environment"]
    [keys] = [s for s in q.sections if s.id == "keys"]
    assert len(keys.items) == 10
    assert all(i.kind == "text" and not i.required and not i.cells and not i.dimension for i in keys.items)


# --- patient-partner integration ---------------------------------------------------------------

def test_each_not_decided_answer_becomes_an_action_plan_row(shipped):
    import pandas as pd

    from scoring import score

    q = shipped["patient-partner-integration"]
    decisions = [i for i in q.items() if i.kind == "single_choice" and i.scale
                 and any(o.meaning == "not_decided" for o in q.scale(i.scale).options)]
    topics = " ".join(i.text.fr.lower() for i in decisions)
    for topic in ("statut", "formation", "supervision", "patients", "consentement", "lieu", "rapporte",
                  "identifiable", "délai", "communication"):
        assert topic in topics, topic
    not_decided = next(o.code for o in q.scale(decisions[0].scale).options if o.meaning == "not_decided")
    undecided = decisions[::2]
    responses = pd.DataFrame([dict(response_id="r1", establishment="E1", legal_entity="J1", campaign_id="c1", wave=1,
                                   questionnaire_id=q.id, questionnaire_version=q.version, category="cancer_centre",
                                   legal_status="private_non_profit", sector="health", region="53", groupings="",
                                   size=float("nan"), co_filled=True, status="submitted",
                                   version_choice="extended")])
    rows = [dict(response_id="r1", item_id=i.id, entry=-1, respondent="", respondent_role="", flag="", status="",
                 extent="", priority="", value=not_decided if i in undecided else _decided(q, i), choices="",
                 number=float("nan"), na_reason="", comment="") for i in decisions]
    steps = score(q, responses, pd.DataFrame(rows)).next_steps()
    plan = steps[steps["kind"] == "decision_to_take"]
    assert sorted(plan["item_id"]) == sorted(i.id for i in undecided)


def _decided(q, item) -> str:
    return next(o.code for o in q.scale(item.scale).options if o.meaning == "decided")
