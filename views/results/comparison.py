"""The coordinator's comparison view as data: a plain function the page renders and the benchmark times.

Establishments are named only when they consented to be named to peers, otherwise shown by a code.
Coverage is never compared across establishments: the table shows states and completeness only.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
from sqlalchemy import Engine

from charts.levels import forms_in_place
from continuum.i18n import fmt_percent, t
from continuum.reference import REGIONS
from scoring.peers import group_figures
from storage.engine import read_session
from storage.scope import Scope
from views.results.compute import Scored, profile_campaign
from storage.directory import sites_frame

FILTERS = ("region", "category", "legal_status", "sector", "ght", "wave")
TABLE_PAGE = 200  # establishments per page of the comparison table: the browser never gets a national table at once


@dataclass(frozen=True)
class Filters:
    """Each field keeps the responses whose value is among those chosen; an empty tuple keeps all."""

    region: tuple[str, ...] = ()
    category: tuple[str, ...] = ()
    legal_status: tuple[str, ...] = ()
    sector: tuple[str, ...] = ()
    ght: tuple[str, ...] = ()
    wave: tuple[int, ...] = ()
    co_filled_only: bool = False


@dataclass
class Comparison:
    scored: Scored
    responses: pd.DataFrame  # the filtered responses, with display names
    table: pd.DataFrame  # what the page shows, already in words
    counts: pd.DataFrame  # level, degree, state, count, share (submitted responses of the group)
    group_cells: pd.DataFrame  # the group's own profile under the k-rules (scoring.peers.group_figures)
    na_rates: pd.DataFrame  # level, n_not_applicable, n_total, rate
    options: dict[str, list] = field(default_factory=dict)  # values offered by each filter


def display_code(finess: str) -> str:
    """A stable code for an establishment that did not consent to be named."""
    return "ÉTS-" + hashlib.sha1(finess.encode()).hexdigest()[:6].upper()


def filter_options(responses: pd.DataFrame) -> dict[str, list]:
    ghts = sorted({g for gs in responses["groupings"] for g in str(gs).split("|") if g.startswith("GHT")})
    return {"region": sorted(responses["region"].unique()), "category": sorted(responses["category"].unique()),
            "legal_status": sorted(responses["legal_status"].unique()), "sector": sorted(responses["sector"].unique()),
            "ght": ghts, "wave": sorted(int(w) for w in responses["wave"].unique())}


def apply_filters(responses: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    keep = np.ones(len(responses), bool)
    for name in ("region", "category", "legal_status", "sector"):
        if getattr(filters, name):
            keep &= responses[name].isin(getattr(filters, name)).to_numpy()
    if filters.wave:
        keep &= responses["wave"].isin(filters.wave).to_numpy()
    if filters.ght:
        wanted = set(filters.ght)
        keep &= responses["groupings"].map(lambda gs: bool(wanted & set(str(gs).split("|")))).to_numpy()
    if filters.co_filled_only:
        keep &= responses["co_filled"].to_numpy(dtype=bool)
    return responses[keep]


def comparison_data(engine: Engine, scope: Scope, campaign_id: str, filters: Filters, lang: str,
                    questionnaire_id: str | None = None, scored: Scored | None = None) -> Comparison:
    """Load (unless ``scored`` is given), filter and aggregate; every figure comes from the engine's frames."""
    scored = scored or profile_campaign(engine, scope, campaign_id, questionnaire_id)
    with read_session(engine) as session:
        sites = sites_frame(session, scope).set_index("finess")
    result, q = scored.result, scored.questionnaire
    responses = result.responses[(result.responses["questionnaire_id"] == q.id).to_numpy()]
    options = filter_options(responses)
    chosen = apply_filters(responses, filters)
    at = sites.index.get_indexer(chosen["establishment"].to_numpy(dtype=object))  # one lookup, not a map per row
    known = at >= 0
    named = known & np.where(known, sites["named"].to_numpy(dtype=bool)[np.maximum(at, 0)], False)
    names = np.where(known, sites["name"].to_numpy(dtype=object)[np.maximum(at, 0)], "")
    chosen = chosen.assign(display=np.where(named, names, in_words(chosen["establishment"], display_code)))
    ids = set(chosen["response_id"].astype(str))
    cs = result.cell_states
    submitted = set(chosen.loc[chosen["status"] == "submitted", "response_id"].astype(str))
    from charts.distributions import state_counts

    counts = state_counts(cs[rows_among(cs["response_id"], submitted)])
    group_cells = group_profile(result, chosen)
    lp = result.level_profile
    lp = lp[rows_among(lp["response_id"], ids)]
    na = lp.groupby("level", observed=True)[["n_not_applicable", "n_applicable"]].sum().reset_index()
    na["n_total"] = na["n_not_applicable"] + na["n_applicable"]
    na["rate"] = na["n_not_applicable"] / na["n_total"].where(na["n_total"] > 0)
    table = comparison_table(scored, chosen, lp, lang)
    return Comparison(scored, chosen, table, counts, group_cells, na[["level", "n_not_applicable", "n_total", "rate"]],
                      options)


def group_profile(result, chosen: pd.DataFrame) -> pd.DataFrame:
    """The engine's group figures (``scoring.peers.group_figures``) for the chosen establishments' latest wave.

    The engine is handed the chosen responses only, so it need not look each establishment up among all of
    them: its own filters (submitted, that wave's campaign) then keep exactly the group's responses.
    """
    members, wave_campaign = latest_wave(chosen)
    if not members:
        return group_figures(result, members, campaign_id=wave_campaign)[0]
    ids = set(chosen["response_id"].astype(str))
    part = replace(result, responses=chosen.reset_index(drop=True),
                   cell_states=result.cell_states[rows_among(result.cell_states["response_id"], ids)],
                   item_states=result.item_states[rows_among(result.item_states["response_id"], ids)])
    return group_figures(part, None, campaign_id=wave_campaign)[0]


def latest_wave(chosen: pd.DataFrame) -> tuple[set[str], str | None]:
    """The group's establishments and campaign in its most recent wave: a group profile never mixes two waves."""
    if chosen.empty:
        return set(), None
    latest = chosen[(chosen["wave"] == chosen["wave"].max()).to_numpy()]
    return set(latest["establishment"].astype(str)), str(latest["campaign_id"].iloc[0])


def comparison_table(scored: Scored, chosen: pd.DataFrame, lp: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per establishment: who (named or coded), what kind, response status, the forms in place per level."""
    q, overall = scored.questionnaire, scored.result.overall
    degrees = [(d.id, d.label.get(lang)) for d in q.matrix.degrees]
    cs = scored.result.cell_states
    rid_all = lp["response_id"].astype(str).to_numpy(dtype=object)
    held = forms_in_place(cs[rows_among(cs["response_id"], set(rid_all))], degrees)
    # positions instead of string lookups: a national table has 20,000 (response, level) pairs
    rows = pd.Index(pd.unique(rid_all), dtype=object)
    level_ids = pd.Index([lv.id for lv in q.matrix.levels], dtype=object)
    r, lv = rows.get_indexer(rid_all), level_ids.get_indexer(lp["level"].astype(str).to_numpy(dtype=object))
    forms = np.full((len(rows), len(level_ids)), None, dtype=object)
    if len(held):
        hr = rows.get_indexer(held.index.get_level_values(0).astype(str).to_numpy(dtype=object))
        hl = level_ids.get_indexer(held.index.get_level_values(1).astype(str).to_numpy(dtype=object))
        ok = (hr >= 0) & (hl >= 0)
        forms[hr[ok], hl[ok]] = held.to_numpy(dtype=object)[ok]
    none_held, skipped = t("results.none_held", lang), t("results.optional_skipped", lang)
    known = lv >= 0
    found = forms[r[known], lv[known]]
    label = np.where(lp["optional"].to_numpy(dtype=bool)[known], skipped,
                     np.where(pd.isna(found), none_held, found))
    labels = np.full((len(rows), len(level_ids)), "—", dtype=object)
    labels[r[known], lv[known]] = label
    at = rows.get_indexer(chosen["response_id"].astype(str).to_numpy(dtype=object))
    ids = pd.Index(overall["response_id"].astype(str).to_numpy(dtype=object), dtype=object)
    where = ids.get_indexer(chosen["response_id"].astype(str).to_numpy(dtype=object))
    completeness = pd.Series(np.where(where >= 0, overall["completeness"].to_numpy(dtype=float)[np.maximum(where, 0)],
                                      np.nan))
    table = pd.DataFrame({
        t("results.col.establishment", lang): chosen["display"].to_numpy(),
        t("results.col.region", lang): chosen["region"].map(REGIONS).fillna(chosen["region"]).to_numpy(),
        t("results.col.category", lang): in_words(chosen["category"], lambda c: t(f"results.category.{c}", lang)),
        t("results.col.legal_status", lang): in_words(chosen["legal_status"],
                                                      lambda c: t(f"results.legal_status.{c}", lang)),
        t("results.col.wave", lang): chosen["wave"].to_numpy(),
        t("results.col.response_status", lang): in_words(chosen["status"],
                                                         lambda s: t(f"results.response_status.{s}", lang)),
        t("results.col.co_filled", lang): np.where(chosen["co_filled"].to_numpy(dtype=bool), t("results.yes", lang),
                                                   t("results.no", lang)),
        t("results.col.completeness", lang): in_words(completeness, lambda v: fmt_percent(v, lang, 0)),
    })
    for j, level in enumerate(q.matrix.levels):
        table[level.label.get(lang)] = np.where(at >= 0, labels[np.maximum(at, 0), j], "—") if len(rows) else "—"
    return table


def table_pages(table: pd.DataFrame, size: int = TABLE_PAGE) -> int:
    """How many pages the comparison table has (at least one, even when empty)."""
    return max(1, -(-len(table) // size))


def table_page(table: pd.DataFrame, page: int, size: int = TABLE_PAGE) -> pd.DataFrame:
    """Page ``page`` (from 1) of the comparison table: what the page sends to the browser."""
    page = min(max(1, page), table_pages(table, size))
    return table.iloc[(page - 1) * size:page * size]


def rows_among(ids: pd.Series, wanted: set[str]) -> np.ndarray:
    """Which rows have an id in ``wanted``: on the categories once when ids are categorical (a national frame)."""
    if isinstance(ids.dtype, pd.CategoricalDtype):
        categories = ids.cat.categories
        if categories.dtype != object:
            categories = pd.Index(categories.astype(str).to_numpy(dtype=object), dtype=object)
        among = categories.isin(list(wanted))
        codes = ids.cat.codes.to_numpy()
        return np.where(codes >= 0, among[np.maximum(codes, 0)], False)
    return ids.astype(str).isin(wanted).to_numpy()


def in_words(values: pd.Series, word) -> np.ndarray:
    """``word`` applied once per distinct value (a national table repeats a handful of codes thousands of times)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    return np.array([word(u) for u in uniques], dtype=object)[codes] if len(uniques) else np.array([], dtype=object)


def group_shares(cells: pd.DataFrame) -> pd.DataFrame:
    """The engine's group figures as the peer chart's frame (exact or banded shares are 'shown')."""
    status = cells["peer_status"].map({"exact": "shown", "banded": "shown"}).fillna(cells["peer_status"])
    low = pd.Series(cells["band_low"].to_numpy() / 100).where(cells["peer_status"].to_numpy() == "banded",
                                                              cells["share"].to_numpy())
    high = pd.Series(cells["band_high"].to_numpy() / 100).where(cells["peer_status"].to_numpy() == "banded",
                                                                cells["share"].to_numpy())
    return pd.DataFrame({"level": cells["level"].astype(str).to_numpy(), "degree": cells["degree"].astype(str).to_numpy(),
                         "status": status.to_numpy(), "share": cells["share"].to_numpy(),
                         "share_low": low.to_numpy(), "share_high": high.to_numpy()})
