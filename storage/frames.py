"""The two DataFrames storage hands the scoring engine (docs/ARCHITECTURE.md), loaded inside the caller's scope."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import pandas as pd
from sqlalchemy import and_, false, or_, select
from sqlalchemy.orm import Session

from continuum.reference import USER_ROLES
from storage.models import Campaign, Site, SiteGrouping
from storage.models_responses import Answer, Participant, Response
from storage.scope import Scope, response_clause

RESPONSE_COLUMNS = {
    "response_id": "str", "establishment": "str", "legal_entity": "str", "campaign_id": "str", "wave": "int",
    "questionnaire_id": "str", "questionnaire_version": "str", "category": "str", "legal_status": "str",
    "sector": "str", "region": "str", "groupings": "str", "size": "float", "co_filled": "bool", "status": "str",
    "version_choice": "str",
}
ANSWER_COLUMNS = {
    "response_id": "str", "item_id": "str", "entry": "int", "respondent": "str", "respondent_role": "str",
    "flag": "str", "status": "str", "extent": "str", "priority": "str", "value": "str", "choices": "str",
    "number": "float", "na_reason": "str", "comment": "str",
}


def conform(frame: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """Columns in contract order and types: '' (never NaN) in text columns, NaN in numbers."""
    frame = frame.reindex(columns=list(columns))
    for name, kind in columns.items():
        if kind == "str":
            column = frame[name].astype(object)
            frame[name] = column.where(column.notna(), "").astype(str)
        elif kind == "int":
            frame[name] = frame[name].fillna(-1).astype("int64")
        elif kind == "float":
            frame[name] = pd.to_numeric(frame[name], errors="coerce").astype("float64")
        else:
            frame[name] = frame[name].fillna(False).astype(bool)
    return frame.reset_index(drop=True)


def load_frames(session: Session, scope: Scope, campaign_id: str | Sequence[str], *,
                questionnaire_id: str | None = None, statuses: Iterable[str] | None = None,
                individual: bool = True, sites: Iterable[str] | None = None,
                versions: Mapping[str, str] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(responses, answers) of one campaign (or several waves), limited to what ``scope`` may see.

    ``statuses`` keeps only responses in those statuses (peers count ``submitted`` only);
    ``individual=False`` leaves out respondents' individual contributions; ``sites`` narrows further.
    ``versions`` ({questionnaire id: version}) keeps only responses filled under those versions, so that
    earlier waves filled under another published version are never scored under this one.
    """
    campaigns = [campaign_id] if isinstance(campaign_id, str) else list(campaign_id)
    conditions = [Response.campaign_id.in_(campaigns), response_clause(scope)]
    if questionnaire_id:
        conditions.append(Response.questionnaire_id == questionnaire_id)
    if statuses is not None:
        conditions.append(Response.status.in_(list(statuses)))
    if sites is not None:
        conditions.append(Response.site.in_(list(sites)))
    if versions is not None:
        conditions.append(or_(false(), *(and_(Response.questionnaire_id == q, Response.questionnaire_version == v)
                                         for q, v in versions.items())))
    visible = select(Response.id).where(*conditions)
    responses = _responses(session, conditions)
    answers = _answers(session, visible, individual)
    return responses, answers


def _responses(session: Session, conditions: list) -> pd.DataFrame:
    query = (select(Response.id.label("response_id"), Response.site.label("establishment"), Response.legal_entity,
                    Response.campaign_id, Campaign.wave, Response.questionnaire_id, Response.questionnaire_version,
                    Site.category, Site.legal_status, Site.sector, Site.region, Site.size, Response.status,
                    Response.version_choice)
             .join(Campaign, Campaign.id == Response.campaign_id).join(Site, Site.finess == Response.site)
             .where(*conditions).order_by(Response.campaign_id, Response.site, Response.questionnaire_id))
    frame = pd.DataFrame(session.execute(query).mappings().all(), columns=list(query.selected_columns.keys()))
    ids = frame["response_id"].tolist()
    sites = frame["establishment"].unique().tolist()
    groupings: dict[str, list[str]] = {}
    for site, code in session.execute(select(SiteGrouping.site, SiteGrouping.grouping)
                                      .where(SiteGrouping.site.in_(sites)).order_by(SiteGrouping.grouping)):
        groupings.setdefault(site, []).append(code)
    co_filled = set(session.execute(select(Participant.response_id).where(
        Participant.response_id.in_(ids), Participant.role.in_(sorted(USER_ROLES)))).scalars()) if ids else set()
    frame["groupings"] = frame["establishment"].map(lambda s: "|".join(groupings.get(s, [])))
    frame["co_filled"] = frame["response_id"].isin(co_filled)
    return conform(frame, RESPONSE_COLUMNS)


def _answers(session: Session, visible, individual: bool) -> pd.DataFrame:
    query = (select(Answer.response_id, Answer.item_id, Answer.entry, Answer.respondent,
                    Participant.role.label("respondent_role"), Answer.flag, Answer.status, Answer.extent,
                    Answer.priority, Answer.value, Answer.choices, Answer.number, Answer.na_reason, Answer.comment)
             .outerjoin(Participant, (Participant.response_id == Answer.response_id)
                        & (Participant.person_id == Answer.respondent))
             .where(Answer.response_id.in_(visible)))
    if not individual:
        query = query.where(Answer.respondent == "")
    query = query.order_by(Answer.response_id, Answer.item_id, Answer.entry, Answer.respondent)
    return conform(_columns_frame(session, query, list(ANSWER_COLUMNS)), ANSWER_COLUMNS)


def _columns_frame(session: Session, query, columns: list[str]) -> pd.DataFrame:
    """Rows fetched through the Core connection and turned into columns: about twice as fast as
    building a DataFrame from ORM result rows, which matters at national scale (1.5 M answers)."""
    rows = session.connection().execute(query).fetchall()
    if not rows:
        return pd.DataFrame({c: [] for c in columns})
    return pd.DataFrame(dict(zip(columns, zip(*rows))))
