"""Small formatting helpers shared by the report builders: labels, states, shares, in the reader's language."""

from __future__ import annotations

import math

from continuum.i18n import fmt_percent, t, typeset
from continuum.reference import REGIONS
from questionnaires.model import Questionnaire
from scoring.messages import state_label


def levels(q: Questionnaire, lang: str) -> dict[str, str]:
    return {lv.id: lv.label.get(lang) for lv in q.matrix.levels}


def degrees(q: Questionnaire, lang: str) -> dict[str, str]:
    return {d.id: d.label.get(lang) for d in q.matrix.degrees}


def state(value: str, lang: str) -> str:
    return state_label(str(value), lang)


def percent(value: float | None, lang: str) -> str:
    return fmt_percent(value, lang, 0)


def share(row, lang: str) -> str:
    """A peer share in words: exact, a 20-point band (its % kept with it, as in exact shares), or why it is not
    given (charts' frame shape)."""
    status = str(row.status)
    if status != "shown":
        return t(f"results.peers.status_{status}", lang)
    low, high = float(row.share_low), float(row.share_high)
    if high - low > 1e-9:
        return typeset(t("results.peers.band", lang, low=round(100 * low), high=round(100 * high)), lang)
    return fmt_percent(float(row.share), lang, 0)


def region(code: str) -> str:
    return REGIONS.get(str(code), str(code))


def category(code: str, lang: str) -> str:
    return t(f"results.category.{code}", lang)


def text_or_dash(value, lang: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return t("reports.common.dash", lang)
    text = str(value).strip()
    return text or t("reports.common.dash", lang)
