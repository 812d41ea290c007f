"""Checks of the frames themselves, before any answer is scored: columns, types, ids, versions.

Each problem names the response (and the item when there is one); the caller raises them all at once.
A number that is not a number, or an entry that is not a whole number, is an error, never a silent NaN.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from continuum.problems import Problem
from scoring.errors import problem, where

RESPONSE_COLUMNS = ("response_id", "establishment", "campaign_id", "wave", "questionnaire_id",
                    "questionnaire_version", "category", "size", "status", "version_choice")
ANSWER_COLUMNS = ("response_id", "item_id", "entry", "respondent", "respondent_role", "flag", "status",
                  "extent", "priority", "value", "choices", "number", "na_reason")
MAX_REPORTED = 500  # problems of one kind named one by one; enough to fix a file, never a flood


def check_columns(responses: pd.DataFrame, answers: pd.DataFrame) -> list[Problem]:
    out = [problem("scoring-missing-column", "responses", found=c, frame="response")
           for c in RESPONSE_COLUMNS if c not in responses.columns]
    out += [problem("scoring-missing-column", "answers", found=c, frame="answer")
            for c in ANSWER_COLUMNS if c not in answers.columns]
    return out


def check_responses(responses: pd.DataFrame) -> list[Problem]:
    """Each response once (its id is how every answer and figure finds it), with a whole wave and a numeric size."""
    ids = responses["response_id"]
    missing = ids.isna() | (ids.astype(str).str.strip() == "")
    twice = ids[ids.duplicated(keep="first") & ~missing].astype(str).unique()
    out = [problem("scoring-duplicate-response", where(rid), found=rid) for rid in twice[:MAX_REPORTED]]
    out += [problem("scoring-missing-response-id", f"responses row {k}")
            for k in np.flatnonzero(missing)[:MAX_REPORTED]]
    ids = ids.astype(str).to_numpy(dtype=object)
    size, bad_size = numbers(responses["size"])
    wave, bad_wave = entries(responses["wave"])
    for column, bad in (("size", bad_size), ("wave", bad_wave)):
        out += [problem("scoring-not-a-number", where(ids[k]), found=responses[column].iloc[k], field=column)
                for k in bad[:MAX_REPORTED]]
    return out


def check_versions(questionnaire, responses: pd.DataFrame) -> list[Problem]:
    wrong = (responses["questionnaire_version"].astype(str) != questionnaire.version).to_numpy()
    if not wrong.any():  # the usual case: no frame to cut
        return []
    bad = responses[wrong]
    return [problem("scoring-wrong-version", where(rid), found=v, expected=questionnaire.version,
                    questionnaire=questionnaire.id)
            for rid, v in zip(bad["response_id"], bad["questionnaire_version"])]


def numbers(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(float64 values, rows holding something that is not a number); empty text and missing are NaN."""
    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
        return series.to_numpy(dtype=np.float64, na_value=np.nan), np.zeros(0, dtype=np.intp)
    values = pd.to_numeric(series, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
    given = ~(series.isna() | (series.astype(str).str.strip() == "")).to_numpy()
    return values, np.flatnonzero(given & np.isnan(values))


def entries(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(int64 entries, rows whose entry is missing or not a whole number)."""
    if pd.api.types.is_integer_dtype(series.dtype) and not series.hasnans:
        return series.to_numpy(dtype=np.int64), np.zeros(0, dtype=np.intp)
    values = pd.to_numeric(series, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
    bad = np.isnan(values) | (values != np.floor(values))
    return np.where(bad, -1, values).astype(np.int64), np.flatnonzero(bad)


def row_problems(code: str, rows: np.ndarray, response_of, item_of, found_of, **params) -> list[Problem]:
    """One problem per answer row, located by its response and item."""
    return [problem(code, where(response_of(k) or "?", item_of(k)), found=found_of(k), **params)
            for k in rows[:MAX_REPORTED]]
