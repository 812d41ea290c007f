"""The sign-in forms and the signed-in person's panel: who they are, which establishment they act for, sign out."""

from __future__ import annotations

import streamlit as st

from accounts.sessions import set_acting_for, sign_in_code, sign_in_password, sign_out
from continuum.i18n import t
from continuum.problems import ProblemError
from storage.engine import run_write
from views.data import engine
from views.admin.oidc import end_provider_session
from views.identity import (Identity, forget_sign_in, refresh_identity, remember_sign_in, session_token,
                            write_pending_cookie)
from views.messages import show_problems


def _address() -> str | None:
    try:
        return st.context.ip_address
    except Exception:  # noqa: BLE001 - not every runtime knows the address
        return None


def sign_in_forms(lang: str) -> None:
    password_tab, code_tab = st.tabs([t("accounts.sign_in.tab_password", lang), t("accounts.sign_in.tab_code", lang)])
    with password_tab, st.form("sign_in_password"):
        login = st.text_input(t("accounts.sign_in.login", lang), autocomplete="username")
        password = st.text_input(t("accounts.sign_in.password", lang), type="password",
                                 autocomplete="current-password")
        if st.form_submit_button(t("accounts.sign_in.submit", lang), type="primary"):
            _attempt(lambda: sign_in_password(engine(), login, password, address=_address()), lang)
    with code_tab, st.form("sign_in_code"):
        st.caption(t("accounts.sign_in.code_help", lang))
        code = st.text_input(t("accounts.sign_in.code", lang), type="password", placeholder="ABCD-EFGH-JKLM-NPQR")
        if st.form_submit_button(t("accounts.sign_in.submit", lang), type="primary"):
            _attempt(lambda: sign_in_code(engine(), code, address=_address()), lang)


def _attempt(call, lang: str) -> None:
    try:
        active = call()
    except ProblemError as error:
        code = error.problems[0].code
        if code == "sign-in-throttled":
            st.error(t("accounts.sign_in.throttled", lang, seconds=getattr(error, "wait_seconds", 1)),
                     icon=":material/timer:")
        elif code in ("sign-in-failed", "account-disabled"):
            st.error(t(f"accounts.errors.{code.replace('-', '_')}", lang), icon=":material/error:")
        else:
            show_problems(error.problems, lang)
        return
    remember_sign_in(active)
    st.rerun()


def account_panel(identity: Identity, lang: str) -> None:
    st.markdown(t("accounts.account.who", lang, name=identity.display_name,
                  role=t(f"accounts.roles.{identity.role}", lang)))
    if len(identity.choices) > 1:
        acting_for(identity, lang)
    elif identity.choices:
        st.caption(t("accounts.account.acting_for", lang, name=identity.choices[0].label))
    if identity.role in ("national", "ars"):  # where these roles start: the aggregated views
        st.page_link("views/pages/aggregates.py", label=t("results.agg.title", lang), icon=":material/bar_chart:")
    st.page_link("views/pages/privacy.py", label=t("accounts.account.my_data", lang), icon=":material/shield_person:")
    if st.button(t("accounts.account.sign_out", lang), icon=":material/logout:", key="sign_out"):
        token = session_token()
        run_write(engine(), lambda session: sign_out(session, token))
        forget_sign_in()
        write_pending_cookie()  # clear the cookie now: ending the provider's session leaves the page
        if not end_provider_session():
            st.rerun()


def acting_for(identity: Identity, lang: str) -> None:
    """A member of several establishments (an RU on several CDUs, say) chooses which one they act for."""
    keys = [c.key for c in identity.choices]
    labels = {c.key: f"{c.label} ({', '.join(c.sites)})" for c in identity.choices}
    current = next((c.key for c in identity.choices if set(c.sites) == set(identity.scope.sites)), None)
    chosen = st.radio(t("accounts.account.choose", lang), keys, format_func=labels.__getitem__,
                      index=keys.index(current) if current else None, key="acting_for_choice")
    if chosen and chosen != current:
        sites = next(c.sites for c in identity.choices if c.key == chosen)
        token = session_token()
        run_write(engine(), lambda session: set_acting_for(session, token, list(sites)))
        refresh_identity()
        st.rerun()
    if current is None:
        st.info(t("accounts.choose_first", lang), icon=":material/apartment:")
