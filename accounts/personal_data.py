"""A person's rights over their personal data: see it, correct it, have it deleted. Every action is audited."""

from __future__ import annotations

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from accounts.roles import Actor
from accounts.users import audit_scope, get_user
from storage import audit
from storage.models import AuditEntry, Person, Site
from storage.models_accounts import SignInSession, UserAccount
from storage.models_responses import Participant, Response

DELETED_NAME = "(personne supprimée)"


def my_data(session: Session, actor: Actor) -> dict:
    """Everything held about the signed-in person: account, participations, sessions, and what they did."""
    user = get_user(session, actor, actor.user_id)
    participations = []
    if user.person_id:
        rows = session.execute(select(Participant.role, Participant.individual, Response.campaign_id, Site.name,
                                      Response.questionnaire_id)
                               .join(Response, Response.id == Participant.response_id)
                               .join(Site, Site.finess == Response.site)
                               .where(Participant.person_id == user.person_id)).all()
        participations = [dict(r._mapping) for r in rows]
    sessions = session.execute(select(SignInSession.method, SignInSession.created_at, SignInSession.last_seen_at,
                                      SignInSession.revoked_at).where(SignInSession.user_id == user.id)
                               .order_by(SignInSession.created_at.desc()).limit(50)).all()
    actions = session.execute(select(AuditEntry.at, AuditEntry.action, AuditEntry.entity, AuditEntry.entity_id)
                              .where(AuditEntry.actor == user.display_name)
                              .order_by(AuditEntry.id.desc()).limit(200)).all()
    return {"account": {"login": user.login, "name": user.display_name, "email": user.email, "role": user.role,
                        "regions": list(user.regions), "sites": list(user.sites),
                        "created_at": user.created_at, "last_sign_in_at": user.last_sign_in_at},
            "participations": participations,
            "sessions": [dict(r._mapping) for r in sessions],
            "actions": [dict(r._mapping) for r in actions]}


def delete_account(session: Session, actor: Actor, user_id: str) -> None:
    """Delete an account (the person themselves, or an admin) and blank the person's name in past participations.

    Answers the team gave together stay with the establishment; what they say no longer names the person.
    """
    user = get_user(session, actor, user_id)
    if user.person_id:
        session.execute(update(Person).where(Person.id == user.person_id)
                        .values(display_name=DELETED_NAME, email=None))
    session.execute(delete(UserAccount).where(UserAccount.id == user_id))
    audit.record(session, audit_scope(actor), "delete", "user", user_id, before={"role": user.role},
                 after={"deleted": True})

