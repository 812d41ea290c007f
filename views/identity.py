"""Who is using the app, and with which scope: the one place pages ask.

An identity comes from a sign-in (a server-side session whose random token sits in a cookie), from an
invitation code (the fill page), or, in tests, from session state. Pages never build a scope themselves:
they take ``identity.scope`` and pass it to storage, which applies it inside every query.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass

import streamlit as st

from accounts.roles import ROLES
from accounts.scopes import Choice, choices, resolve_scope
from accounts.sessions import ActiveSession, restore
from continuum.i18n import t
from continuum.settings import get_settings
from storage.engine import write_session
from storage.scope import Scope
from views import state
from views.data import engine

COOKIE = "continuum_session"
TOKEN = "auth_token"  # this browser session's cookie token ("" after sign-out); never in the URL
SIGNED_IN = "auth_identity"  # (Identity, monotonic time it was checked against the sessions table)
COOKIE_OUT = "auth_cookie_out"  # a cookie to write on the next run: the token, or "" to clear it
DEAD = "auth_dead_tokens"  # tokens found revoked or expired, not checked again
RECHECK_SECONDS = 30  # how stale a signed-in identity may be: revocation and timeout apply within this


@dataclass(frozen=True)
class Identity:
    scope: Scope
    role: str  # one of ROLES
    display_name: str = ""
    person_id: str | None = None
    via_invitation: bool = False
    user_id: str | None = None  # None for invitation codes and injected identities
    choices: tuple[Choice, ...] = ()  # the establishments a member of several may act for
    needs_choice: bool = False  # a member of several establishments who has not chosen one yet
    method: str = ""  # password / code / oidc


def session_token() -> str | None:
    if TOKEN in st.session_state:
        return st.session_state[TOKEN] or None
    try:
        value = st.context.cookies.get(COOKIE)
    except Exception:  # noqa: BLE001 - a runtime without a browser request (tests) has no cookies
        return None
    return value if isinstance(value, str) and value else None


def _identity(session, active: ActiveSession) -> Identity:
    scope = resolve_scope(session, active.user_id, active.role, actor=active.display_name,
                          person_id=active.person_id, acting_for=active.acting_for)
    options = tuple(choices(session, active.user_id)) if active.role in ("establishment", "facilitator") else ()
    return Identity(scope=scope or Scope.establishment([], actor=active.display_name), role=active.role,
                    display_name=active.display_name, person_id=active.person_id, user_id=active.user_id,
                    choices=options, needs_choice=scope is None, method=active.method)


def _signed_in() -> Identity | None:
    """The signed-in identity, re-checked against the sessions table every RECHECK_SECONDS."""
    token = session_token()
    dead = st.session_state.setdefault(DEAD, set())
    if not token or token in dead:
        return None
    cached = st.session_state.get(SIGNED_IN)
    if cached and cached[0] == token and time.monotonic() - cached[2] < RECHECK_SECONDS:
        return cached[1]
    with write_session(engine()) as session:
        active = restore(session, token, timeout_minutes=get_settings().session_timeout_minutes)
        identity = _identity(session, active) if active else None
    if identity is None:
        dead.add(token)
        st.session_state.pop(SIGNED_IN, None)
        return None
    st.session_state[SIGNED_IN] = (token, identity, time.monotonic())
    return identity


def current_identity() -> Identity | None:
    identity = _signed_in()
    if identity is not None:
        return identity
    identity = st.session_state.get(state.IDENTITY)
    if identity is not None:
        return identity
    scope = st.session_state.get(state.FILL_SCOPE)
    if scope is not None:
        return Identity(scope=scope, role="establishment", display_name=scope.actor, via_invitation=True)
    return None


def require_identity(lang: str, roles: tuple[str, ...] = ROLES) -> Identity:
    """The identity, or a calm explanation with a link to sign in (or to enter a code), then stop."""
    identity = current_identity()
    if identity is None:
        st.info(t("identity.needed", lang), icon=":material/lock:")
        st.page_link("views/pages/sign_in.py", label=t("accounts.sign_in.link", lang), icon=":material/login:")
        st.page_link("views/pages/fill.py", label=t("identity.enter_code", lang), icon=":material/key:")
        st.stop()
    if identity.role not in roles:
        st.warning(t("identity.wrong_role", lang), icon=":material/block:")
        st.stop()
    if identity.needs_choice:
        st.info(t("accounts.choose_first", lang), icon=":material/apartment:")
        st.page_link("views/pages/sign_in.py", label=t("accounts.account.title", lang), icon=":material/badge:")
        st.stop()
    return identity


def remember_sign_in(active: ActiveSession) -> None:
    """Keep the new session's token for this browser session and write it to the cookie on the next run."""
    st.session_state[TOKEN] = active.token
    st.session_state[COOKIE_OUT] = active.token
    st.session_state.pop(SIGNED_IN, None)


def forget_sign_in() -> None:
    st.session_state[TOKEN] = ""
    st.session_state[COOKIE_OUT] = ""
    st.session_state.pop(SIGNED_IN, None)


def refresh_identity() -> None:
    """Read the identity again on the next call (after a change of establishment or of the account)."""
    st.session_state.pop(SIGNED_IN, None)


def write_pending_cookie() -> None:
    """Set or clear the session cookie in the browser: SameSite=Strict, Secure over https, never in the URL.

    Streamlit has no cookie setter; a tiny script does it, and the server reads it back through
    ``st.context.cookies`` when the next page load opens a new connection.
    """
    value = st.session_state.pop(COOKIE_OUT, None)
    if value is None:
        return
    secure = "; Secure" if str(st.context.url or "").startswith("https") or \
        st.context.headers.get("X-Forwarded-Proto", "") == "https" else ""
    ending = "" if value else "; Max-Age=0"  # a browser-session cookie: the server decides when it times out
    cookie = f"{COOKIE}={value}; Path=/; SameSite=Strict{secure}{ending}"
    st.html(f"<script>document.cookie = {json.dumps(cookie)};</script>", unsafe_allow_javascript=True)
