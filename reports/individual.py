"""The individual feedback report: cover, how to read, profile, peers and progress (the rest in ``sections``).

Every figure printed comes from the engine's frames for this response; nothing is recomputed here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from charts.levels import forms_in_place, target_gap_text
from charts.profile import cell_parts, matrix_labels
from charts.progress import coverage_figure
from continuum.i18n import fmt_date, fmt_percent, t
from continuum.problems import Problem, ProblemError
from continuum.reference import USER_ROLES
from reports import figures, sections, words
from reports.data import CampaignData
from reports.document import Document, Figure, Table
from reports.peers import EnginePeers, PeerView
from scoring.messages import render
from scoring.waves import WaveChanges


@dataclass
class Shared:
    """What every report of a campaign shares, computed once: the engine's frames, changes, suggestions, peers."""

    data: CampaignData
    lang: str
    changes: WaveChanges
    steps: pd.DataFrame
    peers: Callable[[pd.Series], list[PeerView]]
    today: dt.date

    @classmethod
    def of(cls, data: CampaignData, lang: str, peers: Callable[[pd.Series], list[PeerView]] | None = None,
           today: dt.date | None = None) -> Shared:
        ids = data.current()["response_id"].astype(str).tolist()
        if peers is None:
            engine_peers = EnginePeers(data.result, data.campaign.id)
            peers = lambda row: engine_peers.views(str(row["response_id"]))  # noqa: E731
        return cls(data, lang, data.result.wave_changes(), data.result.next_steps(lang=lang, response_ids=ids),
                   peers, today or dt.date.today())


def rows_of(frame: pd.DataFrame, response_id: str) -> pd.DataFrame:
    return frame[(frame["response_id"].astype(str) == response_id).to_numpy()].reset_index(drop=True)


def establishment_document(shared: Shared, finess: str) -> Document:
    """The report of the establishment with this FINESS (a site, or the first site of its response)."""
    data, lang = shared.data, shared.lang
    row = data.response_of(finess)
    if row is None:
        raise ProblemError([Problem("report-no-response", f"establishment/{finess}",
                                    f"The establishment {finess} has no response in the campaign {data.campaign.id}.",
                                    "Check the FINESS (ET) number, or wait until the team starts the self-assessment.")])
    rid = str(row["response_id"])
    cells = rows_of(data.result.cell_states, rid)
    doc = Document("establishment", str(row["establishment"]), lang, t("reports.individual.title", lang))
    doc.context = {
        "cover": cover(shared, row), "reading": reading(data, lang), "caption": t("reports.caption", lang),
        "draft": row["status"] != "submitted", "profile": profile(shared, row, cells),
        "peers": peers_section(shared, row, cells, doc), "progress": progress(shared, row, doc),
        "initiatives": sections.initiatives(data, row, lang), "plan": sections.plan(shared, row),
        "obligations": sections.obligations(data, row, lang), "method": sections.method(data, lang),
    }
    doc.context.update(name=doc.context["cover"]["name"], today=shared.today)
    doc.figures["profile"] = Figure(figures.profile(data.questionnaire, cells, lang),
                                    t("reports.profile.table_title", lang))
    return doc


def cover(shared: Shared, row: pd.Series) -> dict:
    data, lang = shared.data, shared.lang
    site = data.sites.get(str(row["establishment"]))
    extras = data.extras.get(str(row["response_id"]))
    covered = [data.sites[s] for s in (extras.sites if extras else ()) if s in data.sites]
    roles = extras.roles if extras else {}
    users = sum(n for role, n in roles.items() if role in USER_ROLES)
    who = Table([t("reports.cover.role", lang), t("reports.cover.people", lang), t("reports.cover.user", lang)],
                [[t(f"ref.role.{role}", lang), str(n), t("reports.common.yes" if role in USER_ROLES else
                                                          "reports.common.no", lang)]
                 for role, n in sorted(roles.items(), key=lambda kv: (kv[0] not in USER_ROLES, kv[0]))],
                numeric=(1,))
    submitted = extras.submitted_at if extras else None
    if row["status"] == "submitted":
        status = (t("reports.cover.submitted", lang, date=fmt_date(submitted, lang)) if submitted
                  else t("reports.cover.submitted_no_date", lang))
    else:
        status = t("reports.cover.not_submitted", lang)
    facts = [
        (t("reports.cover.establishment", lang), f"{site.name if site else row['establishment']} "
                                                 f"(FINESS ET {row['establishment']})"),
        (t("reports.cover.legal_entity", lang), str(row["legal_entity"])),
        (t("reports.cover.category", lang), words.category(str(row["category"]), lang)),
        (t("reports.cover.region", lang), words.region(str(row["region"]))),
        (t("reports.cover.campaign", lang), data.campaign.name),
        (t("reports.cover.wave", lang), t("reports.cover.wave_n", lang, wave=int(row["wave"]))),
        (t("reports.cover.status", lang), status),
        (t("reports.cover.date", lang), fmt_date(shared.today, lang)),
    ]
    if len(covered) > 1:
        facts.insert(1, (t("reports.cover.sites", lang), "; ".join(f"{s.name} ({s.finess})" for s in covered)))
    return {"name": site.name if site else str(row["establishment"]), "facts": facts, "who": who,
            "who_total": (t("reports.cover.who_total", lang, n=sum(roles.values()), users=users) if roles
                          else t("reports.cover.who_none", lang)),
            "co_filled": t("reports.cover.co_filled" if users else "reports.cover.not_co_filled", lang)}


def reading(data: CampaignData, lang: str) -> list[str]:
    th = data.result.thresholds
    x = fmt_percent(th.x / 100, lang, 0)
    return [t("reports.reading.p1", lang), t("reports.reading.p2", lang, n=th.n, x=x),
            t("reports.reading.p3", lang), t("reports.reading.p4", lang)]


def profile(shared: Shared, row: pd.Series, cells: pd.DataFrame) -> dict:
    data, lang = shared.data, shared.lang
    q, rid = data.questionnaire, str(row["response_id"])
    lv, dg = words.levels(q, lang), words.degrees(q, lang)
    table = Table([t("reports.common.level", lang), t("reports.common.degree", lang), t("reports.common.state", lang),
                   t("reports.profile.in_place", lang), t("reports.profile.applicable", lang),
                   t("reports.profile.pilot", lang), t("reports.profile.evaluated", lang),
                   t("reports.profile.remarks", lang)], [], numeric=(3, 4, 5, 6))
    for c in cells.itertuples(index=False):
        headline, _, remarks = cell_parts(c, lang)  # the grid's counts, as numbers in their own columns
        scored = str(c.state) in ("absent", "emerging", "declared_not_evidenced", "present", "established")
        pilot = int(c.n_in_place) - int(c.n_in_place_beyond_pilot)
        if scored and int(c.n_being_set_up):
            remarks = [t("results.cell.being_set_up", lang, n=int(c.n_being_set_up)), *remarks]
        table.rows.append([lv[str(c.level)], dg[str(c.degree)], headline,
                           *([str(int(c.n_in_place)), str(int(c.n_applicable)), str(pilot), str(int(c.n_evaluated))]
                             if scored else ["—"] * 4),
                           "; ".join(remarks) or "—"])
    overall = rows_of(data.result.overall, rid).iloc[0]
    level_rows = rows_of(data.result.level_profile, rid)
    gaps = [render("foundation_gap", lang, q, level=str(r.level)) for r in level_rows.itertuples(index=False)
            if r.foundation_gap]
    return {"table": table, "gaps": gaps, "evidence": _evidence(cells, lv, dg, lang),
            "levels": _levels(shared, row, level_rows, lv, dg),
            "targets_set": bool(data.extras.get(rid) and data.extras[rid].targets),
            "completeness": t("reports.profile.completeness", lang, value=words.percent(overall["completeness"], lang)),
            "to_be_agreed": (t("reports.profile.to_be_agreed", lang, n=int(overall["n_to_be_agreed_items"]))
                             if int(overall["n_to_be_agreed_items"]) else "")}


def _evidence(cells: pd.DataFrame, lv: dict, dg: dict, lang: str) -> Table:
    needed = cells[cells["evidence_status"].astype(str) != "not_required"]
    return Table([t("reports.profile.evidence_cell", lang), t("reports.profile.evidence_declared", lang),
                  t("reports.profile.evidence_initiatives", lang), t("reports.profile.evidence_state", lang)],
                 [[f"{lv[str(c.level)]} · {dg[str(c.degree)]}", words.state(c.declared_state, lang),
                   str(int(c.n_evidencing_initiatives)), words.state(c.state, lang)]
                  for c in needed.itertuples(index=False)], numeric=(2,))


def _levels(shared: Shared, row: pd.Series, level_rows: pd.DataFrame, lv: dict, dg: dict) -> Table:
    data, lang, rid = shared.data, shared.lang, str(row["response_id"])
    targets = data.extras[rid].targets if rid in data.extras else {}
    frame = pd.DataFrame([{"response_id": rid, "level": k, "degree": v["degree"], "reason": v.get("reason", "")}
                          for k, v in targets.items()], columns=["response_id", "level", "degree", "reason"])
    gaps = data.result.target_gaps(frame).set_index("level") if len(frame) else pd.DataFrame()
    table = Table([t("reports.common.level", lang), t("reports.profile.current", lang),
                   t("reports.profile.foundation_gap", lang), t("reports.profile.target", lang),
                   t("reports.profile.gap", lang), t("reports.profile.reason", lang),
                   t("reports.profile.coverage", lang)], [], numeric=(6,))
    held = forms_in_place(rows_of(data.result.cell_states, rid), list(dg.items()))
    for r in level_rows.itertuples(index=False):
        level = str(r.level)
        gap = gaps.loc[level] if level in gaps.index else None
        if r.optional:
            current = t("reports.profile.optional", lang)
        else:  # every form in place, in the matrix's order: a profile, not a ladder
            current = held.get((rid, level)) or t("reports.profile.none_held", lang)
        gap_text = target_gap_text(gap, lang)
        gap_flag = "—" if r.optional else t("reports.common.yes" if r.foundation_gap else "reports.common.no", lang)
        table.rows.append([lv[level], current, gap_flag,
                           dg.get(str(gap["target_degree"]), "—") if gap is not None else "—", gap_text,
                           words.text_or_dash(gap["reason"] if gap is not None else None, lang),
                           words.percent(r.coverage, lang)])
    return table


def peers_section(shared: Shared, row: pd.Series, cells: pd.DataFrame, doc: Document) -> dict:
    data, lang = shared.data, shared.lang
    q = data.questionnaire
    views = shared.peers(row)
    lv, dg = words.levels(q, lang), words.degrees(q, lang)
    own = {(str(c.level), str(c.degree)): words.state(c.state, lang) for c in cells.itertuples(index=False)}
    groups = []
    for v in views:
        if not v.enough:
            note = t("reports.peers.not_enough", lang, n=v.n_peers)
        else:
            note = t("reports.peers.banded" if v.banded else "reports.peers.enough", lang, n=v.n_peers)
        groups.append({"title": t(f"reports.peers.group_{v.group}", lang), "note": note,
                       "cross_category": v.enough and v.cross_category})
    headers = [t("reports.common.level", lang), t("reports.common.degree", lang), t("reports.peers.yours", lang)]
    headers += [t(f"reports.peers.short_{v.group}", lang) for v in views]
    by_cell = [{(r.level, r.degree): r for r in v.shares.itertuples(index=False)} for v in views]
    too_few = t("results.peers.status_not_enough_peers", lang)  # a group below 5 gives nothing, on any level

    def shown(view: PeerView, cells: dict, key: tuple[str, str]) -> str:
        if not view.enough:
            return too_few
        return words.share(cells[key], lang) if key in cells else "—"

    table = Table(headers, [[lv[lvl], dg[deg], own.get((lvl, deg), "—")]
                            + [shown(v, b, (lvl, deg)) for v, b in zip(views, by_cell)]
                            for lvl, deg in q.cells()], numeric=tuple(range(3, 3 + len(views))))
    chosen = next((v for g in ("category", "region", "national") for v in views if v.group == g and v.enough), None)
    if chosen is not None:
        levels, degrees = matrix_labels(q, lang)
        own_labels = {f"{lvl}|{deg}": s for (lvl, deg), s in own.items()}
        group = t(f"reports.peers.short_{chosen.group}", lang)
        doc.figures["peers"] = Figure(figures.peers(chosen.shares, levels, degrees, lang, own_labels=own_labels),
                                      t("reports.peers.chart_title", lang, group=group))
    return {"groups": groups, "table": table, "chart_title": t("reports.peers.chart_title", lang, group=t(
        f"reports.peers.short_{chosen.group}", lang)) if chosen else "", "any": chosen is not None}


def progress(shared: Shared, row: pd.Series, doc: Document) -> dict:
    data, lang, rid = shared.data, shared.lang, str(row["response_id"])
    mine = rows_of(shared.changes.cells, rid)
    if mine.empty:
        return {"none": t("reports.progress.none", lang)}
    lv, dg = words.levels(data.questionnaire, lang), words.degrees(data.questionnaire, lang)
    moved = mine[(mine["change"] != "same") & (mine["previous_state"] != mine["state"])]
    cells = Table([t("reports.common.level", lang), t("reports.common.degree", lang),
                   t("reports.progress.previous", lang), t("reports.progress.now", lang),
                   t("reports.progress.change", lang)],
                  [[lv[str(m.level)], dg[str(m.degree)], words.state(m.previous_state, lang), words.state(m.state, lang),
                    t(f"results.progress.{m.change}", lang)] for m in moved.itertuples(index=False)])
    cov = rows_of(shared.changes.coverage, rid)
    previous_wave = int(mine["previous_wave"].iloc[0])
    coverage = Table([t("reports.common.level", lang), t("results.wave_n", lang, wave=previous_wave),
                      t("results.wave_n", lang, wave=int(row["wave"]))],
                     [[lv.get(str(c.level), t("reports.common.overall", lang)), words.percent(c.previous_coverage, lang),
                       words.percent(c.coverage, lang)] for c in cov.itertuples(index=False)], numeric=(1, 2))
    waves = pd.concat([pd.DataFrame({"level": cov["level"], "coverage": cov["previous_coverage"],
                                     "wave_label": t("results.wave_n", lang, wave=previous_wave)}),
                       pd.DataFrame({"level": cov["level"], "coverage": cov["coverage"],
                                     "wave_label": t("results.wave_n", lang, wave=int(row["wave"]))})])
    levels, _ = matrix_labels(data.questionnaire, lang)
    doc.figures["coverage"] = Figure(coverage_figure(waves[waves["level"] != ""], levels),
                                     t("reports.progress.coverage_title", lang))
    items = rows_of(shared.changes.items, rid)
    return {"since": t("reports.progress.since", lang, wave=previous_wave), "cells": cells, "coverage": coverage,
            "items_text": t("reports.progress.items", lang, n=len(items))}
