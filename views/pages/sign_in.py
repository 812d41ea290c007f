"""Sign in (password, personal code, or the regional identity provider when configured) and, once signed in, the account panel: ``accounts.sessions``."""

import streamlit as st

from accounts.demo import DEMO_PASSWORD, demo_logins
from continuum.i18n import t
from storage.engine import read_session
from views.admin.account import account_panel, sign_in_forms
from views.admin.oidc import sign_in_button
from views.common import guarded
from views.data import engine
from views.identity import current_identity, write_pending_cookie


def page(lang: str) -> None:
    write_pending_cookie()
    identity = current_identity()
    if identity is not None and identity.user_id:
        st.title(t("accounts.account.title", lang))
        account_panel(identity, lang)
        return
    st.title(t("accounts.sign_in.title", lang))
    st.caption(t("accounts.sign_in.intro", lang))
    with read_session(engine()) as session:
        logins = demo_logins(session)
    if logins:
        st.info(t("accounts.sign_in.demo", lang, logins=", ".join(f"`{x}`" for x in logins), password=DEMO_PASSWORD),
                icon=":material/science:")
    sign_in_button(lang)  # only when a regional identity provider is configured
    sign_in_forms(lang)
    st.page_link("views/pages/fill.py", label=t("identity.enter_code", lang), icon=":material/key:")
    st.page_link("views/pages/privacy.py", label=t("accounts.privacy.title", lang), icon=":material/shield_person:")


guarded(page)()
