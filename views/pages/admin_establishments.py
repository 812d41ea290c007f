"""Establishments, one by one or from a CSV file, and their separate consents (DOMAIN.md's three, and being
identified at national level): ``storage.establishments`` and ``accounts.establishment_import``."""

import pandas as pd
import streamlit as st

from accounts.establishment_import import COLUMNS, import_establishments
from accounts.scopes import registry_scope
from continuum.i18n import t
from continuum.reference import CATEGORIES, LEGAL_STATUSES, REGIONS
from storage.engine import read_session
from storage.establishments import CONSENT_KINDS, add_legal_entity, add_site, get_consents, list_sites, set_consent
from storage.models import LegalEntity
from views.admin.common import write
from views.common import guarded
from views.data import engine
from views.identity import require_identity


def page(lang: str) -> None:
    st.title(t("accounts.nav.establishments", lang))
    identity = require_identity(lang, roles=("admin", "coordinator"))
    scope = registry_scope(identity.role, identity.scope)
    with read_session(engine()) as session:
        sites = list_sites(session, scope)
    listing, one, upload, consents = st.tabs([t(f"accounts.establishments.tab_{k}", lang)
                                             for k in ("list", "one", "csv", "consents")])
    with listing:
        st.dataframe(pd.DataFrame([s.__dict__ for s in sites]), hide_index=True)
    with one:
        add_one(scope, lang)
    with upload:
        st.caption(t("accounts.establishments.csv_help", lang, columns=", ".join(COLUMNS)))
        file = st.file_uploader(t("accounts.establishments.csv", lang), type=["csv", "txt"])
        if file is not None and st.button(t("accounts.establishments.import", lang), type="primary"):
            count = write(lambda s: import_establishments(s, scope, file.getvalue()), lang)
            if count is not None:
                st.success(t("accounts.establishments.imported", lang, count=count))
    with consents:
        if identity.role != "admin" and sites:
            consent_editor(identity, scope, sites, lang)


def add_one(scope, lang: str) -> None:
    with st.form("add_site"):
        et = st.text_input(t("accounts.fields.finess_et", lang))
        ej = st.text_input(t("accounts.fields.finess_ej", lang))
        name = st.text_input(t("accounts.fields.name", lang))
        category = st.selectbox(t("accounts.establishments.category", lang), CATEGORIES)
        status = st.selectbox(t("accounts.establishments.legal_status", lang), LEGAL_STATUSES)
        region = st.selectbox(t("accounts.fields.regions", lang), list(REGIONS), format_func=REGIONS.get)
        if st.form_submit_button(t("accounts.establishments.add", lang), type="primary"):
            def work(s):
                if s.get(LegalEntity, ej.strip().upper()) is None:
                    add_legal_entity(s, scope, ej, name, category, status, region)
                return add_site(s, scope, et, ej, name, category, status, region)
            write(work, lang, "accounts.establishments.added")


def consent_editor(identity, scope, sites, lang: str) -> None:
    """The separate consents (``CONSENT_KINDS``), each recorded with who gave it and when."""
    site = st.selectbox(t("accounts.fields.finess_et", lang), sites, format_func=lambda s: f"{s.finess} — {s.name}", key="consent_site")
    with read_session(engine()) as session:
        current = get_consents(session, scope, site.finess)
    with st.form(f"consents_{site.finess}"):
        given_by = st.text_input(t("accounts.establishments.given_by", lang))
        chosen = {k: st.checkbox(t(f"accounts.establishments.consent_{k}", lang), value=current[k]["granted"])
                  for k in CONSENT_KINDS}
        if st.form_submit_button(t("accounts.users.save", lang)):
            write(lambda s: [set_consent(s, scope, site.finess, k, v, given_by or identity.display_name)
                             for k, v in chosen.items() if v != current[k]["granted"]], lang, "accounts.users.saved")


guarded(page)()
