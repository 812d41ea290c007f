"""Each bad input of the storage layer gets a clear error and leaves the database exactly as it was.

The call runs inside a write session whose error is caught and which is then committed anyway,
so a function that wrote something before refusing would show up in the snapshot: every row of
every table, and the data version, are compared before and after.
"""

from __future__ import annotations

import datetime as dt

import pytest

from continuum.problems import ProblemError
from continuum.reference import finess_with_key
from storage.answers import AnswerInput, save_answer
from storage.campaigns import create_campaign, set_campaign_status
from storage.engine import write_session
from storage.establishments import add_legal_entity, add_site
from storage.invitations import create_invitation, redeem_invitation, revoke_invitation
from storage.responses import open_response

from fixtures.db import database_snapshot

LATER = dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(days=3)


@pytest.fixture
def setting(world):
    """The world, plus a closed campaign with a response, an expiring and a revoked invitation."""
    with write_session(world.engine) as s:
        create_campaign(s, world.national, "closed", "Vague close", {"mini": "1.0"}, status="open")
        closed_response = open_response(s, world.team_a.__class__.establishment([world.site_a1], campaign_id="closed"),
                                        "closed", world.site_a1, "mini").id
        closed_code = create_invitation(s, world.national, "closed", world.site_a1).code
        set_campaign_status(s, world.national, "closed", "closed")
        expiring = create_invitation(s, world.national, "c1", world.site_a1, valid_days=1).code
        revoked = create_invitation(s, world.national, "c1", world.site_a2)
        revoke_invitation(s, world.national, revoked.invitation_id)
    world.closed_response, world.expiring, world.revoked = closed_response, expiring, revoked.code
    world.closed_code = closed_code
    return world


def _bad_finess(world) -> str:
    good = finess_with_key("44000030")
    return good[:-1] + str((int(good[-1]) + 1) % 10)  # the right shape, the wrong check key


BAD_INPUTS = {
    "malformed FINESS ET": (
        "finess-invalid",
        lambda s, w: add_site(s, w.national, _bad_finess(w), w.ej, "Site", "chu", "public", "52")),
    "malformed FINESS EJ": (
        "finess-invalid", lambda s, w: add_legal_entity(s, w.national, "44000A001", "Entité", "ch", "public", "52")),
    "an EJ where an ET is expected (response)": (
        "finess-is-legal-entity", lambda s, w: open_response(s, w.national, "c1", w.ej, "mini")),
    "an EJ where an ET is expected (invitation)": (
        "finess-is-legal-entity", lambda s, w: create_invitation(s, w.national, "c1", w.ej)),
    "an unknown campaign (response)": (
        "campaign-unknown", lambda s, w: open_response(s, w.national, "c-nope", w.site_a1, "mini")),
    "an unknown campaign (invitation)": (
        "campaign-unknown", lambda s, w: create_invitation(s, w.national, "c-nope", w.site_a1)),
    "a closed campaign (new response)": (
        "campaign-closed", lambda s, w: open_response(s, w.national, "closed", w.site_b, "mini")),
    "a closed campaign (answer)": (
        "campaign-closed", lambda s, w: save_answer(s, w.national, w.closed_response, "care.info",
                                                    AnswerInput(status="in_place"), base_version=None)),
    "a closed campaign (invitation)": (
        "campaign-closed", lambda s, w: create_invitation(s, w.national, "closed", w.site_a1)),
    "a closed campaign (its access code)": (
        "invitation-campaign-closed", lambda s, w: redeem_invitation(s, w.closed_code)),
    "an expired invitation": (
        "invitation-expired", lambda s, w: redeem_invitation(s, w.expiring, now=LATER)),
    "a revoked invitation": (
        "invitation-revoked", lambda s, w: redeem_invitation(s, w.revoked)),
    "a duplicate site": (
        "establishment-duplicate",
        lambda s, w: add_site(s, w.national, w.site_a1, w.ej, "Encore", "chu", "public", "52")),
    "a duplicate legal entity": (
        "establishment-duplicate", lambda s, w: add_legal_entity(s, w.national, w.ej, "Encore", "chu", "public", "52")),
    "a site registered again as a legal entity": (
        "establishment-duplicate",
        lambda s, w: add_legal_entity(s, w.national, w.site_b, "Encore", "clinic", "private_for_profit", "53")),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_a_bad_input_is_refused_clearly_and_changes_nothing(setting, case):
    code, call = BAD_INPUTS[case]
    before = database_snapshot(setting.engine)
    with write_session(setting.engine) as session:
        with pytest.raises(ProblemError) as caught:
            call(session, setting)
        # the session is committed anyway: whatever the call wrote before refusing would stay
    problem = caught.value.problems[0]
    assert problem.code == code
    assert problem.message and problem.fix, "every refusal says what is wrong and how to fix it"
    assert database_snapshot(setting.engine) == before
