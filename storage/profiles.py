"""Stored engagement profiles: each response's cells, levels and overall counts, as the scoring engine returned them.

The coordinator's comparison and the peer figures need, per response, about twenty cells, five levels and
one overall row, not its hundred answers. So the engine's rows for each response are kept in
``response_profiles``, fingerprinted by a ``key`` over everything the engine scored them from:

- the engine itself (the source of ``scoring/`` and the questionnaire model it reads, and the pandas and
  numpy versions),
- the questionnaire and inventory versions,
- the response's row of the response frame (status, version choice, the site's category, size, region…),
- the response's revision, which database triggers bump on every write to its answers or participants
  (migration 0005: saves, imports, the demo's bulk inserts and deletions alike),
- and the same row and revision of each inventory response that evidences it (same establishment, same
  campaign, as the engine links them).

Reading compares each stored key with the current one; a stale or missing profile is scored again by the
engine, from its answers, before anything is returned, and stored for the next reader. Nothing is ever
scored by another formula: the rows are the engine's, written and read back column by column (a test holds
them equal to a fresh ``scoring.score``). Revisions are read before any answer, so a profile is never stored
under a key newer than the answers it was scored from.

Two variants are kept per response: ``individual`` (every contribution, as the response's own results and
the coordinator's comparison score it) and ``shared`` (consensus answers only, as the peer figures do).
Writing a profile is bookkeeping, not data: it never bumps the data version.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from sqlalchemy import String, bindparam, func, select, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from continuum.problems import Problem
from questionnaires.model import Questionnaire
from storage.engine import DatabaseBusy, write_session
from storage.frames import RESPONSE_COLUMNS, answers_of
from storage.models import Meta, utcnow
from storage.models_responses import ResponseProfile, ResponseRevision

log = logging.getLogger(__name__)

FRAMES = ("cell_states", "level_profile", "overall")  # the engine's per-response frames kept here
VARIANTS = {True: "individual", False: "shared"}  # by load_frames' ``individual``
LAYOUT = "2"  # how rows are written below; change it when the encoding changes
LAYOUT_KEY = "profile-layout:"  # meta key of each record layout, by its digest


def _fingerprint() -> str:
    """The engine as code: any change to scoring, to the model it reads, or to pandas / numpy makes profiles stale."""
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha1(f"{LAYOUT}|{pd.__version__}|{np.__version__}".encode())
    for path in sorted([*(root / "scoring").glob("*.py"), root / "questionnaires" / "model.py",
                        root / "questionnaires" / "conditions.py", root / "questionnaires" / "derivation.py"]):
        if path.exists():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


ENGINE_FINGERPRINT = _fingerprint()


@dataclass
class Profiled:
    """The engine's frames for the questionnaire's responses in ``responses`` (in that order)."""

    responses: pd.DataFrame  # the scored responses: the questionnaire's rows of the frame given
    cell_states: pd.DataFrame
    level_profile: pd.DataFrame
    overall: pd.DataFrame
    recomputed: int = 0  # how many were stale or missing, and scored again
    warnings: list[Problem] = field(default_factory=list)  # the engine's, when it scored (none when all were fresh)


def profiles_of(session: Session, questionnaire: Questionnaire, inventory: Questionnaire | None,
                responses: pd.DataFrame, *, individual: bool = True, store: str = "separate") -> Profiled:
    """The engine's cells, levels and overall rows for every ``questionnaire`` response in ``responses``.

    ``responses`` is a response frame as ``load_frames`` gives it, with the inventory's responses that go
    with it (the caller has already limited it to what it may see). Stale or missing profiles are scored
    now by ``scoring.score`` (raising its ``ProblemError`` for answers it cannot count); ``store`` says
    where they are kept: ``"separate"`` in a transaction of their own (a reader's session stays a reader;
    a busy SQLite skips it), ``"session"`` in the caller's write transaction, ``"no"`` nowhere.
    """
    variant = VARIANTS[bool(individual)]
    q, inv_id = questionnaire, inventory.id if inventory is not None else None
    mask = (responses["questionnaire_id"] == q.id).to_numpy()
    scored = responses[mask].reset_index(drop=True)
    inv_rows = responses[(responses["questionnaire_id"] == inv_id).to_numpy()] if inv_id else responses.iloc[:0]
    ids = _texts(scored["response_id"])
    revisions, stored = _stored(session, ids, _texts(inv_rows["response_id"]), variant)
    keys = _keys(q, inventory, variant, scored, inv_rows, revisions)
    stale = [k for k, rid in enumerate(ids) if stored.get(rid, (None,))[0] != keys[k]]
    warnings: list[Problem] = []
    stale_set = set(stale)
    fresh_layouts = {stored[ids[k]][1] for k in range(len(ids)) if k not in stale_set}
    layout = _layout_text(session, next(iter(fresh_layouts))) if len(fresh_layouts) == 1 else None
    payloads = [stored[rid][2] if rid in stored else b"" for rid in ids]
    if layout is None:  # one engine writes one layout, kept in meta; anything else is scored again
        stale = list(range(len(ids)))
    else:  # a record of another size is not this layout's: scored again
        size = _record(json.loads(layout)).itemsize
        stale = sorted(stale_set | {k for k, p in enumerate(payloads) if len(p) != size})
    if stale:
        new_layout, new, warnings = _score(session, q, inventory, scored.iloc[stale], inv_rows, individual)
        if layout is not None and new_layout != layout:  # the engine changed its columns: never mix layouts
            new_layout, new, warnings = _score(session, q, inventory, scored, inv_rows, individual)
            stale = list(range(len(ids)))
        layout = new_layout
        for k, payload in zip(stale, new):
            payloads[k] = payload
        if store != "no":
            _keep(session, [(ids[k], keys[k], payloads[k]) for k in stale], variant, layout, store)
    frames = _decoded(json.loads(layout), payloads, ids) if ids else _empty(q, inventory, scored, individual)
    return Profiled(scored, *frames, recomputed=len(stale), warnings=warnings)


# --- keys -----------------------------------------------------------------------------------------------

def _texts(column: pd.Series) -> list[str]:
    """A column as a list of Python strings, converted at once (not one Arrow scalar at a time)."""
    return column.astype(str).to_numpy(dtype=object).tolist()


def _row_texts(frame: pd.DataFrame) -> list[str]:
    """Each row's values as text, joined (in Arrow: a national frame has thousands of rows)."""
    if not len(frame):
        return []
    columns = [pa.array(frame[c].astype(str).to_numpy(dtype=object), pa.string()) for c in RESPONSE_COLUMNS]
    return pc.binary_join_element_wise(*columns, "\x1f").to_pylist()


def _keys(q: Questionnaire, inventory: Questionnaire | None, variant: str, scored: pd.DataFrame,
          inv_rows: pd.DataFrame, revisions: dict[str, int]) -> list[str]:
    """One fingerprint per scored response: the engine, the versions, its row and revision, its inventory's."""
    base = "\x1e".join([ENGINE_FINGERPRINT, variant, q.id, q.version,
                        f"{inventory.id}@{inventory.version}" if inventory is not None else ""])
    evidence: dict[tuple[str, str], list[str]] = {}
    for rid, text, est, camp in zip(_texts(inv_rows["response_id"]), _row_texts(inv_rows),
                                    _texts(inv_rows["establishment"]), _texts(inv_rows["campaign_id"])):
        evidence.setdefault((est, camp), []).append(f"{text}\x1d{revisions.get(rid, 0)}")
    out = []
    for rid, text, est, camp in zip(_texts(scored["response_id"]), _row_texts(scored),
                                    _texts(scored["establishment"]), _texts(scored["campaign_id"])):
        inv = "\x1c".join(sorted(evidence.get((est, camp), ())))
        out.append(hashlib.sha1(f"{base}\x1e{text}\x1d{revisions.get(rid, 0)}\x1e{inv}".encode()).hexdigest())
    return out


def _among(session: Session, column, ids: list[str]):
    """``column IN ids`` with the ids bound as one parameter (a JSON array on SQLite, an array on PostgreSQL)."""
    if session.get_bind().dialect.name == "postgresql":
        return column == func.any(bindparam("ids", ids, type_=ARRAY(String)))
    return column.in_(text("SELECT value FROM json_each(:ids)").bindparams(ids=json.dumps(ids)))


def _digest(layout: str) -> str:
    return hashlib.sha1(layout.encode()).hexdigest()


def _layout_text(session: Session, digest: str) -> str | None:
    """The record layout a digest names (kept once in ``meta``, not in every row)."""
    return session.connection().execute(select(Meta.value).where(Meta.key == LAYOUT_KEY + digest)).scalar()


def _stored(session: Session, ids: list[str], inv_ids: list[str],
            variant: str) -> tuple[dict[str, int], dict[str, tuple[str, str, bytes]]]:
    """(revision of every response, stored (key, layout, payload) of the scored ones), read before any answer."""
    connection = session.connection()
    every = sorted(set(ids) | set(inv_ids))
    revisions = dict(connection.execute(select(ResponseRevision.response_id, ResponseRevision.revision)
                                        .where(_among(session, ResponseRevision.response_id, every))).all())
    rows = connection.execute(select(ResponseProfile.response_id, ResponseProfile.key, ResponseProfile.layout,
                                     ResponseProfile.payload)
                              .where(ResponseProfile.variant == variant,
                                     _among(session, ResponseProfile.response_id, ids))).fetchall()
    return revisions, {r[0]: (r[1], r[2], r[3] if isinstance(r[3], bytes) else bytes(r[3])) for r in rows}


# --- scoring the stale ones -----------------------------------------------------------------------------

def _score(session: Session, q: Questionnaire, inventory: Questionnaire | None, stale: pd.DataFrame,
           inv_rows: pd.DataFrame, individual: bool) -> tuple[str, list[bytes], list[Problem]]:
    """Score the stale responses (with their inventory responses) by the engine; (layout, payloads, warnings)."""
    from scoring import score

    pairs = set(zip(stale["establishment"].astype(str), stale["campaign_id"].astype(str)))
    linked = inv_rows[[pair in pairs for pair in zip(inv_rows["establishment"].astype(str),
                                                     inv_rows["campaign_id"].astype(str))]]
    frame = pd.concat([stale, linked], ignore_index=True) if len(linked) else stale.reset_index(drop=True)
    answers = answers_of(session, frame["response_id"].astype(str).tolist(), individual)
    result = score(q, frame, answers, inventory=inventory)
    layout, payloads = _encoded(result, len(stale))
    return layout, payloads, list(result.warnings)


def _kind(column: pd.Series) -> list:
    """A column's type as [numpy dtype, categories (None unless categorical), the categories' dtype]."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        categories = column.cat.categories
        return [column.cat.codes.dtype.str, categories.astype(str).tolist(), str(categories.dtype)]
    if column.dtype.kind not in "biuf":
        raise TypeError(f"{column.name}: {column.dtype} is not stored (numbers, booleans, categoricals)")
    return [column.dtype.str, None, None]


def _record(layout: dict) -> np.dtype:
    """One response's rows of every frame, as one fixed-width record (payloads are these records' bytes)."""
    return np.dtype([(name, np.dtype([(c, kind) for c, kind, *_ in layout[name]["columns"]]), (layout[name]["rows"],))
                     for name in FRAMES])


def _encoded(result, n: int) -> tuple[str, list[bytes]]:
    """The result's rows of each response as one fixed-width binary record, and the layout they share."""
    layout, blocks = {}, {}
    for name in FRAMES:
        frame = getattr(result, name)
        k = len(frame) // n if n else 0
        if len(frame) != n * k or (n and not (frame["response_id"].astype(str).to_numpy()[::k]
                                              == result.responses["response_id"].astype(str).to_numpy()).all()):
            raise AssertionError(f"{name} is not one block of rows per response")
        id_column = frame["response_id"]
        id_kind = "category" if isinstance(id_column.dtype, pd.CategoricalDtype) else str(id_column.dtype)
        columns = [c for c in frame.columns if c != "response_id"]
        kinds = [_kind(frame[c]) for c in columns]
        layout[name] = {"rows": k, "response_id": id_kind, "columns": [[c, *kind] for c, kind in zip(columns, kinds)]}
        blocks[name] = {c: (frame[c].cat.codes if kind[1] is not None else frame[c]).to_numpy()
                        for c, kind in zip(columns, kinds)}
    records = np.zeros(n, dtype=_record(layout))
    for name in FRAMES:
        k = layout[name]["rows"]
        for c, values in blocks[name].items():
            records[name][c] = values.reshape(n, k)
    raw = records.tobytes()
    size = records.dtype.itemsize
    return json.dumps(layout, sort_keys=True), [raw[i * size:(i + 1) * size] for i in range(n)]


def _keep(session: Session, rows: list[tuple[str, str, bytes]], variant: str, layout: str, store: str) -> None:
    """Upsert the new profiles; Core statements, so the data version is not bumped (nothing anyone wrote changed)."""
    if not rows:
        return

    def write(s: Session) -> None:
        dialect = postgresql if s.get_bind().dialect.name == "postgresql" else sqlite
        now, digest = utcnow(), _digest(layout)
        s.connection().execute(dialect.insert(Meta).values(key=LAYOUT_KEY + digest, value=layout)
                               .on_conflict_do_nothing(index_elements=["key"]))
        for k in range(0, len(rows), 2000):
            statement = dialect.insert(ResponseProfile)
            statement = statement.on_conflict_do_update(
                index_elements=["response_id", "variant"],
                set_={"key": statement.excluded.key, "layout": statement.excluded.layout,
                      "payload": statement.excluded.payload, "computed_at": statement.excluded.computed_at})
            s.connection().execute(statement, [{"response_id": rid, "variant": variant, "key": key, "layout": digest,
                                                "payload": payload, "computed_at": now}
                                               for rid, key, payload in rows[k:k + 2000]])

    if store == "session":
        write(session)
        return
    try:
        with write_session(session.get_bind()) as s:
            write(s)
    except DatabaseBusy:  # another writer holds SQLite: the next reader stores them
        log.info("profiles not stored: the database is busy")
    except Exception as error:  # noqa: BLE001 - e.g. a response deleted meanwhile: storing is only bookkeeping
        log.warning("profiles not stored: %s", error)


# --- reading back ---------------------------------------------------------------------------------------

def _column(kind: list, values: np.ndarray):
    dtype, categories, categories_dtype = kind
    if categories is not None:
        index = pd.Index(categories, dtype=object if categories_dtype == "object" else categories_dtype)
        return pd.Categorical.from_codes(values, dtype=pd.CategoricalDtype(index), validate=False)
    return values


def _ids_column(kind: str, ids: list[str], rows: int):
    codes = np.repeat(np.arange(len(ids)), rows)
    if kind == "category":
        return pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(pd.Index(ids, dtype=object)), validate=False)
    return pd.array(np.asarray(ids, dtype=object)[codes], dtype=kind)


def _decoded(layout: dict, payloads: list[bytes], ids: list[str]) -> list[pd.DataFrame]:
    """The frames back from the records, in the order of ``ids``, with the engine's column types."""
    records = np.frombuffer(b"".join(payloads), dtype=_record(layout))
    out = []
    for name in FRAMES:
        spec, block = layout[name], records[name]
        data = {"response_id": _ids_column(spec["response_id"], ids, spec["rows"])}
        for column, *kind in spec["columns"]:
            data[column] = _column(kind, np.ascontiguousarray(block[column]).reshape(-1))
        out.append(pd.DataFrame(data))
    return out


def _empty(q: Questionnaire, inventory: Questionnaire | None, scored: pd.DataFrame,
           individual: bool) -> list[pd.DataFrame]:
    """No response of the questionnaire: the engine's own empty frames (it scores an empty frame calmly)."""
    from scoring import score

    from storage.frames import ANSWER_COLUMNS, conform

    result = score(q, scored, conform(pd.DataFrame(), ANSWER_COLUMNS), inventory=inventory)
    return [getattr(result, name) for name in FRAMES]


# --- kept up to date by the writers -----------------------------------------------------------------------

def refresh_profiles(session: Session, campaign_id: str, *, sites: list[str] | None = None) -> int:
    """Score and store, in the caller's write transaction, the profiles that are stale in a campaign.

    Called where responses are written in bulk or submitted (the demo writer, ``submit_response``), so that
    readers find them fresh; readers score anything still stale themselves, so this is never needed for
    correctness. Both variants: every response with every contribution, and the submitted ones with the
    consensus answers only (as the peer figures load them). Returns how many profiles were scored.
    """
    from storage.campaigns import get_campaign
    from storage.frames import load_responses, response_conditions
    from storage.questionnaires import published_questionnaire
    from storage.scope import Scope

    national = Scope.national()
    campaign = get_campaign(session, national, campaign_id)
    questionnaires = {qid: published_questionnaire(session, qid, v) for qid, v in campaign.questionnaires.items()}
    done = 0
    for q in questionnaires.values():
        if not any(item.cells for item in q.items(include_group_children=True)):
            continue  # no matrix, no profile (the inventory itself)
        inventory = questionnaires.get(q.scoring.evidence.inventory or "")
        wanted = [q.id] + ([inventory.id] if inventory is not None else [])
        for individual, statuses in ((True, None), (False, ["submitted"])):
            responses = load_responses(session, response_conditions(national, campaign_id, questionnaire_id=wanted,
                                                                    statuses=statuses, sites=sites))
            if (responses["questionnaire_id"] == q.id).any():
                done += profiles_of(session, q, inventory, responses, individual=individual,
                                    store="session").recomputed
    return done
