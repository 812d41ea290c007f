"""The individual report's later sections: initiatives, action plan, obligations and the method annex."""

from __future__ import annotations

import pandas as pd

from continuum.i18n import fmt_date, fmt_percent, t
from reports import words
from reports.data import CampaignData
from reports.document import Table

MAX_SUGGESTIONS = 20
# Which obligation frames concern which sector; a frame not listed here concerns both.
SECTOR_FRAMES = {"health": {"has-certification", "cdu-annual-report", "projet-des-usagers"},
                 "medico_social": {"essms-evaluation", "cvs"}}


def initiatives(data: CampaignData, row: pd.Series, lang: str) -> dict:
    inits = data.result.initiatives
    mine = inits[(inits["establishment"] == row["establishment"]) & (inits["campaign_id"] == row["campaign_id"])]
    if mine.empty:
        return {"none": t("reports.initiatives.none", lang)}
    lv, dg = words.levels(data.questionnaire, lang), words.degrees(data.questionnaire, lang)
    order = {d: k for k, d in enumerate(dg)}
    rows = []
    for r in mine.itertuples(index=False):
        declared, derived = order.get(str(r.declared_degree), -1), order.get(str(r.derived_degree), -1)
        reading = ("over" if declared > derived else "under" if declared < derived else "same")
        title = data.initiative_titles.get((str(r.inventory_response_id), int(r.entry)),
                                           t("reports.initiatives.untitled", lang))
        rows.append([title, lv.get(str(r.level), "—"), dg.get(str(r.declared_degree), "—"),
                     dg.get(str(r.derived_degree), "—"),
                     t(f"reports.initiatives.{reading}", lang) if declared >= 0 and derived >= 0 else "—"])
    table = Table([t("reports.initiatives.name", lang), t("reports.initiatives.domain", lang),
                   t("reports.initiatives.declared", lang), t("reports.initiatives.derived", lang),
                   t("reports.initiatives.note", lang)], rows)
    return {"count": t("reports.initiatives.count", lang, n=len(mine), over=int(mine["over_declared"].sum())),
            "table": table}


def plan(shared, row: pd.Series) -> dict:
    data, lang, rid = shared.data, shared.lang, str(row["response_id"])
    actions = data.extras[rid].actions if rid in data.extras else []
    saved = Table([t(f"reports.plan.{c}", lang) for c in ("action", "owner", "deadline", "indicator", "source",
                                                         "status")],
                  [[words.text_or_dash(a["action"], lang), words.text_or_dash(a["owner"], lang),
                    fmt_date(a["deadline"], lang) if a["deadline"] else "—", words.text_or_dash(a["indicator"], lang),
                    words.text_or_dash(a["source"], lang),
                    t(f"results.plan.status_{a['status']}", lang) if a["status"] else "—"] for a in actions])
    planned = {a["item_id"] for a in actions if a.get("item_id")}
    steps = shared.steps[(shared.steps["response_id"] == rid).to_numpy()]
    steps = steps[~steps["item_id"].isin(planned)]
    shown = steps.head(MAX_SUGGESTIONS)
    suggested = Table([t("reports.plan.kind", lang), t("reports.plan.action", lang), t("reports.plan.why", lang)],
                      [[t(f"reports.plan.kind_{s.kind}", lang), s.action, s.why] for s in shown.itertuples(index=False)])
    more = len(steps) - len(shown)
    return {"saved": saved, "suggested": suggested,
            "more": t("reports.plan.more", lang, n=more) if more > 0 else ""}


def obligations(data: CampaignData, row: pd.Series, lang: str) -> dict:
    """Per frame and reference: the mapped practices in place, and those answered, for this response."""
    q, rid = data.questionnaire, str(row["response_id"])
    states = data.result.item_states
    states = states[(states["response_id"].astype(str) == rid).to_numpy()].set_index(
        states["item_id"].astype(str)[(states["response_id"].astype(str) == rid).to_numpy()])
    sector = str(row["sector"])
    other = {f for s, frames in SECTOR_FRAMES.items() if s != sector for f in frames}
    frames = []
    for frame in q.frames:
        if frame.id in other:
            continue
        counts: dict[str, list[int]] = {}
        for item in q.items(include_group_children=True):
            for mapping in item.obligations:
                if mapping.frame != frame.id or item.id not in states.index:
                    continue
                s = states.loc[item.id]
                for ref in mapping.refs:
                    pair = counts.setdefault(ref, [0, 0])
                    pair[0] += int(bool(s["in_place"]))
                    pair[1] += int(bool(s["answered"]))
        if counts:
            frames.append({"title": f"{frame.title.get(lang)} ({frame.version})", "table": Table(
                [t("reports.obligations.ref", lang), t("reports.obligations.in_place", lang),
                 t("reports.obligations.answered", lang)],
                [[ref, str(a), str(b)] for ref, (a, b) in sorted(counts.items())], numeric=(1, 2))})
    note = t("reports.obligations.cdu_note_medico_social" if sector == "medico_social"
             else "reports.obligations.cdu_note_health", lang)
    return {"frames": frames, "none": "" if frames else t("reports.obligations.none", lang), "note": note}


def method(data: CampaignData, lang: str) -> list[str]:
    q, th = data.questionnaire, data.result.thresholds
    rules = q.scoring.evidence
    dg = words.degrees(q, lang)
    out = [t("reports.method.questionnaire", lang, title=q.title.get(lang), version=q.version),
           t("reports.method.states", lang, n=th.n, x=fmt_percent(th.x / 100, lang, 0))]
    if rules.inventory and rules.degrees:
        out.append(t("reports.method.evidence", lang, degrees=", ".join(dg.get(d, d).lower() for d in rules.degrees)))
    out += [t("reports.method.not_applicable", lang), t("reports.method.divergence", lang),
            t("reports.method.peers", lang), t("reports.method.coverage", lang),
            t("reports.method.completeness", lang, percent=fmt_percent(data.result.low_completeness / 100, lang, 0)),
            t("reports.method.privacy", lang), t("reports.method.sources", lang)]
    return out
