"""An initiative's degree derived from its power descriptors, by the questionnaire's declared rules.

Rules are ordered (highest degree first) and the first that holds wins. This is the
per-entry form the fill page shows live; the scoring engine applies the same rules to
thousands of entries at once, and its tests check the two agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from questionnaires.conditions import answer_value, evaluate
from questionnaires.model import Comparison, DerivationRule, Questionnaire, condition_items


@dataclass(frozen=True)
class DerivedDegree:
    degree: str | None  # None when no rule holds (the rules declare no fallback)
    rule: DerivationRule | None
    declared: str | None  # the degree the declared-degree option names, if answered
    descriptors: tuple[Comparison, ...]  # the comparisons of the rule that decided

    def over_declared(self, order: list[str]) -> bool:
        """The label claims more than the practices show."""
        if self.declared is None or self.degree is None:
            return False
        return order.index(self.declared) > order.index(self.degree)


def derive_entry_degree(q: Questionnaire, entry_answers: Mapping[str, Mapping[str, Any]]) -> DerivedDegree:
    """Derive one inventory entry's degree; ``entry_answers`` maps sub-item ids to answers."""
    rules = q.scoring.derivation
    if rules is None:
        return DerivedDegree(None, None, None, ())
    declared = None
    code = answer_value(entry_answers.get(rules.declared_item), "value")
    if code is not None:
        item = q.item(rules.declared_item)
        option = q.scale(item.scale).option(code) if item.scale else None
        declared = option.degree if option is not None else None
    for rule in rules.rules:
        if evaluate(rule.when, entry_answers, q):
            return DerivedDegree(rule.degree, rule, declared, tuple(condition_items(rule.when)))
    return DerivedDegree(None, None, declared, ())
