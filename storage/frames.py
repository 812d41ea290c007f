"""The two DataFrames storage hands the scoring engine (docs/ARCHITECTURE.md), loaded inside the caller's scope.

Answers are read set-based: on SQLite and PostgreSQL the database aggregates each response's answers
into one JSON array per column, so Python decodes a few thousand strings instead of building a
tuple for each of the 500,000 answers of a national campaign.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
from sqlalchemy import Text, and_, cast, collate, exists, false, func, or_, select
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
JSON_AGGREGATES = {"sqlite": "json_group_array", "postgresql": "json_agg"}  # dialects that aggregate answers


def conform(frame: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """Columns in contract order and types: '' (never NaN) in text columns, NaN in numbers."""
    frame = frame.reindex(columns=list(columns)).reset_index(drop=True)
    return pd.DataFrame({name: _typed(frame[name], kind).array for name, kind in columns.items()})


def _typed(column: pd.Series, kind: str) -> pd.Series:
    if kind == "str":
        if column.dtype == "str" and not column.hasnans:
            return column
        column = column.astype(object)
        return column.where(column.notna(), "").astype(str)
    if kind == "int":
        return column.fillna(-1).astype("int64")
    if kind == "float":
        return pd.to_numeric(column, errors="coerce").astype("float64")
    return column.fillna(False).astype(bool)


def load_frames(session: Session, scope: Scope, campaign_id: str | Sequence[str], *,
                questionnaire_id: str | Sequence[str] | None = None, statuses: Iterable[str] | None = None,
                individual: bool = True, sites: Iterable[str] | None = None,
                versions: Mapping[str, str] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(responses, answers) of one campaign (or several waves), limited to what ``scope`` may see.

    ``questionnaire_id`` keeps one questionnaire's responses (or several: a questionnaire and its inventory);
    ``statuses`` keeps only responses in those statuses (peers count ``submitted`` only);
    ``individual=False`` leaves out respondents' individual contributions; ``sites`` narrows further.
    ``versions`` ({questionnaire id: version}) keeps only responses filled under those versions, so that
    earlier waves filled under another published version are never scored under this one.
    """
    conditions = response_conditions(scope, campaign_id, questionnaire_id=questionnaire_id, statuses=statuses,
                                     sites=sites, versions=versions)
    responses = _responses(session, conditions)
    answers = _answers(session, select(Response.id).where(*conditions), individual) if len(responses) else \
        conform(pd.DataFrame(), ANSWER_COLUMNS)
    return responses, answers


def response_conditions(scope: Scope, campaign_id: str | Sequence[str], *,
                        questionnaire_id: str | Sequence[str] | None = None, statuses: Iterable[str] | None = None,
                        sites: Iterable[str] | None = None, versions: Mapping[str, str] | None = None) -> list:
    """The WHERE clauses of ``load_frames`` (same arguments), for loaders that read other tables of those responses."""
    campaigns = [campaign_id] if isinstance(campaign_id, str) else list(campaign_id)
    conditions = [Response.campaign_id.in_(campaigns), response_clause(scope)]
    if isinstance(questionnaire_id, str):
        questionnaire_id = [questionnaire_id] if questionnaire_id else None
    if questionnaire_id is not None:
        conditions.append(Response.questionnaire_id.in_(list(questionnaire_id)))
    if statuses is not None:
        conditions.append(Response.status.in_(list(statuses)))
    if sites is not None:
        conditions.append(Response.site.in_(list(sites)))
    if versions is not None:
        conditions.append(or_(false(), *(and_(Response.questionnaire_id == q, Response.questionnaire_version == v)
                                         for q, v in versions.items())))
    return conditions


def load_responses(session: Session, conditions: list) -> pd.DataFrame:
    """The response frame alone, for ``response_conditions`` (the answers stay in the database)."""
    return _responses(session, conditions)


def answers_of(session: Session, response_ids: Sequence[str], individual: bool = True) -> pd.DataFrame:
    """The answer frame of the given responses (the caller already checked they are visible)."""
    ids = sorted(set(response_ids))  # chunks in key order keep the frame in key order
    if not ids:
        return conform(pd.DataFrame(), ANSWER_COLUMNS)
    chunks = [_answers(session, select(Response.id).where(Response.id.in_(ids[k:k + ID_CHUNK])), individual)
              for k in range(0, len(ids), ID_CHUNK)]
    return chunks[0] if len(chunks) == 1 else pd.concat(chunks, ignore_index=True)


ID_CHUNK = 10_000  # ids bound per statement (SQLite allows 32,766 variables)


def _responses(session: Session, conditions: list) -> pd.DataFrame:
    co_filled = exists().where(Participant.response_id == Response.id, Participant.role.in_(sorted(USER_ROLES)))
    query = (select(Response.id.label("response_id"), Response.site.label("establishment"), Response.legal_entity,
                    Response.campaign_id, Campaign.wave, Response.questionnaire_id, Response.questionnaire_version,
                    Site.category, Site.legal_status, Site.sector, Site.region, Site.size, Response.status,
                    Response.version_choice, co_filled.label("co_filled"))
             .join(Campaign, Campaign.id == Response.campaign_id).join(Site, Site.finess == Response.site)
             .where(*conditions).order_by(Response.campaign_id, Response.site, Response.questionnaire_id))
    frame = _columns_frame(session, query, list(query.selected_columns.keys()))
    groupings: dict[str, list[str]] = {}
    if len(frame):
        in_scope = select(Response.site).where(*conditions)
        for site, code in session.connection().execute(select(SiteGrouping.site, SiteGrouping.grouping)
                                                       .where(SiteGrouping.site.in_(in_scope))
                                                       .order_by(SiteGrouping.grouping)).fetchall():
            groupings.setdefault(site, []).append(code)
    frame["groupings"] = frame["establishment"].map(lambda s: "|".join(groupings.get(s, [])))
    return conform(frame, RESPONSE_COLUMNS)


ANSWER_FIELDS = [Answer.item_id, Answer.entry, Answer.respondent, func.coalesce(Participant.role, ""), Answer.flag,
                 Answer.status, Answer.extent, Answer.priority, Answer.value, Answer.choices, Answer.number,
                 Answer.na_reason, Answer.comment]  # ANSWER_COLUMNS after response_id, in order


def _answers(session: Session, visible, individual: bool, *, aggregated: bool | None = None) -> pd.DataFrame:
    """The answers of the ``visible`` responses, in (response, item, entry, respondent) order.

    ``aggregated=False`` reads one row per answer (the portable path, kept as the reference in tests).
    """
    dialect = session.get_bind().dialect.name
    if aggregated is None:
        aggregated = dialect in JSON_AGGREGATES
    conditions = [Answer.response_id.in_(visible)] + ([] if individual else [Answer.respondent == ""])
    joined = (Participant, (Participant.response_id == Answer.response_id)
              & (Participant.person_id == Answer.respondent))
    if not aggregated:
        query = (select(Answer.response_id, *ANSWER_FIELDS).outerjoin(*joined).where(*conditions)
                 .order_by(Answer.response_id, Answer.item_id, Answer.entry, Answer.respondent))
        return conform(_columns_frame(session, query, list(ANSWER_COLUMNS)), ANSWER_COLUMNS)
    aggregate = getattr(func, JSON_AGGREGATES[dialect])
    if dialect == "postgresql":  # arrays fed from a sorted subquery (ordered aggregates sort once per column)
        key = [collate(Answer.response_id, "C"), collate(Answer.item_id, "C"), Answer.entry,
               collate(Answer.respondent, "C")]
        rows_in_order = (select(key[0].label("rid"), *[f.label(f"c{k}") for k, f in enumerate(ANSWER_FIELDS)])
                         .outerjoin(*joined).where(*conditions).order_by(*key).subquery())
        rid = rows_in_order.c.rid
        query = (select(rid, func.count(), *[cast(aggregate(rows_in_order.c[f"c{k}"]), Text)
                                             for k in range(len(ANSWER_FIELDS))]).group_by(rid).order_by(rid))
    else:  # SQLite visits each response's rows in the unique key's order
        query = (select(Answer.response_id, func.count(), *[aggregate(field) for field in ANSWER_FIELDS])
                 .outerjoin(*joined).where(*conditions).group_by(Answer.response_id).order_by(Answer.response_id))
    rows = session.connection().execute(query).fetchall()
    return _in_key_order(_decoded(rows))  # arrays are aligned by construction; their order is checked


def _decoded(rows: list) -> pd.DataFrame:
    """One (response_id, count, JSON array per column) row per response, turned into the answer frame."""
    counts = np.array([r[1] for r in rows], dtype=np.int64)
    data = {"response_id": np.repeat(np.array([r[0] for r in rows], dtype=object), counts)}
    for k, name in enumerate(list(ANSWER_COLUMNS)[1:], start=2):
        values = json.loads("[" + ",".join(r[k].strip()[1:-1] for r in rows) + "]") if rows else []
        data[name] = values
    frame = {}
    for name, kind in ANSWER_COLUMNS.items():
        if kind == "str":
            frame[name] = pd.array(pa.array(data[name], pa.large_string()), dtype="str")
        elif kind == "int":
            frame[name] = np.array(data[name], dtype=np.int64)
        else:  # JSON null, and PostgreSQL's "NaN" / "Infinity", read as floats
            frame[name] = np.array(data[name], dtype=np.float64)
    return conform(pd.DataFrame(frame), ANSWER_COLUMNS)


def _in_key_order(frame: pd.DataFrame) -> pd.DataFrame:
    """Sort by (response, item, entry, respondent) unless the rows already are (the usual case, checked cheaply)."""
    if len(frame) < 2:
        return frame
    keys = ["response_id", "item_id", "entry", "respondent"]
    before = {k: frame[k].array[:-1] for k in keys}
    after = {k: frame[k].array[1:] for k in keys}
    ordered = np.zeros(len(frame) - 1, dtype=bool)
    tied = np.ones(len(frame) - 1, dtype=bool)
    for k in keys:
        ordered |= tied & (before[k] < after[k])
        tied &= before[k] == after[k]
    if ordered.all():
        return frame
    return frame.sort_values(keys, kind="stable").reset_index(drop=True)


def _columns_frame(session: Session, query, columns: list[str]) -> pd.DataFrame:
    """Rows fetched through the Core connection and turned into columns (no ORM objects)."""
    rows = session.connection().execute(query).fetchall()
    if not rows:
        return pd.DataFrame({c: [] for c in columns})
    return pd.DataFrame(dict(zip(columns, zip(*rows))))
