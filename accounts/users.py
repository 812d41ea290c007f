"""Users: create, read, correct, disable; their regions (coordinators, ARS) and sites (establishment, facilitator).

Only an admin manages accounts; a person may correct their own name and e-mail. Every change is audited,
and no password or code is ever stored or logged in clear.
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from accounts.passwords import hash_secret, password_problems
from accounts.roles import REGION_ROLES, ROLES, SITE_ROLES, Actor
from continuum.problems import Problem, ProblemError
from continuum.reference import REGIONS
from storage import audit
from storage.errors import forbidden, not_found
from storage.invitations import ALPHABET
from storage.models import Person, Site, utcnow
from storage.models_accounts import Membership, SignInSession, UserAccount, UserRegion
from storage.scope import Scope

EDITABLE_BY_SELF = ("display_name", "email")


@dataclass(frozen=True)
class UserInfo:
    id: str
    login: str
    display_name: str
    email: str | None
    role: str
    regions: tuple[str, ...]
    sites: tuple[str, ...]
    has_password: bool
    has_code: bool
    oidc_subject: str | None
    person_id: str | None
    disabled: bool
    created_at: dt.datetime
    last_sign_in_at: dt.datetime | None


@dataclass(frozen=True)
class CreatedUser:
    user: UserInfo
    personal_code: str | None  # shown once: only its hash is stored


def audit_scope(actor: Actor) -> Scope:
    """Account changes are audited under the actor's name (national entries: coordinators do not list them)."""
    return Scope.national(actor=actor.name)


def normalise_login(login: str) -> str:
    return (login or "").strip().lower()


def _info(session: Session, user: UserAccount) -> UserInfo:
    regions = session.execute(select(UserRegion.region).where(UserRegion.user_id == user.id)).scalars()
    sites = session.execute(select(Membership.site).where(Membership.user_id == user.id)).scalars()
    return UserInfo(user.id, user.login, user.display_name, user.email, user.role, tuple(sorted(regions)),
                    tuple(sorted(sites)), user.password_hash is not None, user.code_hash is not None,
                    user.oidc_subject, user.person_id, user.disabled_at is not None, user.created_at,
                    user.last_sign_in_at)


def _require_admin(actor: Actor, location: str) -> None:
    if not actor.is_admin:
        raise forbidden(location, "Only an admin manages accounts.", "Ask your platform's admin.")


def _placement_problems(session: Session, role: str, regions: list[str], sites: list[str], location: str
                        ) -> list[Problem]:
    out = []
    if role not in ROLES:
        out.append(Problem("role-unknown", location, f"Unknown role '{role}'.", "Use one of: " + ", ".join(ROLES),
                           found=role))
    if role in REGION_ROLES and not regions:
        out.append(Problem("regions-missing", location, f"A {role} account works within regions.",
                           "Give at least one region code."))
    out += [Problem("region-unknown", location, f"Unknown region '{r}'.", "Use an INSEE region code.", found=r)
            for r in regions if r not in REGIONS]
    known = set(session.execute(select(Site.finess).where(Site.finess.in_(sites))).scalars()) if sites else set()
    out += [Problem("site-unknown", location, f"No site {s}.", "Register the establishment first (FINESS ET).",
                    found=s) for s in sites if s not in known]
    return out


def create_user(session: Session, actor: Actor, *, login: str, display_name: str, role: str,
                email: str | None = None, password: str | None = None, personal_code: bool = False,
                oidc_subject: str | None = None, identity_provider: bool = False, regions: list[str] = (),
                sites: list[str] = ()) -> CreatedUser:
    """An account with a password, a personal code (for people without a work e-mail), or the regional identity
    provider (``identity_provider``: linked to the provider's identity on the first sign-in, by e-mail)."""
    login, location = normalise_login(login), f"user/{normalise_login(login)}"
    _require_admin(actor, location)
    regions, sites = sorted(set(regions)), sorted({s.strip().upper() for s in sites})
    problems = _placement_problems(session, role, regions, sites, location)
    if not login:
        problems.append(Problem("login-missing", location, "An account needs a login.", "Give an e-mail or a name."))
    elif session.execute(select(UserAccount.id).where(UserAccount.login == login)).first():
        problems.append(Problem("login-taken", location, f"The login '{login}' is already used.",
                                "Choose another login.", found=login))
    if not display_name.strip():
        problems.append(Problem("name-missing", location, "An account needs a name.", "Give the person's name."))
    if password:
        problems += password_problems(password, login, location)
    elif not personal_code and not oidc_subject and not identity_provider:
        problems.append(Problem("credential-missing", location, "An account needs a way to sign in.",
                                "Give a password, ask for a personal code, or let the identity provider sign in."))
    if identity_provider and "@" not in (email or login):
        problems.append(Problem("oidc-email-missing", location, "The identity provider finds an account by its "
                                "e-mail, and this one has none.", "Give the person's work e-mail (as the login or "
                                "the e-mail).", found=login))
    if problems:
        raise ProblemError(problems)
    user_id = uuid.uuid4().hex[:16]
    person_id = None
    if role in SITE_ROLES:  # the person may take part in self-assessments under this id
        session.add(Person(id=user_id, display_name=display_name.strip(), email=email))
        person_id = user_id
    user = UserAccount(id=user_id, login=login, display_name=display_name.strip(), email=email or None, role=role,
                       password_hash=hash_secret(password) if password else None, oidc_subject=oidc_subject,
                       person_id=person_id, created_by=actor.name)
    session.add(user)
    session.flush()
    session.add_all(UserRegion(user_id=user_id, region=r) for r in regions)
    session.add_all(Membership(user_id=user_id, site=s) for s in sites)
    code = _new_code(session, user) if personal_code else None
    audit.record(session, audit_scope(actor), "create", "user", user_id,
                 after={"login": login, "role": role, "regions": regions, "sites": sites,
                        "password": bool(password), "personal_code": bool(code),
                        "identity_provider": bool(identity_provider or oidc_subject)})
    session.flush()
    return CreatedUser(_info(session, user), code)


def _new_code(session: Session, user: UserAccount) -> str:
    while True:
        groups = ["".join(secrets.choice(ALPHABET) for _ in range(4)) for _ in range(4)]
        if session.execute(select(UserAccount.id).where(UserAccount.code_id == groups[0])).first() is None:
            break
    user.code_id, user.code_hash = groups[0], hash_secret("".join(groups[1:]))
    return "-".join(groups)


def issue_personal_code(session: Session, actor: Actor, user_id: str) -> str:
    """A new personal code (the previous one stops working); shown once, stored hashed."""
    _require_admin(actor, f"user/{user_id}")
    user = _load(session, user_id)
    code = _new_code(session, user)
    audit.record(session, audit_scope(actor), "personal_code", "user", user_id, after={"reissued": True})
    return code


def set_password(session: Session, actor: Actor, user_id: str, password: str) -> None:
    """An admin resets a password, or a person changes their own; their other sessions end."""
    if actor.user_id != user_id:
        _require_admin(actor, f"user/{user_id}")
    user = _load(session, user_id)
    if problems := password_problems(password, user.login, f"user/{user.login}"):
        raise ProblemError(problems)
    user.password_hash = hash_secret(password)
    revoke_sessions(session, user_id)
    audit.record(session, audit_scope(actor), "password", "user", user_id, after={"changed": True})


def update_user(session: Session, actor: Actor, user_id: str, **fields) -> UserInfo:
    """Change name, e-mail (the person themselves too), or role, regions, sites, disabled (admins only)."""
    location = f"user/{user_id}"
    if actor.user_id != user_id or set(fields) - set(EDITABLE_BY_SELF):
        _require_admin(actor, location)
    user = _load(session, user_id)
    before = _info(session, user)
    role = fields.get("role", user.role)
    regions = sorted(set(fields.get("regions", before.regions)))
    sites = sorted({s.strip().upper() for s in fields.get("sites", before.sites)})
    if problems := _placement_problems(session, role, regions, sites, location):
        raise ProblemError(problems)
    if "display_name" in fields and not str(fields["display_name"]).strip():
        raise ProblemError([Problem("name-missing", location, "An account needs a name.", "Give the person's name.")])
    for key in ("display_name", "email", "role"):
        if key in fields:
            setattr(user, key, (fields[key] or None) if key == "email" else fields[key].strip())
    if user.person_id and ({"display_name", "email"} & set(fields)):
        session.execute(update(Person).where(Person.id == user.person_id)
                        .values(display_name=user.display_name, email=user.email))
    if "regions" in fields:
        session.execute(delete(UserRegion).where(UserRegion.user_id == user_id))
        session.add_all(UserRegion(user_id=user_id, region=r) for r in regions)
    if "sites" in fields:
        session.execute(delete(Membership).where(Membership.user_id == user_id))
        session.add_all(Membership(user_id=user_id, site=s) for s in sites)
    if "disabled" in fields:
        user.disabled_at = utcnow() if fields["disabled"] else None
        if fields["disabled"]:
            revoke_sessions(session, user_id)
    session.flush()
    after = _info(session, user)
    changed = {k: getattr(after, k) for k in ("display_name", "email", "role", "regions", "sites", "disabled")
               if getattr(before, k) != getattr(after, k)}
    audit.record(session, audit_scope(actor), "update", "user", user_id,
                 before={k: getattr(before, k) for k in changed}, after=changed)
    return after


def revoke_sessions(session: Session, user_id: str) -> None:
    session.execute(update(SignInSession).where(SignInSession.user_id == user_id, SignInSession.revoked_at.is_(None))
                    .values(revoked_at=utcnow()))


def _load(session: Session, user_id: str) -> UserAccount:
    user = session.get(UserAccount, user_id)
    if user is None:
        raise not_found("user-unknown", "user", user_id)
    return user


def get_user(session: Session, actor: Actor, user_id: str) -> UserInfo:
    if actor.user_id != user_id:
        _require_admin(actor, f"user/{user_id}")
    return _info(session, _load(session, user_id))


def find_user(session: Session, login: str) -> UserAccount | None:
    """The account behind a login (sign-in only: it returns the row with its hashes)."""
    return session.execute(select(UserAccount).where(UserAccount.login == normalise_login(login))).scalar_one_or_none()


def list_users(session: Session, actor: Actor) -> list[UserInfo]:
    _require_admin(actor, "users")
    return [_info(session, u) for u in session.execute(select(UserAccount).order_by(UserAccount.login)).scalars()]


def admin_exists(session: Session) -> bool:
    return session.execute(select(UserAccount.id).where(UserAccount.role == "admin",
                                                        UserAccount.disabled_at.is_(None))).first() is not None
