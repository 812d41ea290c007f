"""Invitation codes: reusable within their campaign until revoked or expired, replaced by reissuing, and giving
their establishment and campaign only."""

from __future__ import annotations

import pytest

from continuum.problems import ProblemError
from storage.campaigns import create_campaign, get_campaign
from storage.engine import read_session, write_session
from storage.invitations import create_invitation, list_invitations, redeem_invitation, reissue_invitation
from storage.responses import get_response, open_response


def _code(error: pytest.ExceptionInfo) -> str:
    return error.value.problems[0].code


def test_a_code_is_reusable_and_reissuing_replaces_it_for_the_same_sites(world):
    with write_session(world.engine) as s:
        first = create_invitation(s, world.coordinator_a, "c1", [world.site_a1])
    with read_session(world.engine) as s:  # the quality team and the RU both type it, several times
        assert [redeem_invitation(s, first.code).sites for _ in range(3)] == [{world.site_a1}] * 3
    with write_session(world.engine) as s:
        second = reissue_invitation(s, world.coordinator_a, first.invitation_id, valid_days=30)
    assert second.code != first.code and second.sites == (world.site_a1,) and second.campaign_id == "c1"
    with read_session(world.engine) as s:
        with pytest.raises(ProblemError) as error:
            redeem_invitation(s, first.code)
        assert _code(error) == "invitation-revoked"
        assert redeem_invitation(s, second.code).sites == {world.site_a1}
        listed = {i["id"]: i["revoked"] for i in list_invitations(s, world.coordinator_a, "c1")}
    assert listed == {first.invitation_id: True, second.invitation_id: False}


def test_isolation_a_code_gives_its_establishment_and_campaign_only(world):
    with write_session(world.engine) as s:
        create_campaign(s, world.national, "c2", "Campagne 2", {"mini": "1.0"}, status="open")
        other_campaign = open_response(s, world.coordinator_a, "c2", world.site_a1, "mini").id
        issued = create_invitation(s, world.coordinator_a, "c1", [world.site_a1])
    with read_session(world.engine) as s:
        scope = redeem_invitation(s, issued.code)
        for attempt in (lambda: get_campaign(s, scope, "c2"), lambda: get_response(s, scope, other_campaign)):
            with pytest.raises(ProblemError):
                attempt()
    with write_session(world.engine) as s, pytest.raises(ProblemError):
        open_response(s, scope, "c1", world.site_a2, "mini")  # the sibling site the code does not cover
