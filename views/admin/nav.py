"""The account and admin section of the navigation: every page checks its own role again, and storage the scope."""

from __future__ import annotations

import streamlit as st

from continuum.i18n import t
from views.identity import current_identity

PAGES = (  # file, catalogue key, icon, url path, roles that see it in the menu (None: everyone)
    ("admin_users", "users", ":material/manage_accounts:", "admin-users", ("admin",)),
    ("admin_establishments", "establishments", ":material/domain:", "admin-establishments",
     ("admin", "coordinator")),
    ("admin_campaigns", "campaigns", ":material/campaign:", "admin-campaigns", ("coordinator",)),
    ("admin_invitations", "invitations", ":material/key:", "admin-invitations", ("coordinator",)),
    ("admin_data", "data", ":material/history:", "admin-data", ("coordinator",)),
)


def account_sections(lang: str) -> dict[str, list]:
    identity = current_identity()
    signed_in = identity is not None and identity.user_id is not None
    pages = [st.Page("views/pages/sign_in.py", title=t("accounts.nav.account" if signed_in else "accounts.nav.sign_in",
                                                           lang), icon=":material/account_circle:", url_path="sign-in"),
             st.Page("views/pages/privacy.py", title=t("accounts.nav.privacy", lang), icon=":material/shield_person:",
                     url_path="privacy")]
    role = identity.role if identity is not None else None
    for name, key, icon, path, roles in PAGES:  # hidden, not absent: a URL still reaches the page, which refuses
        pages.append(st.Page(f"views/pages/{name}.py", title=t(f"accounts.nav.{key}", lang), icon=icon,
                             url_path=path, visibility="visible" if role in roles else "hidden"))
    return {t("accounts.nav.section", lang): pages}
