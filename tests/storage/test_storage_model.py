"""The parts of the model no other test reads back: people across establishments, the facilitator, groupings,
consents with who and when, the campaign's own rules, and the audit log's "from what to what"."""

from __future__ import annotations

import datetime as dt

import pytest

from continuum.problems import ProblemError
from storage.answers import AnswerInput, add_evidence, list_evidence, save_answer
from storage.audit import list_audit
from storage.campaigns import create_campaign, get_campaign
from storage.engine import read_session, write_session
from storage.establishments import add_grouping, add_site, get_consents, get_site, set_consent
from storage.frames import load_frames
from storage.responses import add_participant, add_person, get_response, open_response, set_facilitator

from continuum.reference import finess_with_key


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def test_one_user_representative_takes_part_in_two_establishments(world):
    mine, theirs = world.response(), world.response(world.team_b)
    with write_session(world.engine) as s:
        ru = add_person(s, "Rémi Martin (RU)")
        add_participant(s, world.team_a, mine, ru, "ru")
        add_participant(s, world.team_b, theirs, ru, "ru", individual=True)
        quality = add_person(s, "Alice (qualité)")
        add_participant(s, world.team_a, mine, quality, "quality")
        set_facilitator(s, world.team_a, mine, ru)
    with read_session(world.engine) as s:
        a, b = get_response(s, world.team_a, mine), get_response(s, world.team_b, theirs)
        responses, _ = load_frames(s, world.national, "c1")
    assert {(p["person_id"], p["role"], p["individual"]) for p in a.participants} == {
        (ru, "ru", False), (quality, "quality", False)}
    assert [(p["person_id"], p["individual"]) for p in b.participants] == [(ru, True)]
    assert a.facilitator_id == ru and b.facilitator_id is None
    assert a.status == b.status == "draft" and a.co_filled and b.co_filled
    assert set(responses["co_filled"]) == {True}
    with pytest.raises(ProblemError) as caught, write_session(world.engine) as s:
        add_participant(s, world.team_a, mine, ru, "doctor")
    assert caught.value.problems[0].code == "role-unknown"


def test_a_site_belongs_to_groupings_and_the_frames_carry_them(world):
    site = finess_with_key("44000040")
    with write_session(world.engine) as s:
        add_grouping(s, world.national, "GHT-44-01", "ght", "GHT Loire-Atlantique", region="52")
        add_grouping(s, world.national, "GRP-A", "private_group", "Groupe A")
        add_site(s, world.national, site, world.ej, "Site nord", "chu", "public", "52", size=120,
                 groupings=["GHT-44-01", "GRP-A"])
    team = world.team_a.establishment([site], campaign_id="c1")
    world.response(team)
    with read_session(world.engine) as s:
        info = get_site(s, world.national, site)
        responses, _ = load_frames(s, world.national, "c1")
    assert (info.groupings, info.size, info.sector) == (("GHT-44-01", "GRP-A"), 120.0, "health")
    assert responses.set_index("establishment").loc[site, "groupings"] == "GHT-44-01|GRP-A"


def test_each_consent_keeps_who_gave_it_and_when_and_a_change_is_logged(world):
    start = now()
    with write_session(world.engine) as s:
        set_consent(s, world.team_a, world.site_a1, "named_to_peers", True, "Mme Durand, directrice")
        set_consent(s, world.team_a, world.site_a1, "cited_as_example", True, "Mme Durand, directrice")
    with write_session(world.engine) as s:
        set_consent(s, world.team_a, world.site_a1, "named_to_peers", False, "M. Petit, directeur")
    with read_session(world.engine) as s:
        consents = get_consents(s, world.team_a, world.site_a1)
        log = [e for e in list_audit(s, world.national, entity="consent")]
    named = consents["named_to_peers"]
    assert (named["granted"], named["given_by"]) == (False, "M. Petit, directeur")
    assert start <= named["given_at"] <= now()
    assert consents["cited_as_example"]["granted"] and not consents["results_to_ars"]["granted"]
    assert consents["results_to_ars"]["given_at"] is None  # never given: no date made up
    change = log[0]
    assert change["before"] == {"granted": True, "given_by": "Mme Durand, directrice"}
    assert change["after"] == {"granted": False, "given_by": "M. Petit, directeur"}


def test_the_audit_log_says_who_changed_an_answer_from_what_to_what(world):
    response = world.response()
    with write_session(world.engine) as s:
        save_answer(s, world.team_a, response, "care.info", AnswerInput(status="not_in_place", priority="high"),
                    base_version=None)
    with write_session(world.engine) as s:
        save_answer(s, world.team_a.as_actor("Bob (RU)"), response, "care.info",
                    AnswerInput(status="in_place", extent="pilot", comment="CR CDU 2025"), base_version=1)
    with read_session(world.engine) as s:
        latest, first = list_audit(s, world.coordinator_a, entity="answer")[:2]
    assert first["before"] is None and first["after"]["status"] == "not_in_place" and first["actor"] == "Alice (quality)"
    assert latest["actor"] == "Bob (RU)" and latest["site"] == world.site_a1 and latest["campaign_id"] == "c1"
    assert (latest["before"]["status"], latest["before"]["priority"]) == ("not_in_place", "high")
    assert (latest["after"]["status"], latest["after"]["extent"], latest["after"]["comment"]) == (
        "in_place", "pilot", "CR CDU 2025")
    assert latest["at"] >= first["at"]


def test_evidence_is_kept_per_item_and_per_respondent(world):
    response = world.response()
    with write_session(world.engine) as s:
        ru = add_person(s, "Rémi (RU)")
        add_participant(s, world.team_a, response, ru, "ru", individual=True)
        add_evidence(s, world.team_a, response, "care.info", "Livret d'accueil 2025")
        add_evidence(s, world.team_a.as_actor("Rémi (RU)", person_id=ru), response, "care.info",
                     "Compte rendu CDU de mars", respondent=ru)
    with read_session(world.engine) as s:
        rows = list_evidence(s, world.team_a, response)
    assert [(e["item_id"], e["respondent"], e["description"]) for e in rows] == [
        ("care.info", "", "Livret d'accueil 2025"), ("care.info", ru, "Compte rendu CDU de mars")]


def test_a_campaign_keeps_its_period_scope_wave_link_optional_levels_and_version_rule(world):
    with write_session(world.engine) as s:
        create_campaign(s, world.coordinator_a, "r52-w2", "Pays de la Loire, vague 2", {"mini": "1.0"},
                        scope_kind="region", region="52", wave=2, previous_campaign_id="c1",
                        starts_on=dt.date(2026, 9, 1), ends_on=dt.date(2027, 3, 31), status="open",
                        version_choice="core_only", optional_levels={"ehpad": ["research", "teaching"]})
        campaign = get_campaign(s, world.coordinator_a, "r52-w2")
    assert (campaign.scope_kind, campaign.region, campaign.wave, campaign.previous_campaign_id) == (
        "region", "52", 2, "c1")
    assert (campaign.starts_on, campaign.ends_on, campaign.status) == (dt.date(2026, 9, 1), dt.date(2027, 3, 31),
                                                                       "open")
    assert campaign.optional_levels == {"ehpad": ["research", "teaching"]} and campaign.questionnaires == {
        "mini": "1.0"}
    team = world.team_a.establishment([world.site_a1], campaign_id="r52-w2")
    with pytest.raises(ProblemError) as caught, write_session(world.engine) as s:
        open_response(s, team, "r52-w2", world.site_a1, "mini", version_choice="extended")
    assert caught.value.problems[0].code == "version-choice-refused"
    with pytest.raises(ProblemError) as caught, write_session(world.engine) as s:
        create_campaign(s, world.national, "bad", "X", {"mini": "1.0"}, optional_levels={"ehpad": ["space"]})
    assert [p.code for p in caught.value.problems] == ["optional-levels-invalid"]


def test_who_took_part_is_locked_with_the_submitted_response(world):
    from storage.responses import submit_response

    response = world.response()
    with write_session(world.engine) as s:
        quality = add_person(s, "Alice (qualité)")
        add_participant(s, world.team_a, response, quality, "quality")
    with pytest.raises(ProblemError) as caught, write_session(world.engine) as s:
        set_facilitator(s, world.team_a, response, "nobody")
    assert caught.value.problems[0].code == "person-unknown"
    with write_session(world.engine) as s:
        submit_response(s, world.team_a, response)
        ru = add_person(s, "Rémi (RU)")
    for call in (lambda s: add_participant(s, world.team_a, response, ru, "ru"),
                 lambda s: set_facilitator(s, world.team_a, response, ru)):
        with pytest.raises(ProblemError) as caught, write_session(world.engine) as s:
            call(s)
        assert caught.value.problems[0].code == "response-submitted"
    with read_session(world.engine) as s:
        info = get_response(s, world.team_a, response)
    assert [p["role"] for p in info.participants] == ["quality"] and not info.co_filled and info.facilitator_id is None
