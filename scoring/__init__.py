"""Scoring owns the engine: response and answer DataFrames in, an explainable engagement profile out.

It must not import streamlit, storage or views; user-facing words come from ``scoring.messages``.

Public API::

    from scoring import score, ScoringOptions, PeerGroup, check_peer_group
    result = score(questionnaire, responses, answers, inventory=inventory_questionnaire)
    result.cell_states, result.level_profile, result.trace(response_id, "care", "consultation")
    result.peers(PeerGroup.region()), result.wave_changes(), result.next_steps(), result.sensitivity()

A worked notebook example is in docs/scoring-method.md ("Python API").
"""

from scoring.engine import ScoringOptions, score
from scoring.peers import PeerGroup, check_peer_group
from scoring.result import ProfileResult
from scoring.states import HELD, SCORED, STATES, Thresholds

__all__ = ["HELD", "SCORED", "STATES", "PeerGroup", "ProfileResult", "ScoringOptions", "Thresholds",
           "check_peer_group", "score"]
