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
def demo_engine(demo_db_url):
    from storage.engine import make_engine

    engine = make_engine(demo_db_url)
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


def test_unchanged_answers_keep_their_version_and_are_not_audited(demo_engine):
    response = _draft(demo_engine)
    team = Scope.establishment({response.site}, actor="Import Excel")
    with read_session(demo_engine) as session:
        before = {(a["item_id"], a["entry"]): a for a in get_answers(session, team, response.id)}
    same, other = list(before)[:2]
    keep = AnswerInput(**{f: before[same][f] for f in ("flag", "status", "extent", "priority", "value", "choices",
                                                         "number", "na_reason", "comment")})
    rows = [(same[0], same[1], keep, before[same]["version"]),
            (other[0], other[1], AnswerInput(status="not_in_place", comment="changé"), before[other]["version"])]
    with write_session(demo_engine) as session:
        assert save_answers(session, team, response.id, rows) == 1  # one answer changed
    with read_session(demo_engine) as session:
        after = {(a["item_id"], a["entry"]): a for a in get_answers(session, team, response.id)}
        audited = [e["entity_id"] for e in list_audit(session, team, entity="answer") if e["actor"] == "Import Excel"]
    assert after[same]["version"] == before[same]["version"] and after[same]["updated_by"] == before[same]["updated_by"]
    assert after[other]["version"] == before[other]["version"] + 1 and after[other]["comment"] == "changé"
    assert audited == [f"response/{response.id}/{other[0]}" + (f"[{other[1]}]" if other[1] >= 0 else "")]


def test_an_import_replaces_answers_and_a_form_opened_before_it_is_then_stale(demo_engine):
    from storage.answers import replace_answers

    response = _draft(demo_engine)
    team = Scope.establishment({response.site}, actor="Claire")
    with read_session(demo_engine) as session:
        before = {(a["item_id"], a["entry"]): a for a in get_answers(session, team, response.id)}
    (item, entry) = next(iter(before))
    with write_session(demo_engine) as session:  # the import does not need the versions: it is one more saver
        assert replace_answers(session, team.as_actor("Import Excel"), response.id, [
            (item, entry, AnswerInput(status="not_in_place", priority="high")),
            ("care.imported", -1, AnswerInput(value="nouveau"))]) == 2
    with read_session(demo_engine) as session:
        after = {(a["item_id"], a["entry"]): a for a in get_answers(session, team, response.id)}
    assert after[(item, entry)]["version"] == before[(item, entry)]["version"] + 1
    assert after[("care.imported", -1)]["version"] == 1
    with pytest.raises(ProblemError) as refused, write_session(demo_engine) as session:  # Claire's form predates it
        save_answer(session, team, response.id, item, AnswerInput(status="in_place", extent="whole"),
                    base_version=before[(item, entry)]["version"], entry=entry)
    assert refused.value.problems[0].code == "stale-answer" and "Import Excel" in refused.value.problems[0].message
    with read_session(demo_engine) as session:
        kept = {(a["item_id"], a["entry"]): a for a in get_answers(session, team, response.id)}
    assert kept[(item, entry)]["status"] == "not_in_place"  # the import's answer is kept


@pytest.mark.parametrize("db_url", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True)
def test_an_answer_created_online_while_an_import_writes_makes_the_import_stale(world):
    """PostgreSQL lets two writers overlap: the first save online of an item between the import's read and its
    insert is kept, and the whole import is refused as stale (SQLite serialises the two writers instead)."""
    from storage.answers import _locked_batch, _write_batch

    response = world.response()
    rows = [("care.info", -1, AnswerInput(status="in_place", extent="whole")),
            ("care.consult", -1, AnswerInput(status="not_in_place"))]
    with pytest.raises(ProblemError) as refused, write_session(world.engine) as importing:
        found, current = _locked_batch(importing, world.team_a.as_actor("Import Excel"), response, rows)
        assert current == {}
        with write_session(world.engine) as online:  # Claire answers care.info for the first time meanwhile
            save_answer(online, world.team_a.as_actor("Claire"), response, "care.info",
                        AnswerInput(status="being_set_up"), base_version=None)
        _write_batch(importing, world.team_a.as_actor("Import Excel"), found, current, rows)
    assert [p.code for p in refused.value.problems] == ["stale-answer"]
    assert "Claire" in refused.value.problems[0].message
    with read_session(world.engine) as session:
        kept = {a["item_id"]: a for a in get_answers(session, world.team_a, response)}
    assert set(kept) == {"care.info"} and kept["care.info"]["status"] == "being_set_up"
