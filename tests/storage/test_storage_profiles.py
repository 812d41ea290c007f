"""Stored engagement profiles: the engine's own rows, scored again whenever anything they were scored from changed.

On SQLite and PostgreSQL: the stored frames equal a fresh ``scoring.score``; a changed answer (saved online,
imported, or written by any other statement), a changed participant, a changed inventory and a tampered or
unreadable stored row are all noticed, and the comparison shows the new state.
"""

from __future__ import annotations

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal
from sqlalchemy import delete, func, select, update

import scoring
from storage.answers import AnswerInput, get_answers, replace_answers, save_answer
from storage.engine import make_engine, read_session, write_session
from storage.frames import load_frames
from storage.models import Meta
from storage.models_responses import Answer, Response, ResponseProfile, ResponseRevision
from storage.profiles import FRAMES, LAYOUT_KEY, profiles_of
from storage.responses import add_person, add_participant
from storage.scope import Scope
from storage.versioning import data_version
from views.results import compute
from views.results.compute import rows_of

W2 = "demo-national-w2"
SCORED = """\
id: profiled
version: "1.0"
title: {fr: Profil, en: Profile}
matrix:
  degrees: [{id: information, label: {fr: Information, en: Information}},
            {id: consultation, label: {fr: Consultation, en: Consultation}}]
  levels: [{id: care, label: {fr: Soins, en: Care}}, {id: organisation, label: {fr: Organisation, en: Organisation}}]
scales:
  - id: status
    role: status
    options:
      - {code: not_in_place, meaning: not_in_place, label: {fr: Pas en place, en: Not in place}}
      - {code: being_set_up, meaning: being_set_up, label: {fr: En cours, en: Being set up}}
      - {code: in_place, meaning: in_place, label: {fr: En place, en: In place}}
      - {code: evaluated, meaning: evaluated, label: {fr: En place et évalué, en: In place and evaluated}}
  - id: extent
    role: extent
    options:
      - {code: pilot, meaning: pilot, label: {fr: Pilote, en: Pilot}}
      - {code: whole, meaning: beyond_pilot, label: {fr: Tout l'établissement, en: Whole establishment}}
  - id: priority
    role: priority
    options:
      - {code: high, rank: 1, label: {fr: Haute, en: High}}
sections:
  - id: s
    title: {fr: S, en: S}
    items:
      - {id: care.info, kind: practice, core: true, cells: [{level: care, degree: information}], text: {fr: A, en: A}}
      - {id: care.consult, kind: practice, core: true, cells: [{level: care, degree: consultation}], text: {fr: B, en: B}}
      - {id: org.info, kind: practice, core: true, cells: [{level: organisation, degree: information}], text: {fr: C, en: C}}
"""


@pytest.fixture
def scored_world(world):
    """The hand-built world with a campaign ``c2`` on a questionnaire the engine scores."""
    from storage.campaigns import create_campaign
    from storage.questionnaires import publish_questionnaire

    with write_session(world.engine) as s:
        publish_questionnaire(s, "profiled", "1.0", SCORED, scope=world.national)
        create_campaign(s, world.national, "c2", "Campagne 2", {"profiled": "1.0"}, status="open")
    world.team = Scope.establishment([world.site_a1], campaign_id="c2", actor="Alice (quality)")
    return world


def _response(world) -> str:
    from storage.responses import open_response

    with write_session(world.engine) as s:
        return open_response(s, world.team, "c2", world.site_a1, "profiled").id


def _engine_frames(engine, scope, campaign_id, *, statuses=None, individual=True):
    """What the engine returns on the frames loaded from the database, and what storage returns for them."""
    loaded = compute.load_campaign(engine, scope, campaign_id, with_waves=False, statuses=statuses)
    with read_session(engine) as s:
        responses, answers = load_frames(s, scope, campaign_id, questionnaire_id=[loaded.questionnaire.id,
                                                                                  loaded.inventory.id],
                                         statuses=statuses, individual=individual,
                                         versions=loaded.campaign.questionnaires)
        stored = profiles_of(s, loaded.questionnaire, loaded.inventory, responses, individual=individual)
    expected = scoring.score(loaded.questionnaire, responses, answers, inventory=loaded.inventory)
    return stored, expected


def _assert_same(stored, expected) -> None:
    assert_frame_equal(stored.responses, expected.responses)
    for name in FRAMES:
        assert_frame_equal(getattr(stored, name), getattr(expected, name))


def test_the_demo_writer_stores_profiles_equal_to_the_engines_frames_in_both_variants(demo_url):
    engine = make_engine(demo_url)
    national = Scope.national()
    stored, expected = _engine_frames(engine, national, W2)
    assert stored.recomputed == 0 and len(stored.responses) > 30  # written with the demo, read as they are
    _assert_same(stored, expected)
    peers, expected = _engine_frames(engine, national, W2, statuses=["submitted"], individual=False)
    assert peers.recomputed == 0 and 0 < len(peers.responses) < len(stored.responses)
    _assert_same(peers, expected)
    engine.dispose()


def test_a_changed_inventory_answer_rescores_the_matrix_response_it_evidences(demo_url):
    engine = make_engine(demo_url)
    national = Scope.national()
    with read_session(engine) as s:
        site, inventory_id = s.execute(
            select(Response.site, Response.id).where(Response.campaign_id == W2,
                                                     Response.questionnaire_id == "initiative-inventory")
            .where(Response.site.in_(select(Response.site).where(Response.campaign_id == W2,
                                                                 Response.questionnaire_id == "montreal-matrix")))
            .order_by(Response.id)).first()
    with write_session(engine) as s:  # a plain statement, as any future write path might issue
        s.connection().execute(delete(Answer).where(Answer.response_id == inventory_id))
    stored, expected = _engine_frames(engine, national, W2)
    assert stored.recomputed == 1  # the one matrix response of that site in that campaign
    _assert_same(stored, expected)
    engine.dispose()


def test_a_tampered_or_unreadable_stored_profile_is_scored_again_never_shown(demo_url):
    engine = make_engine(demo_url)
    national = Scope.national()
    with write_session(engine) as s:
        one, two = s.execute(select(ResponseProfile.response_id).where(ResponseProfile.variant == "individual")
                             .join(Response, Response.id == ResponseProfile.response_id)
                             .where(Response.campaign_id == W2).order_by(ResponseProfile.response_id)
                             .limit(2)).scalars()
        s.connection().execute(update(ResponseProfile).where(ResponseProfile.response_id == one)
                               .values(payload=b"\x00" * 10))  # a record of the wrong size
        s.connection().execute(update(ResponseProfile).where(ResponseProfile.response_id == two)
                               .values(key="0" * 40))
    stored, expected = _engine_frames(engine, national, W2)
    assert stored.recomputed == 2
    _assert_same(stored, expected)
    with write_session(engine) as s:  # the layout described nowhere: everything is scored again
        s.connection().execute(delete(Meta).where(Meta.key.startswith(LAYOUT_KEY)))
    stored, expected = _engine_frames(engine, national, W2)
    assert stored.recomputed == len(stored.responses)
    _assert_same(stored, expected)
    engine.dispose()


def _care_information(scored, response_id: str) -> tuple[str, int]:
    cells = rows_of(scored.result.cell_states, response_id)
    row = cells[(cells["level"] == "care") & (cells["degree"] == "information")].iloc[0]
    return str(row["state"]), int(row["n_in_place_beyond_pilot"])


def _revision(engine, response_id: str) -> int:
    with read_session(engine) as s:
        return s.execute(select(ResponseRevision.revision)
                         .where(ResponseRevision.response_id == response_id)).scalar() or 0


def test_a_changed_answer_shows_its_new_state_in_the_comparison(scored_world, engine):
    world = scored_world
    rid = _response(world)
    with write_session(engine) as s:
        save_answer(s, world.team, rid, "care.info", AnswerInput(status="in_place", extent="whole"),
                    base_version=0)
    coordinator = world.coordinator_a
    first = compute.profile_campaign(engine, coordinator, "c2")
    # one practice in place for the whole establishment, none evaluated: present (N = 1), not established
    assert _care_information(first, rid) == ("present", 1)
    with read_session(engine) as s:
        version = data_version(s)
        assert s.execute(select(func.count()).select_from(ResponseProfile)).scalar() == 1  # stored by the reader
    again = compute.profile_campaign(engine, coordinator, "c2")
    assert _care_information(again, rid) == ("present", 1)
    with read_session(engine) as s:
        assert data_version(s) == version  # storing a profile is bookkeeping: caches keyed on it stay valid

    before = _revision(engine, rid)
    with write_session(engine) as s:  # saved online: not in place any more
        save_answer(s, world.team, rid, "care.info", AnswerInput(status="not_in_place", priority="high"),
                    base_version=1)
    assert _revision(engine, rid) > before
    assert _care_information(compute.profile_campaign(engine, coordinator, "c2"), rid) == ("absent", 0)

    with write_session(engine) as s:  # an import: being set up
        replace_answers(s, world.team, rid, [("care.info", -1, AnswerInput(status="being_set_up"))])
    assert _care_information(compute.profile_campaign(engine, coordinator, "c2"), rid) == ("emerging", 0)

    with write_session(engine) as s:  # any other statement on the answers table
        s.connection().execute(update(Answer).where(Answer.response_id == rid, Answer.item_id == "care.info")
                               .values(status="evaluated", extent="whole"))
    # the only practice of the cell in place beyond a pilot (100 % > 50 %) and evaluated: established
    assert _care_information(compute.profile_campaign(engine, coordinator, "c2"), rid) == ("established", 1)
    with read_session(engine) as s:
        assert get_answers(s, world.team, rid)[0]["status"] == "evaluated"


def test_who_took_part_and_the_response_row_are_part_of_the_key(scored_world, engine):
    world = scored_world
    rid = _response(world)
    with write_session(engine) as s:
        save_answer(s, world.team, rid, "care.info", AnswerInput(status="in_place", extent="whole"),
                    base_version=0)
    loaded = compute.load_campaign(engine, world.coordinator_a, "c2")

    def recomputed() -> int:
        with read_session(engine) as s:
            responses, _ = load_frames(s, world.coordinator_a, "c2")
            return profiles_of(s, loaded.questionnaire, None, responses).recomputed

    assert recomputed() == 1
    assert recomputed() == 0
    with write_session(engine) as s:  # a patient partner joins: the response is now co-filled
        person = add_person(s, "Paule (patiente partenaire)")
        add_participant(s, world.team, rid, person, "patient_partner")
    assert recomputed() == 1
    with write_session(engine) as s:  # the team chooses the extended version: the response row changed
        s.connection().execute(update(Response).where(Response.id == rid).values(version_choice="extended"))
    assert recomputed() == 1
    assert recomputed() == 0


def test_an_empty_campaign_and_a_campaign_without_answers_give_the_engines_frames(scored_world, engine):
    world = scored_world
    loaded = compute.load_campaign(engine, world.coordinator_a, "c2")
    with read_session(engine) as s:
        responses, answers = load_frames(s, world.coordinator_a, "c2")
        empty = profiles_of(s, loaded.questionnaire, None, responses)
    assert empty.responses.empty and all(getattr(empty, name).empty for name in FRAMES)
    rid = _response(world)
    with read_session(engine) as s:
        responses, answers = load_frames(s, world.coordinator_a, "c2")
        stored = profiles_of(s, loaded.questionnaire, None, responses)
    expected = scoring.score(loaded.questionnaire, responses, answers)
    _assert_same(stored, expected)
    cells = rows_of(stored.cell_states, rid)
    states = dict(zip(zip(cells["level"].astype(str), cells["degree"].astype(str)), cells["state"].astype(str)))
    assert states == {("care", "information"): "not_answered", ("care", "consultation"): "not_answered",
                      ("organisation", "information"): "not_answered", ("organisation", "consultation"): "not_assessed"}
    assert isinstance(stored.overall, pd.DataFrame)
