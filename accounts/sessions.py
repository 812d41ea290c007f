"""Signing in and staying signed in: a random token in a cookie, only its SHA-256 in the ``sessions`` table.

A session ends at sign-out (revoked), after ``timeout`` minutes without activity, or when the account is
disabled. Every sign-in attempt goes through the throttle, and failures are audited without the secret.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from accounts import throttle
from accounts.passwords import hash_secret, needs_rehash, verify_secret
from accounts.roles import Actor
from accounts.users import audit_scope, find_user, normalise_login
from continuum.problems import Problem, ProblemError
from storage import audit
from storage.engine import run_write
from storage.models import utcnow
from storage.models_accounts import SignInSession, UserAccount

TOUCH_EVERY = dt.timedelta(seconds=60)


@dataclass(frozen=True)
class ActiveSession:
    user_id: str
    role: str
    display_name: str
    person_id: str | None
    method: str
    acting_for: tuple[str, ...] | None
    token: str = ""  # only when just created: the cookie value, never stored


def token_hash(token: str) -> str:
    """A 256-bit random token needs no slow hash: SHA-256 keeps a stolen table useless."""
    return hashlib.sha256(token.encode()).hexdigest()


def _refused(code: str, message: str, fix: str, wait: int = 0) -> ProblemError:
    error = ProblemError([Problem(code, "sign-in", message, fix)])
    error.wait_seconds = wait
    return error


def _throttled(session: Session, keys: list[str], now: dt.datetime) -> None:
    wait = throttle.remaining_wait(session, keys, now)
    if wait:
        raise _refused("sign-in-throttled", f"Too many failed attempts; try again in {wait} seconds.",
                       "Wait, then check your login and password (ask an admin if you forgot it).", wait)


def _fail(session: Session, keys: list[str], label: str, now: dt.datetime) -> ProblemError:
    throttle.record_failure(session, keys, now)
    audit.record(session, audit_scope(Actor(label, "")), "sign_in_failed", "user", label)
    return _refused("sign-in-failed", "The login or the password is wrong.",
                    "Check both (capital letters count), or ask an admin to reset your password.")


def _start(session: Session, user: UserAccount, method: str, keys: list[str], now: dt.datetime) -> ActiveSession:
    if user.disabled_at is not None:
        raise _refused("account-disabled", "This account is disabled.", "Ask an admin.")
    throttle.clear(session, keys)
    token = secrets.token_urlsafe(32)
    session.add(SignInSession(token_hash=token_hash(token), user_id=user.id, method=method, created_at=now,
                              last_seen_at=now))
    user.last_sign_in_at = now
    audit.record(session, audit_scope(Actor(user.display_name, user.role, user.id)), "sign_in", "user", user.id,
                 after={"method": method})
    session.flush()
    return ActiveSession(user.id, user.role, user.display_name, user.person_id, method, None, token)


def _committed(engine: Engine, attempt) -> ActiveSession:
    """Run a sign-in attempt and commit what it recorded (a failure too), then raise its refusal if any."""
    def work(session: Session):
        try:
            return attempt(session)
        except ProblemError as error:
            return error
    result = run_write(engine, work)
    if isinstance(result, ProblemError):
        raise result
    return result


def sign_in_password(engine: Engine, login: str, password: str, *, address: str | None = None,
                     now: dt.datetime | None = None) -> ActiveSession:
    """Check a login and password; refused while the throttle makes the caller wait (nothing is checked then)."""
    return _committed(engine, lambda session: _password(session, login, password, address, now))


def _password(session: Session, login: str, password: str, address: str | None, now: dt.datetime | None):
    now, login = now or utcnow(), normalise_login(login)
    keys = throttle.keys("login", login, address)
    _throttled(session, keys, now)
    user = find_user(session, login)
    if not verify_secret(user.password_hash if user else None, password or ""):
        raise _fail(session, keys, f"login {login}", now)
    if needs_rehash(user.password_hash):
        user.password_hash = hash_secret(password)
    return _start(session, user, "password", keys, now)


def sign_in_code(engine: Engine, code: str, *, address: str | None = None,
                 now: dt.datetime | None = None) -> ActiveSession:
    """A personal code ``ABCD-EFGH-JKLM-NPQR``: the first group finds the account, the rest is checked."""
    return _committed(engine, lambda session: _code(session, code, address, now))


def _code(session: Session, code: str, address: str | None, now: dt.datetime | None):
    now = now or utcnow()
    code = (code or "").strip().upper().replace(" ", "").replace("-", "")
    public, secret = code[:4], code[4:]
    keys = throttle.keys("code", public or "-", address)
    _throttled(session, keys, now)
    user = session.execute(select(UserAccount).where(UserAccount.code_id == public)).scalar_one_or_none() \
        if len(code) == 16 else None
    if not verify_secret(user.code_hash if user else None, secret):
        raise _fail(session, keys, f"code {public}", now)
    return _start(session, user, "code", keys, now)


def sign_in_oidc(engine: Engine, issuer: str, subject: str, email: str | None = None,
                 now: dt.datetime | None = None) -> ActiveSession:
    """A person the regional identity provider vouched for; the account must exist (by subject, then e-mail)."""
    return _committed(engine, lambda session: _oidc(session, issuer, subject, email, now))


def _oidc(session: Session, issuer: str, subject: str, email: str | None, now: dt.datetime | None):
    now = now or utcnow()
    key = f"{issuer}|{subject}"
    user = session.execute(select(UserAccount).where(UserAccount.oidc_subject == key)).scalar_one_or_none()
    if user is None and email:
        address, unlinked = normalise_login(email), UserAccount.oidc_subject.is_(None)
        for column in (UserAccount.login, func.lower(UserAccount.email)):  # the login first, then the e-mail
            user = user or session.execute(select(UserAccount).where(column == address, unlinked)
                                           .order_by(UserAccount.created_at)).scalars().first()
        if user is not None:
            user.oidc_subject = key  # linked on first OIDC sign-in
    if user is None:
        audit.record(session, audit_scope(Actor(f"oidc {issuer}", "")), "sign_in_failed", "user", f"oidc {subject}")
        raise _refused("oidc-account-unknown", "Your identity provider signed you in, but you have no account here.",
                       "Ask an admin to create your account with your professional e-mail.")
    return _start(session, user, "oidc", [], now)


def restore(session: Session, token: str | None, *, timeout_minutes: int,
            now: dt.datetime | None = None) -> ActiveSession | None:
    """The session behind a cookie token, or None when unknown, revoked, idle too long or the account disabled."""
    if not token:
        return None
    now = now or utcnow()
    row = session.execute(select(SignInSession, UserAccount).join(UserAccount, UserAccount.id == SignInSession.user_id)
                          .where(SignInSession.token_hash == token_hash(token))).first()
    if row is None:
        return None
    record, user = row
    if (record.revoked_at is not None or user.disabled_at is not None
            or record.last_seen_at + dt.timedelta(minutes=timeout_minutes) <= now):
        return None
    if now - record.last_seen_at >= TOUCH_EVERY:
        record.last_seen_at = now
    acting = tuple(record.acting_for) if record.acting_for else None
    return ActiveSession(user.id, user.role, user.display_name, user.person_id, record.method, acting)


def set_acting_for(session: Session, token: str, sites: list[str] | None) -> None:
    """Remember which establishment a member of several acts for, so that a refresh keeps the choice."""
    record = session.execute(select(SignInSession).where(SignInSession.token_hash == token_hash(token))
                             ).scalar_one_or_none()
    if record is not None:
        record.acting_for = sorted(sites) if sites else None


def sign_out(session: Session, token: str | None, now: dt.datetime | None = None) -> bool:
    """Revoke the session: the cookie, even if kept or copied, no longer works."""
    if not token:
        return False
    record = session.execute(select(SignInSession).where(SignInSession.token_hash == token_hash(token))
                             ).scalar_one_or_none()
    if record is None or record.revoked_at is not None:
        return False
    record.revoked_at = now or utcnow()
    audit.record(session, audit_scope(Actor(record.user_id, "")), "sign_out", "user", record.user_id)
    return True
