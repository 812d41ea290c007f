"""Invitation codes for coordinators: create (printable once), reissue, revoke (``storage.invitations``)."""

import pandas as pd
import streamlit as st

from continuum.i18n import fmt_date, t
from storage.campaigns import list_campaigns
from storage.engine import read_session
from storage.establishments import list_sites
from storage.invitations import create_invitation, list_invitations, reissue_invitation, revoke_invitation
from views.admin.common import show_secret_once, write
from views.common import guarded
from views.data import engine
from views.identity import require_identity


def page(lang: str) -> None:
    st.title(t("accounts.nav.invitations", lang))
    scope = require_identity(lang, roles=("coordinator",)).scope
    with read_session(engine()) as session:
        campaigns = list_campaigns(session, scope)
        sites = list_sites(session, scope)
    if not campaigns:
        st.info(t("accounts.invitations.no_campaign", lang))
        return
    campaign = st.selectbox(t("accounts.campaigns.choose", lang), campaigns[::-1], format_func=lambda c: c.name)
    with read_session(engine()) as session:
        invitations = list_invitations(session, scope, campaign.id)
    st.dataframe(pd.DataFrame([{"id": i["id"], "FINESS": ", ".join(i["sites"]),
                                t("accounts.invitations.expires", lang): fmt_date(i["expires_at"], lang),
                                t("accounts.invitations.revoked", lang): i["revoked"]} for i in invitations]),
                 hide_index=True)
    with st.form("create_invitation"):
        chosen = st.multiselect(t("accounts.fields.sites", lang), sites, format_func=lambda s: f"{s.finess} — {s.name}")
        days = st.number_input(t("accounts.invitations.days", lang), 1, 3650, 60)
        create = st.form_submit_button(t("accounts.invitations.create", lang), type="primary")
    if create:
        _issue(scope, campaign.id, [s.finess for s in chosen], int(days), lang)
    active = [i for i in invitations if not i["revoked"]]
    if active:
        invitation = st.selectbox(t("accounts.invitations.existing", lang), active,
                                  format_func=lambda i: f"{i['id']} — {', '.join(i['sites'])}")
        left, right = st.columns(2)
        if left.button(t("accounts.invitations.reissue", lang), help=t("accounts.invitations.reissue_help", lang)):
            _issue(scope, campaign.id, invitation["sites"], 60, lang, replaces=invitation["id"])
        if right.button(t("accounts.invitations.revoke", lang)):
            write(lambda s: revoke_invitation(s, scope, invitation["id"]), lang, "accounts.invitations.revoked_done")


def _issue(scope, campaign_id: str, sites: list[str], days: int, lang: str, replaces: str | None = None) -> None:
    """A new code (the one it replaces is revoked in the same transaction); shown and printable once."""
    def work(session):
        if replaces:
            return reissue_invitation(session, scope, replaces, valid_days=days)
        return create_invitation(session, scope, campaign_id, sites, valid_days=days)
    issued = write(work, lang)
    if issued is not None:
        label = t("accounts.invitations.printed", lang, campaign=campaign_id, sites=", ".join(issued.sites),
                  expires=fmt_date(issued.expires_at, lang))
        show_secret_once(label, issued.code, f"invitation-{issued.invitation_id}.txt", lang)


guarded(page)()
