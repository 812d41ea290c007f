"""Export entry points: load what the caller may see, build the tables, return xlsx bytes or write CSV files.

`export_workbook` returns bytes (the dashboard's download button and the CLI both use it); `export_csv`
writes one UTF-8-with-BOM file per table. The scope of every read is the caller's.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from continuum.i18n import t
from continuum.problems import ProblemError
from exchange.export import ExportData, Scored, export_tables, score_all
from exchange.profile import write_coverage_chart, write_profile
from exchange.tables import EXCEL_MAX_ROWS, write_csv_folder, write_xlsx
from questionnaires.loader import load_questionnaire_text
from storage.campaigns import get_campaign
from storage.engine import read_session
from storage.establishments import get_site, list_sites, normalise_finess, peer_group_sites
from storage.frames import load_frames
from storage.plans import list_actions
from storage.questionnaires import get_published
from storage.scope import Scope


def load_export(session: Session, scope: Scope, campaign_id: str, *, establishment: str | None = None,
                group: str | None = None, lang: str = "fr") -> ExportData:
    """The campaign's frames for the whole visible campaign, one establishment, or a coordinator's peer group."""
    campaign = get_campaign(session, scope, campaign_id)
    sites = None
    if establishment:
        site = get_site(session, scope, normalise_finess(establishment))
        sites = [site.finess]
    elif group:
        sites = sorted(peer_group_sites(session, scope, group))
    responses, answers = load_frames(session, scope, campaign_id, sites=sites)
    questionnaires = {qid: load_questionnaire_text(get_published(session, qid, version).yaml_text, f"{qid}@{version}")
                      for qid, version in sorted(campaign.questionnaires.items())}
    names = {s.finess: s.name for s in list_sites(session, scope)}
    actions = [dict(a, response_id=rid) for rid in responses["response_id"] for a in list_actions(session, scope, rid)]
    data = ExportData(campaign_id, responses, answers, questionnaires, names,
                      pd.DataFrame(actions) if actions else None, lang=lang,
                      title=campaign.name + (f" — {establishment}" if establishment else f" — {group}" if group else ""))
    scored = {qid: v for qid, v in campaign.questionnaires.items() if any(i.cells for i in questionnaires[qid].items())}
    data.peers = _peers(session, scope, scored, establishment and sites[0], group, responses, lang)
    return data


def _peers(session: Session, scope: Scope, questionnaires: dict[str, str], site: str | None, group: str | None,
           responses: pd.DataFrame, lang: str = "fr") -> pd.DataFrame | None:
    """Peer figures under the k rules: against its peers for one establishment, the group's own otherwise.

    Only questionnaires with practices in matrix cells have peer figures (an inventory alone has none).
    """
    from storage.aggregates import K_MIN, peer_cell_shares

    frames = []
    for qid in questionnaires:
        if not (responses["questionnaire_id"] == qid).any():
            continue
        try:
            figures = peer_cell_shares(session, scope, responses["campaign_id"].iloc[0], qid, site=site or None,
                                       peer_group=group if not site else None)
        except ProblemError:
            continue
        shares = figures.shares.assign(questionnaire_id=qid, n_peers=figures.peers, banded=figures.banded)
        if not figures.enough:
            shares = pd.DataFrame([{"questionnaire_id": qid, "n_peers": figures.peers,
                                    "note": t("xl.export.too_few_peers", lang, n=figures.peers, k=K_MIN)}])
        frames.append(shares)
    return pd.concat(frames, ignore_index=True) if frames else None


def workbook_bytes(data: ExportData, scored: Scored | None = None, *, max_rows: int = EXCEL_MAX_ROWS) -> bytes:
    """The export workbook of already-loaded data (README, tables, coloured profile, coverage chart)."""
    scored = scored if scored is not None else score_all(data)
    tables = export_tables(data, scored)

    def extra(wb):
        write_profile(wb, scored.cells, data.site_names, data.responses, data.lang)
        write_coverage_chart(wb, scored.levels, data.lang)

    intro = [data.title or data.campaign_id,
             "Export Continuum. Les couleurs du profil sont celles du tableau de bord ; la participation est "
             "volontaire ; la couverture ne compare jamais des établissements entre eux." if data.lang == "fr" else
             "Continuum export. Profile colours match the dashboard; participation is voluntary; coverage never "
             "compares establishments with one another."]
    return write_xlsx(tables, max_rows=max_rows, lang=data.lang, intro=intro, after=extra)


def export_workbook(engine: Engine, scope: Scope, campaign_id: str, *, establishment: str | None = None,
                    group: str | None = None, lang: str = "fr", max_rows: int = EXCEL_MAX_ROWS) -> bytes:
    """The workbook of a campaign, an establishment or a peer group, as .xlsx bytes."""
    with read_session(engine) as session:
        data = load_export(session, scope, campaign_id, establishment=establishment, group=group, lang=lang)
    return workbook_bytes(data, max_rows=max_rows)


def export_csv(engine: Engine, scope: Scope, campaign_id: str, folder: str | Path, *, establishment: str | None = None,
               group: str | None = None, lang: str = "fr", sep: str = ",") -> list[Path]:
    """The same tables as CSV files (UTF-8 with a BOM; ``sep=';'`` for French Excel)."""
    with read_session(engine) as session:
        data = load_export(session, scope, campaign_id, establishment=establishment, group=group, lang=lang)
    return write_csv_folder(export_tables(data), folder, sep)
