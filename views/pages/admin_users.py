"""Users and roles, for the admin: ``accounts.users`` (create, change role and placement, disable, new code)."""

import pandas as pd
import streamlit as st

from accounts.roles import REGION_ROLES, ROLES, SITE_ROLES
from accounts.users import create_user, issue_personal_code, list_users, set_password, update_user
from continuum.i18n import t
from continuum.reference import REGIONS
from storage.engine import read_session
from views.admin.common import actor_of, show_secret_once, write
from views.admin.oidc import provider as oidc_provider
from views.common import guarded
from views.data import engine
from views.identity import require_identity


def _sites(text: str) -> list[str]:
    return [s.strip().upper() for s in text.replace(";", ",").replace(" ", ",").split(",") if s.strip()]


def page(lang: str) -> None:
    st.title(t("accounts.nav.users", lang))
    actor = actor_of(require_identity(lang, roles=("admin",)))
    with read_session(engine()) as session:
        users = list_users(session, actor)
    st.dataframe(pd.DataFrame([{t("accounts.fields.login", lang): u.login, t("accounts.fields.name", lang):
                                u.display_name, t("accounts.fields.role", lang): t(f"accounts.roles.{u.role}", lang),
                                t("accounts.fields.regions", lang): ", ".join(u.regions),
                                t("accounts.fields.sites", lang): ", ".join(u.sites),
                                t("accounts.fields.disabled", lang): u.disabled} for u in users]), hide_index=True)
    create(actor, lang)
    if users:
        edit(actor, users, lang)


def create(actor, lang: str) -> None:
    st.subheader(t("accounts.users.create", lang))
    with st.form("create_user", clear_on_submit=True):
        login = st.text_input(t("accounts.fields.login", lang))
        name = st.text_input(t("accounts.fields.name", lang))
        email = st.text_input(t("accounts.fields.email", lang))
        role = st.selectbox(t("accounts.fields.role", lang), ROLES, format_func=lambda r: t(f"accounts.roles.{r}", lang))
        regions = st.multiselect(t("accounts.fields.regions", lang), list(REGIONS), format_func=REGIONS.get)
        sites = st.text_input(t("accounts.fields.sites", lang), help=t("accounts.users.sites_help", lang))
        password = st.text_input(t("accounts.fields.password", lang), type="password",
                                 help=t("accounts.users.password_help", lang))
        code = st.checkbox(t("accounts.users.personal_code", lang))
        provider = oidc_provider()  # offered only when a regional identity provider is configured
        via_provider = provider is not None and st.checkbox(t("accounts.users.identity_provider", lang,
                                                               provider=provider.label))
        submitted = st.form_submit_button(t("accounts.users.create_button", lang), type="primary")
    if submitted:
        created = write(lambda s: create_user(s, actor, login=login, display_name=name, role=role,
                                              email=email.strip() or None, password=password or None,
                                              personal_code=code, identity_provider=via_provider,
                                              regions=regions if role in REGION_ROLES else [],
                                              sites=_sites(sites) if role in SITE_ROLES else []),
                        lang, "accounts.users.created")
        if created is not None and created.personal_code:
            show_secret_once(created.user.display_name, created.personal_code, f"code-{created.user.login}.txt", lang)


def edit(actor, users, lang: str) -> None:
    st.subheader(t("accounts.users.edit", lang))
    user = st.selectbox(t("accounts.fields.login", lang), users, format_func=lambda u: f"{u.login} — {u.display_name}")
    with st.form(f"edit_user_{user.id}"):
        role = st.selectbox(t("accounts.fields.role", lang), ROLES, index=ROLES.index(user.role),
                            format_func=lambda r: t(f"accounts.roles.{r}", lang))
        regions = st.multiselect(t("accounts.fields.regions", lang), list(REGIONS), default=list(user.regions),
                                 format_func=REGIONS.get)
        sites = st.text_input(t("accounts.fields.sites", lang), value=", ".join(user.sites))
        disabled = st.checkbox(t("accounts.fields.disabled", lang), value=user.disabled)
        if st.form_submit_button(t("accounts.users.save", lang)):
            write(lambda s: update_user(s, actor, user.id, role=role, regions=regions if role in REGION_ROLES else [],
                                        sites=_sites(sites) if role in SITE_ROLES else [], disabled=disabled),
                  lang, "accounts.users.saved")
    left, right = st.columns(2)
    with left.form(f"password_{user.id}", clear_on_submit=True):
        password = st.text_input(t("accounts.users.new_password", lang), type="password")
        if st.form_submit_button(t("accounts.users.set_password", lang)):
            write(lambda s: set_password(s, actor, user.id, password), lang, "accounts.users.saved")
    if right.button(t("accounts.users.reissue_code", lang), key=f"code_{user.id}"):
        code = write(lambda s: issue_personal_code(s, actor, user.id), lang)
        if code:
            show_secret_once(user.display_name, code, f"code-{user.login}.txt", lang)


guarded(page)()
