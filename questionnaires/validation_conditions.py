"""Check stage for conditions: references look back, stay in their group, and compare what the item answers."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from continuum.problems import Problem
from questionnaires import errors
from questionnaires.conditions import ANSWER_FIELDS, DEFAULT_FIELD
from questionnaires.model import All, Any_, Comparison, Condition, Item, Not, Questionnaire
from questionnaires.phrases import say, suggest
from questionnaires.reader import Document, Path

_CODE_OPERATORS = ("equals", "not_equals", "in_", "answered")
_OPERATORS_BY_FIELD = {
    "choices": ("includes", "answered"),
    "number": ("equals", "not_equals", "in_", "gt", "gte", "lt", "lte", "answered"),
}


@dataclass(frozen=True)
class Entry:
    item: Item
    path: Path
    group: str | None  # id of the enclosing group, None at section level
    order: int


class ItemIndex:
    """Every item (group sub-items included) in questionnaire order, with its path."""

    def __init__(self, questionnaire: Questionnaire):
        self.entries: list[Entry] = []
        for s, section in enumerate(questionnaire.sections):
            for i, item in enumerate(section.items):
                path = ("sections", s, "items", i)
                self.entries.append(Entry(item, path, None, len(self.entries)))
                for c, child in enumerate(item.items or []):
                    self.entries.append(Entry(child, (*path, "items", c), item.id, len(self.entries)))
        self.by_id: dict[str, Entry] = {}
        for entry in self.entries:
            self.by_id.setdefault(entry.item.id, entry)


def comparisons(condition: Condition | None, path: Path) -> Iterator[tuple[Path, Comparison]]:
    """Every comparison in a condition, with its path, depth first."""
    if isinstance(condition, Comparison):
        yield path, condition
    elif isinstance(condition, All):
        for i, c in enumerate(condition.all):
            yield from comparisons(c, (*path, "all", i))
    elif isinstance(condition, Any_):
        for i, c in enumerate(condition.any):
            yield from comparisons(c, (*path, "any", i))
    elif isinstance(condition, Not):
        yield from comparisons(condition.not_, (*path, "not"))


class ConditionChecker:
    def __init__(self, questionnaire: Questionnaire, index: ItemIndex, doc: Document):
        self.q, self.index, self.doc = questionnaire, index, doc
        self.problems: list[Problem] = []
        self.deps = {e.item.id: {c.item for _, c in comparisons(e.item.when, ())} for e in index.entries}

    def add(self, code: str, path: Path, **fields: object) -> None:
        self.problems.append(errors.problem(code, self.doc.at(path), **fields))

    def run(self) -> list[Problem]:
        for entry in self.index.entries:
            for path, comparison in comparisons(entry.item.when, (*entry.path, "when")):
                self.check_reference(entry, comparison, path)
        self.check_derivation()
        return self.problems

    def check_reference(self, entry: Entry, c: Comparison, path: Path) -> None:
        target = self.index.by_id.get(c.item)
        if target is None:
            hint = suggest(c.item, [e.item.id for e in self.index.entries])
            self.add("condition-unknown-item", (*path, "item"), item=c.item, found=c.item,
                     expected=say("an-item-here"), hint=f"{hint} " if hint else "")
            return
        loop = [c.item] if c.item == entry.item.id else (
            self.chain(c.item, entry.item.id) if target.order > entry.order else [])
        if loop:
            cycle = " → ".join([entry.item.id, *loop])
            self.add("condition-cycle", (*path, "item"), item=entry.item.id, cycle=cycle)
            return
        if target.order > entry.order:
            self.add("condition-forward-reference", (*path, "item"), item=c.item, line=self.doc.line(target.path))
            return
        if target.group is not None and target.group != entry.group:
            self.add("condition-outside-group", (*path, "item"), item=c.item, group=target.group)
            return
        self.check_comparison(target.item, c, path)

    def chain(self, start: str, goal: str) -> list[str]:
        """The shortest chain of conditions from ``start`` to ``goal``, both included; empty when none."""
        previous: dict[str, str] = {}
        queue, seen = [start], {start}
        while queue:
            current = queue.pop(0)
            if current == goal:
                chain = [goal]
                while chain[-1] != start:
                    chain.append(previous[chain[-1]])
                return chain[::-1]
            for nxt in sorted(self.deps.get(current, ())):
                if nxt not in seen:
                    seen.add(nxt)
                    previous[nxt] = current
                    queue.append(nxt)
        return []

    def check_comparison(self, target: Item, c: Comparison, path: Path) -> None:
        """The field exists on the target item, the operator fits it, and codes are on its scale."""
        fields = ANSWER_FIELDS[target.kind]
        if not fields:
            self.add("condition-bad-field", (*path, "item"), field=say("any-answer"), item=target.id,
                     kind=target.kind, hint=say("hint-group-no-answer"))
            return
        field = c.field or DEFAULT_FIELD[target.kind]
        if field not in fields:
            self.add("condition-bad-field", (*path, "field"), field=field, item=target.id, kind=target.kind,
                     hint=say("hint-use-field", fields=say("or").join(fields), default=DEFAULT_FIELD[target.kind]))
            return
        allowed = _OPERATORS_BY_FIELD.get(field, _CODE_OPERATORS)
        op = c.operator
        if op not in allowed:
            names = ", ".join(a.rstrip("_") for a in allowed)
            self.add("condition-bad-operator", (*path, op.rstrip("_")),
                     detail=say("operator-cannot-compare", op=op.rstrip("_"), field=field, item=target.id,
                                kind=target.kind),
                     hint=say("hint-use-operator", values=names))
            return
        self.check_values(target, c, field, path)

    def check_values(self, target: Item, c: Comparison, field: str, path: Path) -> None:
        op = c.operator
        values = c.in_ if op == "in_" else [getattr(c, op)]
        if op == "answered" or (field == "number" and op in ("gt", "gte", "lt", "lte")):
            return
        key = op.rstrip("_")
        if field == "number":
            if any(isinstance(v, (bool, str)) for v in values):
                self.add("condition-bad-operator", (*path, key),
                         detail=say("number-compared-to", item=target.id, values=values),
                         hint=say("hint-compare-numbers"))
            return
        codes = self.codes(target, field)
        for value in values:
            if isinstance(value, bool) or (codes is not None and str(value) not in codes):
                hint = suggest(str(value), codes or [])
                self.add("condition-bad-operator", (*path, key), found=str(value),
                         detail=say("not-an-option-code", value=repr(value), field=field, item=target.id),
                         hint=(f"{hint} " if hint else "")
                         + say("hint-use-one-of", values=errors.known_list(codes or [])))

    def codes(self, target: Item, field: str) -> list[str] | None:
        """The option codes a field can hold; None for free text."""
        if target.kind == "text":
            return None
        scale_id = (getattr(target, f"{field}_scale") or field) if target.kind == "practice" else target.scale
        scale = next((s for s in self.q.scales if s.id == scale_id), None)
        return [o.code for o in scale.options] if scale is not None else None

    def check_derivation(self) -> None:
        derivation = self.q.scoring.derivation
        group = self.index.by_id.get(derivation.group) if derivation else None
        if derivation is None or group is None or group.item.kind != "group":
            return
        children = {child.id: child for child in group.item.items or []}
        for r, rule in enumerate(derivation.rules):
            for path, c in comparisons(rule.when, ("scoring", "derivation", "rules", r, "when")):
                if c.item not in children:
                    hint = suggest(c.item, list(children))
                    self.add("condition-unknown-item", (*path, "item"), item=c.item, found=c.item,
                             expected=say("a-sub-item", group=derivation.group), hint=f"{hint} " if hint else "")
                else:
                    self.check_comparison(children[c.item], c, path)


def check_conditions(questionnaire: Questionnaire, index: ItemIndex, doc: Document) -> list[Problem]:
    return ConditionChecker(questionnaire, index, doc).run()
