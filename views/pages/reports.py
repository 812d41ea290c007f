"""Feedback reports to download (``reports.batch``): an establishment's PDF and HTML; for coordinators, the
regional report and every report of a campaign as a ZIP, with a progress bar."""

from __future__ import annotations

import io
import zipfile

import streamlit as st

from continuum.i18n import LANGUAGES, t
from continuum.problems import ProblemError
from reports.batch import establishment_report, regional_report, render_all, campaign_builders
from reports.data import load_campaign
from reports.peers import StoragePeers
from reports.regional import regions_of
from reports.words import region as region_name
from storage.campaigns import list_campaigns
from storage.engine import read_session
from storage.establishments import list_sites
from views.common import guarded
from views.data import engine
from views.identity import require_identity

ROLES = ("establishment", "facilitator", "coordinator", "ars", "admin")  # national: aggregates only
LANG_NAMES = {"fr": "Français", "en": "English"}


def page(lang: str) -> None:
    st.title(t("reports.page.title", lang))
    st.caption(t("reports.page.intro", lang))
    identity = require_identity(lang, roles=ROLES)
    scope = identity.scope
    with read_session(engine()) as session:
        campaigns = [c for c in list_campaigns(session, scope) if scope.campaign_id in (None, c.id)]
    if not campaigns:
        st.info(t("results.no_campaign", lang), icon=":material/event_busy:")
        return
    left, right = st.columns([2, 1])
    campaign = left.selectbox(t("reports.page.campaign", lang), campaigns[::-1], format_func=lambda c: c.name,
                              key="report_campaign")
    report_lang = right.radio(t("reports.page.language", lang), LANGUAGES, format_func=LANG_NAMES.__getitem__,
                              horizontal=True, key="report_lang", index=LANGUAGES.index(lang))
    if scope.is_coordinator:
        coordinator_section(scope, campaign, report_lang, lang)
    else:
        establishment_section(scope, campaign, _own_site(scope, lang), report_lang, lang)


def _own_site(scope, lang: str) -> str:
    """The site whose report to write: the only one, or the one chosen among the team's sites."""
    sites = sorted(scope.sites)
    if len(sites) == 1:
        return sites[0]
    with read_session(engine()) as session:
        names = {s.finess: f"{s.name} ({s.finess})" for s in list_sites(session, scope)}
    return st.selectbox(t("reports.page.establishment", lang), sites, format_func=lambda f: names.get(f, f),
                        key="report_own_site")


def _offer(rendered, key: str, lang: str) -> None:
    """Download buttons for a rendered report (PDF when it has one, and the HTML)."""
    a, b = st.columns(2)
    if rendered.pdf is not None:
        a.download_button(t("reports.page.download_pdf", lang), rendered.pdf, file_name=f"{rendered.name}.pdf",
                          mime="application/pdf", icon=":material/picture_as_pdf:", key=f"{key}_pdf")
    b.download_button(t("reports.page.download_html", lang), rendered.html.encode("utf-8"),
                      file_name=f"{rendered.name}.html", mime="text/html", icon=":material/html:", key=f"{key}_html")


def establishment_section(scope, campaign, finess: str, report_lang: str, lang: str) -> None:
    """An establishment's own report; peers come through storage's aggregates (the k rules apply there)."""
    key = f"report_{campaign.id}_{finess}_{report_lang}"
    if st.button(t("reports.page.build", lang), icon=":material/description:", type="primary"):
        with st.spinner(t("reports.page.building", lang)):
            try:
                data = load_campaign(engine(), scope, campaign.id)
            except ProblemError:  # nothing of this establishment's to score yet
                data = None
            if data is None or data.response_of(finess) is None:
                st.info(t("reports.page.no_response", lang), icon=":material/hourglass_empty:")
                return
            with read_session(engine()) as session:
                peers = StoragePeers(session, scope, campaign.id, data.questionnaire)
                st.session_state[key] = establishment_report(engine(), scope, campaign.id, finess, lang=report_lang,
                                                             data=data, peers=peers.views)
    if key in st.session_state:
        _offer(st.session_state[key], key, lang)


def coordinator_section(scope, campaign, report_lang: str, lang: str) -> None:
    data = load_campaign(engine(), scope, campaign.id)
    current = data.current()
    sites = sorted(current["establishment"].astype(str).unique())
    names = {f: f"{data.sites[f].name} ({f})" if f in data.sites else f for f in sites}
    finess = st.selectbox(t("reports.page.establishment", lang), sites, format_func=names.__getitem__,
                          key="report_establishment")
    key = f"report_{campaign.id}_{finess}_{report_lang}"
    if st.button(t("reports.page.build", lang), icon=":material/description:", type="primary"):
        with st.spinner(t("reports.page.building", lang)):
            st.session_state[key] = establishment_report(engine(), scope, campaign.id, finess, lang=report_lang,
                                                         data=data)
    if key in st.session_state:
        _offer(st.session_state[key], key, lang)
    st.subheader(t("reports.page.regional_title", lang))
    st.caption(t("reports.page.regional_help", lang))
    region = st.selectbox(t("reports.page.region", lang), regions_of(data), format_func=region_name,
                          key="report_region")
    rkey = f"report_{campaign.id}_region_{region}_{report_lang}"
    if st.button(t("reports.page.build_regional", lang), icon=":material/summarize:"):
        with st.spinner(t("reports.page.building", lang)):
            st.session_state[rkey] = regional_report(data, region, lang=report_lang)
    if rkey in st.session_state:
        _offer(st.session_state[rkey], rkey, lang)
    st.subheader(t("reports.page.all_title", lang))
    st.caption(t("reports.page.all_help", lang))
    zkey = f"report_{campaign.id}_all_{report_lang}"
    if st.button(t("reports.page.build_all", lang), icon=":material/folder_zip:"):
        st.session_state[zkey] = _zip(data, report_lang, lang)
    if zkey in st.session_state:
        st.download_button(t("reports.page.download_zip", lang), st.session_state[zkey],
                           file_name=f"rapports-{campaign.id}.zip", mime="application/zip", icon=":material/download:")


def _zip(data, report_lang: str, lang: str) -> bytes:
    bar = st.progress(0.0, text=t("reports.page.building", lang))

    def progress(done: int, total: int, name: str) -> None:
        bar.progress(done / total, text=t("reports.page.progress", lang, done=done, total=total, label=name))

    buffer = io.BytesIO()
    n = 0
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for report in render_all(campaign_builders(data, report_lang), progress=progress):
            archive.writestr(f"{report.name}.pdf", report.pdf)
            n += 1
    st.success(t("reports.page.done", lang, n=n), icon=":material/check:")
    return buffer.getvalue()


guarded(page)()
