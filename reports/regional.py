"""The regional report: participation, distributions, the regional against the national profile, practices,
initiatives, changes between waves and the co-filled share — aggregates only, names only with consent.

Below 5 submitted self-assessments nothing but participation is given; from 5 to 9, shares come in
20-point bands (``scoring.peers.group_figures``) and the state distributions are left out.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from charts.distributions import ORDER, distribution_figure, distribution_state_label, state_counts
from charts.profile import matrix_labels
from continuum.i18n import fmt_date, fmt_percent, t
from reports import figures, words
from reports.data import CampaignData
from reports.document import Document, Figure, Table
from reports.peers import chart_frame
from reports.sections import method
from scoring.result import ProfileResult
from scoring.peers import CROSS_CATEGORY_LEVELS, EXACT_FROM, MIN_PEERS, group_figures, share_rows

TOP = 10


def regions_of(data: CampaignData) -> list[str]:
    """A regional campaign's region, or each region with a response in a national campaign."""
    if data.campaign.region:
        return [data.campaign.region]
    return sorted(data.current()["region"].astype(str).unique())


def regional_document(shared, region: str | None) -> Document:
    data, lang = shared.data, shared.lang
    current = data.current()
    members = current if region is None else current[current["region"].astype(str) == str(region)]
    submitted = members[members["status"] == "submitted"]
    name = words.region(region) if region else t("reports.regional.scope_all", lang)
    title = t("reports.regional.title" if region else "reports.regional.title_campaign", lang)
    doc = Document("regional", f"regional-{region or 'all'}", lang, title)
    ctx = {"name": name, "today": shared.today, "caption": t("reports.caption", lang),
           "facts": [(t("reports.cover.campaign", lang), data.campaign.name),
                     (t("reports.cover.wave", lang), t("reports.cover.wave_n", lang, wave=data.campaign.wave)),
                     (t("reports.cover.date", lang), fmt_date(shared.today, lang))],
           "scope": t("reports.regional.scope_region", lang, region=name) if region else name,
           "participation": participation(data, members, submitted, lang),
           "enough": submitted["establishment"].nunique() >= MIN_PEERS, "method": method(data, lang)}
    if ctx["enough"]:
        ids = set(submitted["establishment"].astype(str))
        ctx["profile"] = profile(data, ids, lang, doc)
        ctx["distribution"] = distribution(data, submitted, lang, doc)
        ctx["practices"] = practices(data, ids, lang)
        ctx["initiatives"] = initiatives(data, ids, lang)
        ctx["waves"] = waves(shared, submitted, lang)
    doc.context = ctx
    return doc


def _subset(data: CampaignData, establishments: set[str] | None) -> ProfileResult:
    """The scored result narrowed to this campaign's responses (of some establishments): group_figures' input."""
    r = data.result.responses
    keep = (r["campaign_id"] == data.campaign.id).to_numpy()
    if establishments is not None:
        keep = keep & r["establishment"].astype(str).isin(establishments).to_numpy()
    return replace(data.result, responses=r[keep].reset_index(drop=True))


def participation(data: CampaignData, members: pd.DataFrame, submitted: pd.DataFrame, lang: str) -> dict:
    co = submitted["co_filled"].astype(bool)
    counts = Table([t("reports.cover.category", lang), t("reports.common.count", lang)],
                   [[words.category(c, lang), str(n)] for c, n in
                    submitted.groupby("category")["establishment"].nunique().sort_values(ascending=False).items()],
                   numeric=(1,))
    facts = Table([t("reports.regional.participation_title", lang), t("reports.common.count", lang)], [
        [t("reports.regional.responses", lang), str(members["establishment"].nunique())],
        [t("reports.regional.submitted", lang), str(submitted["establishment"].nunique())],
        [t("reports.regional.drafts", lang), str(members.loc[members["status"] != "submitted",
                                                             "establishment"].nunique())],
        [t("reports.regional.co_filled", lang), _co_filled(co, lang)],
    ], numeric=(1,))
    sites = sorted(set(members["establishment"].astype(str)))
    named = [f"{data.sites[s].name} ({s})" for s in sites if s in data.named and s in data.sites]
    others = len(sites) - len(named)
    return {"facts": facts, "by_category": counts, "named": named,
            "named_more": t("reports.regional.named_more", lang, n=others) if named and others else "",
            "named_none": "" if named else t("reports.regional.named_none", lang)}


def _co_filled(co: pd.Series, lang: str) -> str:
    """The co-filled share is a result too: the k rules apply (nothing below 5, a 20-point band from 5 to 9)."""
    if len(co) < MIN_PEERS:
        return t("reports.regional.fewer_than_five", lang)
    rows = pd.DataFrame(share_rows(np.array([len(co)]), np.array([int(co.sum())]), np.array([True])))
    rows["level"] = rows["degree"] = ""
    return words.share(next(chart_frame(rows).itertuples(index=False)), lang)


def profile(data: CampaignData, ids: set[str], lang: str, doc: Document) -> Table:
    """Held shares per cell in the region beside the whole campaign's (both under the k rules)."""
    q = data.questionnaire
    region_cells, _ = group_figures(_subset(data, ids))
    national_cells, _ = group_figures(_subset(data, None))
    lv, dg = words.levels(q, lang), words.degrees(q, lang)
    reg = {(r.level, r.degree): r for r in chart_frame(region_cells).itertuples(index=False)}
    nat = {(r.level, r.degree): r for r in chart_frame(national_cells).itertuples(index=False)}
    rows = [[lv[lvl], dg[deg], words.share(reg[(lvl, deg)], lang) if (lvl, deg) in reg else "—",
             words.share(nat[(lvl, deg)], lang) if (lvl, deg) in nat else "—"] for lvl, deg in q.cells()]
    levels, degrees = matrix_labels(q, lang)
    doc.figures["profile"] = Figure(figures.peers(chart_frame(region_cells), levels, degrees, lang),
                                    t("reports.regional.profile_title", lang))
    return Table([t("reports.common.level", lang), t("reports.common.degree", lang),
                  t("reports.regional.region_col", lang), t("reports.regional.national_col", lang)], rows,
                 numeric=(2, 3))


def distribution(data: CampaignData, submitted: pd.DataFrame, lang: str, doc: Document) -> dict | None:
    """State distributions per level, only from 10 establishments (exact shares), on comparable levels; the
    table gives every share the chart draws, so that small segments and black-and-white prints can be read."""
    if submitted["establishment"].nunique() < EXACT_FROM:
        return None
    q = data.questionnaire
    cs = data.result.cell_states
    cs = cs[cs["response_id"].astype(str).isin(set(submitted["response_id"].astype(str))).to_numpy()]
    levels, degrees = matrix_labels(q, lang)
    several = submitted["category"].nunique() > 1
    if several:
        levels = [lv for lv in levels if lv[0] in CROSS_CATEGORY_LEVELS]
        cs = cs[cs["level"].astype(str).isin(CROSS_CATEGORY_LEVELS).to_numpy()]
    counts = state_counts(cs)
    doc.figures["distribution"] = Figure(distribution_figure(counts, levels, degrees, lang),
                                         t("reports.regional.distribution_title", lang))
    present = set(counts["state"])
    states = [st for st in ORDER if st in present]
    by_cell = {(r.level, r.degree, r.state): r for r in counts.itertuples(index=False)}
    lv, dg = words.levels(q, lang), words.degrees(q, lang)
    rows = []
    for level, _ in levels:
        for degree, _ in degrees:
            found = [by_cell.get((level, degree, st)) for st in states]
            n = sum(int(r.count) for r in found if r is not None)
            rows.append([lv[level], dg[degree], *[fmt_percent(r.share if r is not None else 0, lang, 0) if n else "—"
                                                  for r in found], str(n)])
    table = Table([t("reports.common.level", lang), t("reports.common.degree", lang),
                   *[_capital(distribution_state_label(st, lang)) for st in states], t("reports.regional.n_establishments", lang)],
                  rows, numeric=tuple(range(2, 3 + len(states))))
    return {"table": table, "levels_note": t("reports.regional.cross_category", lang) if several else ""}


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def practices(data: CampaignData, ids: set[str], lang: str) -> dict:
    q = data.questionnaire
    _, per_item = group_figures(_subset(data, ids))
    kinds = {i.id: i for i in q.items(include_group_children=True)}
    per_item = per_item[per_item["item_id"].astype(str).map(lambda i: kinds.get(i) is not None
                                                             and kinds[i].kind == "practice").to_numpy()]
    hidden = int((per_item["peer_status"] == "hidden_rare").sum())
    shown = per_item[per_item["peer_status"].isin(["exact", "banded"])].copy()
    shown["order"] = np.where(shown["peer_status"] == "banded", shown["band_low"] / 100, shown["share"])
    shown = shown.sort_values(["order", "item_id"], ascending=[False, True], kind="stable")
    frame = chart_frame(shown.assign(level="", degree=""))
    rows = [[kinds[str(i)].text.get(lang), words.share(r, lang)]
            for i, r in zip(shown["item_id"], frame.itertuples(index=False))]
    most, least = rows[:TOP], rows[TOP:][-TOP:][::-1]
    headers = [t("reports.regional.practice", lang), t("reports.common.share", lang)]
    return {"most": Table(headers, most, numeric=(1,)), "least": Table(headers, least, numeric=(1,)),
            "hidden": t("reports.regional.practices_hidden", lang, n=hidden) if hidden else ""}


def initiatives(data: CampaignData, ids: set[str], lang: str) -> dict:
    q = data.questionnaire
    inits = data.result.initiatives
    mine = inits[(inits["campaign_id"] == data.campaign.id) & inits["establishment"].astype(str).isin(ids)]
    if mine.empty:
        return {"none": t("reports.regional.initiatives_none", lang)}
    lv, dg = words.levels(q, lang), words.degrees(q, lang)
    cross = pd.crosstab(mine["level"].astype(str), mine["derived_degree"].astype(str))
    cross = cross.reindex(index=list(lv), columns=list(dg), fill_value=0)
    rows = [[lv[lvl], *[str(int(v)) for v in cross.loc[lvl]], str(int(cross.loc[lvl].sum()))] for lvl in lv]
    rows.append([t("reports.regional.total", lang), *[str(int(v)) for v in cross.sum()], str(int(cross.values.sum()))])
    table = Table([t("reports.initiatives.domain", lang), *dg.values(), t("reports.regional.total", lang)], rows,
                  numeric=tuple(range(1, len(dg) + 2)))
    return {"table": table, "over": t("reports.regional.initiatives_over", lang, n=len(mine),
                                      over=int(mine["over_declared"].sum()))}


def waves(shared, submitted: pd.DataFrame, lang: str) -> dict:
    """Per cell, how many establishments answering both waves moved: counts from 10 establishments, 20-point
    bands of their share from 5 to 9, and across categories only care and organisation (the peer rules)."""
    data = shared.data
    changes = shared.changes.cells
    mine = changes[changes["response_id"].astype(str).isin(set(submitted["response_id"].astype(str))).to_numpy()]
    pairs = mine["establishment"].nunique()
    if pairs < MIN_PEERS:
        return {"none": t("reports.regional.waves_none", lang)}
    lv, dg = words.levels(data.questionnaire, lang), words.degrees(data.questionnaire, lang)
    several = submitted.loc[submitted["response_id"].isin(mine["response_id"]), "category"].nunique() > 1
    counts = mine.groupby(["level", "degree", "change"], observed=True).size().unstack(fill_value=0)
    kinds = ("more_established", "less_established", "same")
    rows = []
    for lvl, deg in data.questionnaire.cells():
        c = counts.loc[(lvl, deg)] if (lvl, deg) in counts.index else pd.Series(dtype=int)
        held = np.array([int(c.get(k, 0)) for k in kinds])
        n = int(held.sum())  # the establishments whose cell is comparable in both waves
        if several and lvl not in CROSS_CATEGORY_LEVELS:
            continue  # across categories, only care and organisation are compared (said above the table)
        rows.append([lv[lvl], dg[deg], *_moves(held, n, lang)])
    table = Table([t("reports.common.level", lang), t("reports.common.degree", lang), t("reports.regional.more", lang),
                   t("reports.regional.less", lang), t("reports.regional.same", lang)], rows, numeric=(2, 3, 4))
    return {"table": table, "rules": t("reports.regional.waves_rules", lang),
            "cross_category": t("reports.regional.cross_category", lang) if several else "",
            "pairs": t("reports.regional.waves_pairs", lang, n=pairs, previous=int(mine["previous_wave"].iloc[0]),
                       wave=int(mine["wave"].iloc[0]))}


def _moves(held: np.ndarray, n: int, lang: str) -> list[str]:
    if n == 0:
        return [t("reports.common.dash", lang)] * len(held)
    if n < MIN_PEERS:
        return [t("reports.regional.fewer_than_five", lang)] * len(held)
    if n >= EXACT_FROM:
        return [str(int(h)) for h in held]
    rows = pd.DataFrame(share_rows(np.full(len(held), n), held, np.ones(len(held), bool)))
    rows["level"] = rows["degree"] = ""
    return [words.share(r, lang) for r in chart_frame(rows).itertuples(index=False)]
