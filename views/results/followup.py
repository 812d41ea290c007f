"""Campaign follow-up as a table: one row per invited or responding establishment (no Streamlit here)."""

from __future__ import annotations

import pandas as pd

from continuum.i18n import fmt_datetime, fmt_percent, t
from storage.invitations import list_invitations
from views.results.compute import Scored
from storage.directory import last_activity, sites_frame


def followup_table(session, scope, scored: Scored, lang: str) -> tuple[pd.DataFrame, dict[str, int]]:
    """Invited / started / submitted per establishment, with completeness, co-filling and last activity.

    Totals nest: followed (invited with a valid code, or started) >= started >= submitted; invited is apart, since
    an establishment may answer with its account and no code."""
    sites = sites_frame(session, scope).set_index("finess")
    invited = {s for inv in list_invitations(session, scope, scored.campaign.id) if not inv["revoked"]
               for s in inv["sites"]}
    activity = last_activity(session, scope, scored.campaign.id)
    rows = {}
    result = scored.result
    if result is not None:
        r = result.responses[(result.responses["campaign_id"] == scored.campaign.id).to_numpy()]
        r = r[(r["questionnaire_id"] == scored.questionnaire.id).to_numpy()]
        completeness = result.overall.set_index(result.overall["response_id"].astype(str))["completeness"]
        for resp in r.itertuples(index=False):
            rows[resp.establishment] = {"status": resp.status, "co_filled": bool(resp.co_filled),
                                        "completeness": completeness.get(str(resp.response_id)),
                                        "last": activity.get(resp.response_id)}
    everyone = sorted(invited | set(rows))
    out = []
    for finess in everyone:
        info = rows.get(finess)
        out.append({  # the coordinator invited them: follow-up names them (the comparison does not, without consent)
            t("results.col.establishment", lang): sites.at[finess, "name"] if finess in sites.index else finess,
            t("results.col.finess", lang): finess,
            t("results.col.invited", lang): t("results.yes", lang) if finess in invited else t("results.no", lang),
            t("results.col.response_status", lang): t(f"results.response_status.{info['status']}", lang) if info
            else t("results.response_status.not_started", lang),
            t("results.col.completeness", lang): fmt_percent(info["completeness"], lang, 0) if info else "—",
            t("results.col.co_filled", lang): (t("results.yes", lang) if info["co_filled"] else t("results.no", lang))
            if info else "—",
            t("results.col.last_activity", lang): fmt_datetime(info["last"], lang) if info and info["last"] else "—",
        })
    # followed >= started >= submitted: every establishment started is followed, every one submitted has started
    totals = {"followed": len(everyone), "invited": len(invited), "started": len(rows),
              "submitted": sum(1 for v in rows.values() if v["status"] == "submitted")}
    return pd.DataFrame(out), totals
