"""Where a team stands in a questionnaire: steps, what is shown, what is answered, what is left.

Pure functions over a questionnaire and one response's answers (``item_id -> answer``
mappings with the answer-frame keys). The fill page, the offline import and the
submission check all use them, so "answered" means the same thing everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from questionnaires.conditions import DEFAULT_FIELD, answer_value, visible_items
from questionnaires.model import Item, Questionnaire, Section

Answers = Mapping[str, Mapping[str, Any]]


def optional_levels_for(questionnaire: Questionnaire, category: str, size: float | None = None,
                        campaign_rules: Mapping[str, list[str]] | None = None) -> frozenset[str]:
    """The levels this establishment may leave aside: the campaign's choice for its category (the
    questionnaire's suggestion when the campaign made none), plus the questionnaire's size rule."""
    out = set((campaign_rules or {}).get(category, [])) if campaign_rules else set()
    for level in questionnaire.matrix.levels:
        rule = level.optional_for
        if not campaign_rules and category in rule.categories:
            out.add(level.id)
        if rule.size_below is not None and size is not None and size == size and size < rule.size_below:
            out.add(level.id)
    return frozenset(out)


def in_optional_level(item: Item, optional_levels: frozenset[str] | set[str]) -> bool:
    """True when every cell the item evidences is at a level the establishment may leave aside."""
    return bool(item.cells) and all(cell.level in optional_levels for cell in item.cells)


def in_version(item: Item, version_choice: str) -> bool:
    """Extended items are skipped when the team chose the core (short) version."""
    return version_choice != "core" or item.core


def is_answered(item: Item, answer: Mapping[str, Any] | None) -> bool:
    """An item counts as answered when its main value is given, or it is marked not applicable
    with a reason, or "don't know" (which scoring still treats as missing)."""
    if not answer:
        return False
    flag = answer.get("flag") or ""
    if flag == "not_applicable":
        return bool(str(answer.get("na_reason") or "").strip())
    if flag == "dont_know":
        return True
    if item.kind == "group":
        return False
    return answer_value(answer, DEFAULT_FIELD[item.kind]) is not None


@dataclass(frozen=True)
class SectionProgress:
    section_id: str
    shown: list[str]
    answered: list[str]
    missing_required: list[str]

    @property
    def total(self) -> int:
        return len(self.shown)


@dataclass(frozen=True)
class Progress:
    sections: list[SectionProgress] = field(default_factory=list)

    @property
    def answered(self) -> int:
        return sum(len(s.answered) for s in self.sections)

    @property
    def total(self) -> int:
        return sum(s.total for s in self.sections)

    @property
    def missing_required(self) -> int:
        return sum(len(s.missing_required) for s in self.sections)

    @property
    def share(self) -> float:
        return self.answered / self.total if self.total else 1.0

    @property
    def can_submit(self) -> bool:
        return self.missing_required == 0


def shown_items(questionnaire: Questionnaire, section: Section, answers: Answers,
                version_choice: str = "extended", visible: set[str] | None = None) -> list[Item]:
    """The section's top-level items shown to this team (version and conditions applied)."""
    visible = visible_items(questionnaire, answers) if visible is None else visible
    return [i for i in section.items if i.id in visible and in_version(i, version_choice)]


def progress(questionnaire: Questionnaire, answers: Answers, version_choice: str = "extended",
             group_entries: Mapping[str, int] | None = None,
             optional_levels: frozenset[str] = frozenset()) -> Progress:
    """Answered out of shown, and the required items left, per section.

    A repeatable group counts as answered once it has at least one entry and ``min_entries``
    (``group_entries`` gives the number of entries per group id); an optional one is never "missing".
    Items of ``optional_levels`` (see `optional_levels_for`) are shown and counted, never required.
    """
    visible = visible_items(questionnaire, answers)
    group_entries = group_entries or {}
    sections = []
    for section in questionnaire.sections:
        shown = shown_items(questionnaire, section, answers, version_choice, visible)
        answered, missing = [], []
        for item in shown:
            if item.kind == "group":  # an empty optional inventory is not "answered": nothing was declared
                done = group_entries.get(item.id, 0) >= max(item.min_entries, 1)
            else:
                done = is_answered(item, answers.get(item.id))
            if done:
                answered.append(item.id)
            elif item.required and not in_optional_level(item, optional_levels):
                missing.append(item.id)
        sections.append(SectionProgress(section.id, [i.id for i in shown], answered, missing))
    return Progress(sections)


def first_unanswered(questionnaire: Questionnaire, answers: Answers, version_choice: str = "extended",
                     optional_levels: frozenset[str] = frozenset()) -> tuple[str, str] | None:
    """Where to resume: the (section id, item id) of the first shown item not yet answered, outside the
    levels the establishment may leave aside."""
    visible = visible_items(questionnaire, answers)
    for section in questionnaire.sections:
        for item in shown_items(questionnaire, section, answers, version_choice, visible):
            if item.kind == "group" or in_optional_level(item, optional_levels):
                continue
            if not is_answered(item, answers.get(item.id)):
                return section.id, item.id
    return None
