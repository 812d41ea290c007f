"""The action plan is built from the results, so it stays editable after the answers are submitted."""

from sqlalchemy import select

from storage.engine import read_session, write_session
from storage.models_responses import Response
from storage.plans import add_action, list_actions, update_action
from storage.responses import submit_response
from storage.scope import Scope


def test_a_submitted_response_still_takes_action_plan_rows(demo_url):
    from storage.engine import make_engine

    engine = make_engine(demo_url)
    with read_session(engine) as session:
        response = session.execute(select(Response).where(Response.status == "draft",
                                                          Response.campaign_id == "demo-national-w2")).scalars().first()
    team = Scope.establishment({response.site}, actor="Équipe qualité")
    with write_session(engine) as session:
        submit_response(session, Scope.national(actor="test"), response.id)
    with write_session(engine) as session:
        action_id = add_action(session, team, response.id, "Former les RU à la lecture des e-Satis", "own",
                               owner="Direction qualité")
    with write_session(engine) as session:
        update_action(session, team, action_id, status="in_progress")
    with read_session(engine) as session:
        row = next(a for a in list_actions(session, team, response.id) if a["id"] == action_id)
    engine.dispose()
    assert (row["owner"], row["status"]) == ("Direction qualité", "in_progress")


def test_another_establishment_cannot_touch_the_plan(demo_url):
    from storage.engine import make_engine
    import pytest
    from continuum.problems import ProblemError

    engine = make_engine(demo_url)
    with read_session(engine) as session:
        response = session.execute(select(Response)).scalars().first()
    with pytest.raises(ProblemError) as refused, write_session(engine) as session:
        add_action(session, Scope.establishment({"999999999"}), response.id, "x", "own")
    engine.dispose()
    assert refused.value.problems[0].code == "response-unknown"
