"""Spreadsheets (``exchange``): the offline template (``write_template``), the export workbook or CSV files
(``export_workbook``, ``export_csv``), and the import of filled templates (``import_files``) with a progress
bar and a per-file report."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

import pandas as pd
import streamlit as st

from continuum.i18n import t
from exchange.errors import language, severity_word, table_headers
from exchange.importer import import_files
from exchange.template import establishment_template, write_template
from exchange.workbook import export_csv, export_workbook
from questionnaires.loader import load_questionnaire_text
from storage.campaigns import list_campaigns
from storage.engine import read_session
from storage.establishments import list_sites
from storage.questionnaires import get_published
from views.common import guarded
from views.data import engine
from views.identity import require_identity
from storage.directory import peer_groups

ROLES = ("establishment", "facilitator", "coordinator", "ars")  # national: aggregated views only, no workbook
IMPORT_ROLES = ("establishment", "facilitator", "coordinator")  # the ARS reads, it does not answer
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = {"xlsx": "xl.page.format_xlsx", "csv": "xl.page.format_csv", "csv;": "xl.page.format_csv_fr"}
RESULTS = "xl_import_results"  # campaign id -> the last import's results, shown until the next one


def page(lang: str) -> None:
    st.title(t("xl.page.title", lang))
    st.caption(t("xl.page.intro", lang))
    identity = require_identity(lang, roles=ROLES)
    scope = identity.scope
    with read_session(engine()) as session:
        campaigns = [c for c in list_campaigns(session, scope) if scope.campaign_id in (None, c.id)]
        sites = {s.finess: s.name for s in list_sites(session, scope)}
        groups = sorted(peer_groups(session, scope))
    if not campaigns:
        st.info(t("results.no_campaign", lang), icon=":material/event_busy:")
        return
    campaign = st.selectbox(t("xl.page.campaign", lang), campaigns[::-1], format_func=lambda c: c.name,
                            key="xl_campaign")
    template_section(scope, campaign, sites, lang)
    export_section(scope, campaign, sites, groups, lang)
    if identity.role in IMPORT_ROLES:
        import_section(scope, campaign, lang)


def _site_label(sites: dict[str, str], blank: str = "—"):
    return lambda finess: f"{sites[finess]} ({finess})" if finess else blank


def template_section(scope, campaign, sites: dict[str, str], lang: str) -> None:
    st.subheader(t("xl.page.template_title", lang))
    st.caption(t("xl.page.template_help", lang))
    left, right = st.columns(2)
    qid = left.selectbox(t("xl.page.questionnaire", lang), sorted(campaign.questionnaires), key="xl_template_q")
    options = ([""] if scope.is_coordinator else []) + sorted(sites)  # "": a template for any establishment
    finess = right.selectbox(t("xl.page.establishment", lang), options, key="xl_template_site",
                             format_func=_site_label(sites, t("xl.page.any_establishment", lang)))
    key = f"xl_template_{campaign.id}_{qid}_{finess}_{lang}"
    if st.button(t("xl.page.template_build", lang), icon=":material/table_view:", key="xl_template_build"):
        with read_session(engine()) as session:
            published = get_published(session, qid, campaign.questionnaires[qid])
            questionnaire = load_questionnaire_text(published.yaml_text, f"{qid}@{published.version}")
            st.session_state[key] = (establishment_template(session, scope, questionnaire, finess, lang=lang)
                                     if finess else write_template(questionnaire, lang=lang))
    if key in st.session_state:
        st.download_button(t("xl.page.template_download", lang), st.session_state[key], mime=XLSX,
                           file_name=f"modele-{qid}{'-' + finess if finess else ''}.xlsx", icon=":material/download:",
                           key="xl_template_download")


def export_section(scope, campaign, sites: dict[str, str], groups: list[str], lang: str) -> None:
    st.subheader(t("xl.page.export_title", lang))
    st.caption(t("xl.page.export_help", lang))
    left, right = st.columns(2)
    whats = ([("campaign", "")] if scope.is_coordinator else []) + [("site", f) for f in sorted(sites)]
    whats += [("group", g) for g in groups]
    labels = {"campaign": t("xl.page.whole_campaign", lang), "group": t("xl.page.group", lang)}
    what = left.selectbox(t("xl.page.export_what", lang), whats, key="xl_export_what",
                          format_func=lambda w: _site_label(sites)(w[1]) if w[0] == "site" else
                          labels[w[0]] + (f" : {w[1]}" if w[1] else ""))
    fmt = right.radio(t("xl.page.format", lang), list(FORMATS), horizontal=True, key="xl_export_format",
                      format_func=lambda f: t(FORMATS[f], lang))
    kind, name = what
    options = {"establishment": name if kind == "site" else None, "group": name if kind == "group" else None}
    key = f"xl_export_{campaign.id}_{kind}_{name}_{fmt}_{lang}"
    if st.button(t("xl.page.export_build", lang), icon=":material/download_for_offline:", key="xl_export_build"):
        with st.spinner(t("xl.page.export_building", lang)):
            if fmt == "xlsx":
                st.session_state[key] = export_workbook(engine(), scope, campaign.id, lang=lang, **options)
            else:
                st.session_state[key] = _csv_zip(scope, campaign.id, options, lang, ";" if fmt == "csv;" else ",")
    if key in st.session_state:
        suffix = "xlsx" if fmt == "xlsx" else "zip"
        st.download_button(t("xl.page.export_download", lang), st.session_state[key],
                           mime=XLSX if fmt == "xlsx" else "application/zip", icon=":material/download:",
                           file_name=f"export-{campaign.id}{'-' + name if name else ''}.{suffix}",
                           key="xl_export_download")


def _csv_zip(scope, campaign_id: str, options: dict, lang: str, sep: str) -> bytes:
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory() as folder, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in export_csv(engine(), scope, campaign_id, Path(folder), lang=lang, sep=sep, **options):
            archive.write(path, path.name)
    return buffer.getvalue()


def import_section(scope, campaign, lang: str) -> None:
    st.subheader(t("xl.page.import_title", lang))
    st.caption(t("xl.page.import_help", lang))
    uploads = st.file_uploader(t("xl.page.upload", lang), accept_multiple_files=True, key="xl_upload")
    if uploads and st.button(t("xl.page.import_button", lang, n=len(uploads)), type="primary",
                             icon=":material/upload_file:", key="xl_import"):
        bar = st.progress(0.0, text=t("xl.page.importing", lang))

        def progress(done: int, total: int, result) -> None:
            bar.progress(done / total, text=t("xl.page.progress", lang, done=done, total=total, file=result.filename))

        st.session_state[RESULTS] = (campaign.id, import_files(engine(), scope, campaign.id,
                                                               [(u.name, u.getvalue()) for u in uploads],
                                                               progress=progress, lang=lang))
    last = st.session_state.get(RESULTS)
    if last and last[0] == campaign.id:
        show_report(last[1], lang)


def show_report(results: list, lang: str) -> None:
    """One line per file, then every problem with its sheet!cell, the value found, what was expected and the fix."""
    good, bad = [r for r in results if r.ok], [r for r in results if not r.ok]
    if good:
        st.success(t("xl.page.imported", lang, n=len(good)), icon=":material/check_circle:")
    if bad:
        st.warning(t("xl.page.refused", lang, n=len(bad)), icon=":material/block:")
    columns = {k: t(f"xl.page.col_{k}", lang) for k in ("file", "result", "establishment", "answers", "changed")}
    st.dataframe(pd.DataFrame([{
        columns["file"]: r.filename, columns["result"]: t("xl.page.ok" if r.ok else "xl.page.failed", lang),
        columns["establishment"]: r.establishment, columns["answers"]: r.answers_written if r.ok else 0,
        columns["changed"]: r.answers_changed if r.ok else 0} for r in results]), hide_index=True, key="xl_files")
    rows = [p for r in results for p in r.rows()]
    if rows:
        with language(lang):
            headers, words = table_headers(), {s: severity_word(s) for s in ("error", "warning")}
        st.dataframe(pd.DataFrame([{headers[k]: words[p[k]] if k == "severity" else p[k]
                                    for k in ("file", "location", "severity", "found", "expected", "message", "fix")}
                                   for p in rows]), hide_index=True, key="xl_problems")


guarded(page)()
