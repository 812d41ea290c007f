"""``score()``: check the frames, resolve consensus, apply conditions, count, apply the evidence rule.

Everything is computed for every response at once; one establishment is the same call with one row.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from continuum.problems import Problem, ProblemError
from questionnaires.model import OptionalFor, Questionnaire
from scoring import frames
from scoring.catalogue import Catalogue, catalogue_of
from scoring.cells import count_all, item_flags, optional_levels
from scoring.consensus import resolve
from scoring.dense import build
from scoring.errors import problem
from scoring.evidence import Inventory, derive
from scoring.checks import check_columns, check_responses, check_versions
from scoring.prepare import AnswerCodes, Encoder
from scoring.result import ProfileResult
from scoring.states import Thresholds, declared_state, final_state
from scoring.visibility import visibility


@dataclass(frozen=True)
class ScoringOptions:
    """What the campaign decides. ``None`` keeps the questionnaire's declared default."""

    optional_levels: Mapping[str, OptionalFor] | None = None  # level -> who may skip it
    thresholds: Thresholds | None = None  # N, X (moved for a what-if)
    low_completeness: float | None = None  # percent


def score(questionnaire: Questionnaire, responses: pd.DataFrame, answers: pd.DataFrame, *,
          inventory: Questionnaire | None = None, options: ScoringOptions | None = None) -> ProfileResult:
    """Score every response to ``questionnaire`` in ``responses``; raise one ProblemError listing every bad answer.

    ``responses`` and ``answers`` may hold other questionnaires' responses (the inventory's, for one): they
    are ignored, except the ``inventory``'s, whose initiatives evidence the degrees that need evidence.
    """
    options = options or ScoringOptions()
    problems = check_columns(responses, answers)
    problems = problems or check_responses(responses)  # without ids, types and waves nothing can be found
    if problems:
        raise ProblemError(problems)
    cat = catalogue_of(questionnaire)
    all_ids = pd.Index(responses["response_id"].astype(str).to_numpy(dtype=object), dtype=object)
    scored = responses[(responses["questionnaire_id"] == questionnaire.id).to_numpy()].reset_index(drop=True)
    problems += check_versions(questionnaire, scored)
    codes = AnswerCodes(answers, _known_values(all_ids, cat, inventory))
    problems += codes.problems(all_ids)
    encoder = Encoder(cat, scored, all_ids, codes)
    enc = encoder.run()
    problems += encoder.problems
    inv_state, warnings = _inventory_inputs(cat, inventory, responses, codes, all_ids, problems)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise ProblemError(errors)
    inv = derive(cat, *inv_state, scored) if inv_state else None
    return _score_encoded(cat, scored, enc, inv, options, answers, warnings)


def _known_values(all_ids: pd.Index, cat: Catalogue, inventory: Questionnaire | None) -> dict:
    """What the answer frame's columns should hold: the response ids and the option codes of both questionnaires."""
    vocab = list(cat.vocab) + (list(catalogue_of(inventory).vocab) if inventory is not None else [])
    return {"response_id": all_ids, **{field: vocab for field in ("status", "extent", "priority", "value")}}


def _inventory_inputs(cat: Catalogue, inventory: Questionnaire | None, responses, codes: AnswerCodes, all_ids,
                      problems: list[Problem]) -> tuple[tuple | None, list[Problem]]:
    rules = cat.questionnaire.scoring.evidence
    if inventory is None:
        if rules.inventory and set(rules.degrees) & set(cat.degrees):
            return None, [problem("scoring-inventory-missing", cat.questionnaire.id, found=rules.inventory,
                                  severity="warning")]
        return None, []
    inv = catalogue_of(inventory)
    inv_responses = responses[(responses["questionnaire_id"] == inventory.id).to_numpy()].reset_index(drop=True)
    problems += check_versions(inventory, inv_responses)
    encoder = Encoder(inv, inv_responses, all_ids, codes)
    enc = encoder.run()
    problems += encoder.problems
    return (inv, inv_responses, enc), []


def _score_encoded(cat: Catalogue, scored: pd.DataFrame, enc, inv: Inventory | None, options: ScoringOptions,
                   answers: pd.DataFrame, warnings: list[Problem]) -> ProfileResult:
    q = cat.questionnaire
    n = len(scored)
    top = enc if (enc.entry < 0).all() else enc.take(np.flatnonzero(enc.entry < 0))
    res = resolve(cat, top, top.r)
    d = build(cat, top, res, n, cat.members(""))
    vis = visibility(cat, d)
    core_only = (scored["version_choice"].astype(str) == "core").to_numpy()
    flags = item_flags(cat, d, vis, core_only)
    excluded = optional_levels(cat, scored, options.optional_levels)  # excluded, never counted as 0
    n_deg = len(cat.degrees)
    all_counts = count_all(cat, d, flags, excluded)
    counts = all_counts.cells
    counts["excluded"] = np.repeat(excluded, n_deg, axis=1)
    per_cell = inv.per_cell if inv is not None else np.zeros((n, len(cat.levels), n_deg), np.int32)
    n_cells = len(cat.levels) * n_deg
    n_evidencing = np.flip(np.cumsum(np.flip(per_cell, axis=2), axis=2), axis=2).reshape(n, n_cells)
    thresholds = options.thresholds or Thresholds.of(q.scoring.cell_states)
    declared = declared_state(counts, thresholds)
    needs = np.tile(np.isin(cat.degrees, q.scoring.evidence.degrees if q.scoring.evidence.inventory else []),
                    len(cat.levels))[None, :]
    state = final_state(declared, needs, n_evidencing > 0)
    low = options.low_completeness if options.low_completeness is not None else q.scoring.low_completeness
    ids = frames.response_index(scored)
    cells = frames.cell_frame(cat, ids, counts, declared, state, needs, per_cell.reshape(n, n_cells), n_evidencing, low)
    levels = frames.level_frame(cat, ids, all_counts.levels, excluded, state, low)
    overall = frames.overall_frame(ids, all_counts, low)
    item_states = frames.item_frame(cat, ids, d, flags)
    initiatives = inv.initiatives if inv is not None else None
    result = ProfileResult(
        questionnaire=q, responses=scored, thresholds=thresholds, low_completeness=low,
        item_states=item_states, cell_states=cells, level_profile=levels, overall=overall,
        divergence=frames.divergence_frame(cat, ids, res.divergence),
        role_gap=frames.role_gap_frame(cat, ids, res.role_gap),
        initiatives=frames.initiative_frame(cat, initiatives), figures=frames.figure_frame(cat, scored, ids, d, flags),
        warnings=warnings, answers=answers,
    )
    result.response_index = ids  # the cached ids: the same index as every frame's categories, not built twice
    return result
