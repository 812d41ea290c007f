"""Bulk saves (imports): the same version rules as one-by-one saves, in a few statements, all or nothing."""

import pytest

from continuum.problems import ProblemError
from storage.answers import AnswerInput, get_answers, save_answer, save_answers
from storage.audit import list_audit
from storage.engine import read_session, write_session
from storage.scope import Scope


def _draft(engine):
    from sqlalchemy import select

    from storage.models_responses import Response

    with read_session(engine) as session:
        return session.execute(select(Response).where(Response.status == "draft",
                                                      Response.campaign_id == "demo-national-w2")).scalars().first()


@pytest.fixture
def demo_engine(demo_url):
    from storage.engine import make_engine

    engine = make_engine(demo_url)
    yield engine
    engine.dispose()


def test_bulk_save_writes_new_and_newer_versions_and_audits_each(demo_engine):
    response = _draft(demo_engine)
    team = Scope.establishment({response.site}, actor="Import Excel")
    with read_session(demo_engine) as session:
        before = {(a["item_id"], a["entry"]): a for a in get_answers(session, team, response.id)}
    existing = next(iter(before))
    rows = [(existing[0], existing[1], AnswerInput(status="evaluated", extent="whole"), before[existing]["version"]),
            ("care.new.item", -1, AnswerInput(value="texte"), None)]
    with write_session(demo_engine) as session:
        assert save_answers(session, team, response.id, rows) == 2
    with read_session(demo_engine) as session:
        after = {(a["item_id"], a["entry"]): a for a in get_answers(session, team, response.id)}
        audited = [e for e in list_audit(session, team, entity="answer") if e["actor"] == "Import Excel"]
    assert after[existing]["status"] == "evaluated"
    assert after[existing]["version"] == before[existing]["version"] + 1
    assert after[("care.new.item", -1)]["version"] == 1
    assert len(audited) == 2


def test_one_stale_row_refuses_the_whole_batch_and_names_who_saved(demo_engine):
    response = _draft(demo_engine)
    team = Scope.establishment({response.site}, actor="Import Excel")
    with read_session(demo_engine) as session:
        before = {(a["item_id"], a["entry"]): a for a in get_answers(session, team, response.id)}
    (first, second) = list(before)[:2]
    with write_session(demo_engine) as session:  # Claire saves the first item meanwhile
        save_answer(session, team.as_actor("Claire"), response.id, first[0], AnswerInput(status="in_place", extent="whole"),
                    base_version=before[first]["version"], entry=first[1])
    rows = [(first[0], first[1], AnswerInput(status="not_in_place"), before[first]["version"]),
            (second[0], second[1], AnswerInput(status="not_in_place"), before[second]["version"])]
    with pytest.raises(ProblemError) as refused, write_session(demo_engine) as session:
        save_answers(session, team, response.id, rows)
    assert refused.value.problems[0].code == "stale-answer"
    assert "Claire" in refused.value.problems[0].message
    with read_session(demo_engine) as session:
        after = {(a["item_id"], a["entry"]): a for a in get_answers(session, team, response.id)}
    assert after[first]["status"] == "in_place"  # Claire's answer kept
    assert after[second]["version"] == before[second]["version"]  # nothing of the batch written
