"""Campaigns, published questionnaire versions and invitations."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from continuum.problems import ProblemError
from storage.campaigns import create_campaign, get_campaign, list_campaigns, set_campaign_status
from storage.engine import read_session, write_session
from storage.invitations import create_invitation, list_invitations, redeem_invitation, revoke_invitation
from storage.models import Invitation
from storage.questionnaires import get_published, list_published, publish_questionnaire
from storage.responses import open_response

from fixtures.db import MINI_QUESTIONNAIRE


def codes(error: ProblemError) -> list[str]:
    return [p.code for p in error.problems]


def test_publishing_the_same_version_twice_is_a_no_op_and_changed_content_is_refused(world):
    again = publish_questionnaire(world.engine, "mini", "1.0", MINI_QUESTIONNAIRE)
    assert not again.created
    with pytest.raises(ProblemError) as caught:
        publish_questionnaire(world.engine, "mini", "1.0", MINI_QUESTIONNAIRE + "# changed\n")
    assert codes(caught.value) == ["published-version-changed"]
    assert get_published(world.engine, "mini", "1.0").yaml_text == MINI_QUESTIONNAIRE
    new = publish_questionnaire(world.engine, "mini", "1.1", MINI_QUESTIONNAIRE.replace("1.0", "1.1"))
    assert new.created and [p.version for p in list_published(world.engine, "mini")] == ["1.0", "1.1"]


def test_a_response_keeps_the_version_it_was_filled_under(world):
    response = world.response()
    publish_questionnaire(world.engine, "mini", "2.0", MINI_QUESTIONNAIRE.replace("1.0", "2.0"))
    with write_session(world.engine) as s:
        create_campaign(s, world.national, "c2", "Wave 2", {"mini": "2.0"}, wave=2, previous_campaign_id="c1",
                        status="open")
        assert open_response(s, world.team_a, "c1", world.site_a1, "mini").questionnaire_version == "1.0"
        assert open_response(s, world.national, "c2", world.site_a1, "mini").questionnaire_version == "2.0"
    assert response


def test_unknown_campaign_and_unknown_questionnaire_version(world):
    with read_session(world.engine) as s, pytest.raises(ProblemError) as caught:
        get_campaign(s, world.national, "c1x")
    assert codes(caught.value) == ["campaign-unknown"] and "'c1'" in caught.value.problems[0].fix
    with pytest.raises(ProblemError) as caught, write_session(world.engine) as s:
        create_campaign(s, world.national, "c9", "X", {"mini": "9.9"})
    assert codes(caught.value) == ["questionnaire-version-unknown"]


def test_campaigns_are_seen_within_scope(world):
    with write_session(world.engine) as s:
        create_campaign(s, world.national, "r53", "Bretagne", {"mini": "1.0"}, scope_kind="region", region="53")
    with read_session(world.engine) as s:
        assert {c.id for c in list_campaigns(s, world.national)} == {"c1", "r53"}
        assert {c.id for c in list_campaigns(s, world.coordinator_a)} == {"c1"}
        assert {c.id for c in list_campaigns(s, world.team_a)} == {"c1"}
    with pytest.raises(ProblemError) as caught, write_session(world.engine) as s:
        create_campaign(s, world.coordinator_a, "r53b", "X", {"mini": "1.0"}, scope_kind="region", region="53")
    assert codes(caught.value) == ["forbidden"]


def test_a_closed_campaign_refuses_new_responses(world):
    with write_session(world.engine) as s:
        set_campaign_status(s, world.national, "c1", "closed")
    with pytest.raises(ProblemError) as caught, write_session(world.engine) as s:
        open_response(s, world.team_a, "c1", world.site_a1, "mini")
    assert codes(caught.value) == ["campaign-closed"]


def test_an_invitation_code_is_shown_once_stored_hashed_and_grants_its_sites(world):
    with write_session(world.engine) as s:
        issued = create_invitation(s, world.coordinator_a, "c1", [world.site_a1, world.site_a2])
    with read_session(world.engine) as s:
        stored = s.get(Invitation, issued.invitation_id)
        assert issued.code.replace("-", "")[4:] not in stored.code_hash and stored.code_hash.startswith("scrypt$")
        scope = redeem_invitation(s, issued.code.lower().replace("-", ""))
        assert scope.sites == {world.site_a1, world.site_a2} and scope.campaign_id == "c1"
        assert [i["sites"] for i in list_invitations(s, world.coordinator_a, "c1")] == [
            sorted([world.site_a1, world.site_a2])]


def test_invitation_refusals(world):
    with write_session(world.engine) as s:
        issued = create_invitation(s, world.national, "c1", world.site_a1, valid_days=1)
        with pytest.raises(ProblemError) as caught:
            create_invitation(s, world.national, "c1", [world.site_a1, world.site_b])
        assert codes(caught.value) == ["sites-of-several-legal-entities"]
        with pytest.raises(ProblemError) as caught:
            create_invitation(s, world.national, "c1", world.ej)
        assert codes(caught.value) == ["finess-is-legal-entity"]
        with pytest.raises(ProblemError) as caught:
            create_invitation(s, world.team_a, "c1", world.site_a1)
        assert codes(caught.value) == ["forbidden"]
    later = dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(days=2)
    one_letter_off = issued.code[:-1] + ("Y" if issued.code.endswith("X") else "X")  # never the code itself
    with read_session(world.engine) as s:
        for code, kwargs in (("invitation-unknown", {"code": "AAAA-BBBB-CCCC-DDDD"}),
                             ("invitation-unknown", {"code": one_letter_off}),
                             ("invitation-expired", {"code": issued.code, "now": later})):
            with pytest.raises(ProblemError) as caught:
                redeem_invitation(s, **kwargs)
            assert codes(caught.value) == [code]
    with write_session(world.engine) as s:
        revoke_invitation(s, world.coordinator_a, issued.invitation_id)
    with read_session(world.engine) as s, pytest.raises(ProblemError) as caught:
        redeem_invitation(s, issued.code)
    assert codes(caught.value) == ["invitation-revoked"]
    with write_session(world.engine) as s:
        set_campaign_status(s, world.national, "c1", "closed")
        issued2 = s.execute(select(Invitation.id)).scalars().all()
    with read_session(world.engine) as s, pytest.raises(ProblemError):
        create_invitation(s, world.national, "c1", world.site_a1)
    assert issued2
