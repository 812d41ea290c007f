"""Optional sign-in through the regional identity provider: ``st.login`` there, ``accounts.oidc`` back here.

After the provider's callback Streamlit lands on the home page with the ID token's claims in ``st.user``;
``complete_sign_in`` (run by the navigation on every page) maps them once to the local account and opens the
same server-side session as a password sign-in. Sign-out ends both the local session and the provider's.
"""

from __future__ import annotations

import logging

import streamlit as st

from accounts.oidc import OidcProvider, configured_provider, sign_in_with_claims
from continuum.i18n import t
from continuum.problems import ProblemError
from continuum.settings import get_settings
from storage.models import utcnow
from views import state
from views.data import engine
from views.identity import current_identity, remember_sign_in

log = logging.getLogger("continuum.views")
REFUSALS = {"oidc-account-unknown": "oidc_account_unknown", "account-disabled": "account_disabled"}


def _auth_section() -> dict:
    try:
        auth = st.secrets.get("auth")
    except Exception:  # noqa: BLE001 - no secrets file, or an unreadable one: no provider
        return {}
    return auth.to_dict() if hasattr(auth, "to_dict") else dict(auth or {})


def provider() -> OidcProvider | None:
    """The configured provider, or None; a half-done configuration is logged once and offers nothing."""
    settings = get_settings()
    found, problems = configured_provider(settings.oidc_provider, settings.oidc_label, _auth_section())
    if problems and not st.session_state.get(state.OIDC_LOGGED):
        st.session_state[state.OIDC_LOGGED] = True
        log.warning("OIDC sign-in disabled: %s", "; ".join(str(p) for p in problems))
    return found


def _claims() -> dict:
    try:
        return st.user.to_dict()
    except Exception:  # noqa: BLE001 - a runtime without a browser request (tests) has no user
        return {}


def provider_signed_in() -> bool:
    return bool(_claims().get("is_logged_in"))


def complete_sign_in() -> bool:
    """Map a fresh provider sign-in to the local account, once per browser session; True when it just ran."""
    claims = _claims()
    if not claims.get("is_logged_in") or provider() is None:
        return False
    identity = current_identity()
    if identity is not None and identity.user_id:
        return False
    attempt = (claims.get("iss"), claims.get("sub"), claims.get("iat"))
    if st.session_state.get(state.OIDC_TRIED) == attempt:
        return False
    st.session_state[state.OIDC_TRIED] = attempt
    try:
        active = sign_in_with_claims(engine(), claims, now=utcnow())
    except ProblemError as error:
        code = error.problems[0].code
        if code == "oidc-sign-in-stale":
            return False  # an old identity cookie: the person signs in again with the button
        st.session_state[state.OIDC_REFUSED] = code
        return True
    st.session_state.pop(state.OIDC_REFUSED, None)
    remember_sign_in(active)
    return True


def sign_in_button(lang: str) -> None:
    """The provider's button, only when a provider is configured; and why the last attempt was refused."""
    found = provider()
    if found is None:
        return
    refused = st.session_state.get(state.OIDC_REFUSED)
    if refused:
        key = REFUSALS.get(refused, "oidc_failed")
        st.error(t(f"accounts.errors.{key}", lang, provider=found.label), icon=":material/no_accounts:")
        if provider_signed_in() and st.button(t("accounts.sign_in.oidc_leave", lang, provider=found.label),
                                              icon=":material/logout:", key="oidc_leave"):
            st.session_state.pop(state.OIDC_REFUSED, None)
            st.logout()
    if st.button(t("accounts.sign_in.oidc", lang, provider=found.label), type="primary",
                 icon=":material/badge:", key="oidc_sign_in"):
        st.session_state.pop(state.OIDC_REFUSED, None)
        st.session_state.pop(state.OIDC_TRIED, None)
        st.login(found.name)
    st.caption(t("accounts.sign_in.or_local", lang))


def end_provider_session() -> bool:
    """After the local sign-out: end Streamlit's identity cookie and the provider's session, if there is one."""
    if not provider_signed_in():
        return False
    st.logout()
    return True
