"""Check stage: cross-references and rules the model's shape cannot express.

Runs on a built `Questionnaire` and returns every problem (errors and warnings), each
located through the read stage's line marks. Conditions are checked in `validation_conditions`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from pydantic import BaseModel

from continuum.problems import Problem
from continuum.reference import CATEGORIES
from questionnaires import errors
from questionnaires.model import Item, Questionnaire, Scale, Text
from questionnaires.phrases import say, suggest
from questionnaires.reader import Document, Path
from questionnaires.validation_conditions import ItemIndex, check_conditions

KIND_FIELDS: dict[str, set[str]] = {
    "practice": {"status_scale", "extent_scale", "priority_scale"},
    "single_choice": {"scale"},
    "multiple_choice": {"scale"},
    "number": {"min", "max", "integer", "unit", "bands"},
    "text": {"max_length"},
    "group": {"items", "min_entries", "max_entries"},
}
STATUS_MEANINGS = ("not_in_place", "being_set_up", "in_place", "evaluated")
EXTENT_MEANINGS = ("pilot", "beyond_pilot")
CHOICE_MEANINGS = ("yes", "no", "partly", "not_decided", "decided")


class Checker:
    """Collects the problems of one questionnaire; ``doc`` gives each path its line."""

    def __init__(self, questionnaire: Questionnaire, doc: Document):
        self.q = questionnaire
        self.doc = doc
        self.problems: list[Problem] = []
        self.index = ItemIndex(questionnaire)
        self.missing_defaults: set[str] = set()

    def add(self, code: str, path: Path, **fields: object) -> None:
        self.problems.append(errors.problem(code, self.doc.at(path), **fields))

    def unknown(self, code: str, value: str, known: Iterable[str], path: Path) -> bool:
        """Report ``value`` when it is not in ``known``; True when it was reported."""
        known = list(known)
        if value in known:
            return False
        hint = suggest(value, known)
        self.add(code, path, id=value, found=value, known=errors.known_list(known), hint=f"{hint} " if hint else "")
        return True

    def unique(self, what: str, entries: Iterable[tuple[str, Path]], **fields: object) -> None:
        """Report every id met twice; ``what`` names the kind of element (phrase ``what-<what>``)."""
        first: dict[str, Path] = {}
        for value, path in entries:
            if value in first:
                self.add("duplicate-id", path, what=say(f"what-{what}", **fields), id=value,
                         first=self.doc.line(first[value]))
            else:
                first[value] = path

    def run(self) -> list[Problem]:
        self.check_ids()
        self.check_matrix()
        for s, scale in enumerate(self.q.scales):
            self.check_scale(scale, ("scales", s))
        self.check_sections()
        self.problems.extend(check_conditions(self.q, self.index, self.doc))
        self.check_scoring()
        self.warn_empty_cells()
        self.warn_missing_english(self.q, ())
        return self.problems

    # --- ids -----------------------------------------------------------------------------
    def check_ids(self) -> None:
        q = self.q
        self.unique("degree", ((d.id, ("matrix", "degrees", i, "id")) for i, d in enumerate(q.matrix.degrees)))
        self.unique("level", ((lv.id, ("matrix", "levels", i, "id")) for i, lv in enumerate(q.matrix.levels)))
        self.unique("dimension", ((d.id, ("dimensions", i, "id")) for i, d in enumerate(q.dimensions)))
        self.unique("source", ((s.id, ("sources", i, "id")) for i, s in enumerate(q.sources)))
        self.unique("frame", ((f.id, ("frames", i, "id")) for i, f in enumerate(q.frames)))
        self.unique("scale", ((s.id, ("scales", i, "id")) for i, s in enumerate(q.scales)))
        self.unique("section", ((s.id, ("sections", i, "id")) for i, s in enumerate(q.sections)))
        self.unique("item", ((e.item.id, (*e.path, "id")) for e in self.index.entries))
        for i, scale in enumerate(q.scales):
            self.unique("option", ((o.code, ("scales", i, "options", j, "code")) for j, o in enumerate(scale.options)),
                        scale=scale.id)

    def check_matrix(self) -> None:
        for i, level in enumerate(self.q.matrix.levels):
            for j, category in enumerate(level.optional_for.categories):
                self.unknown("unknown-category", category, CATEGORIES,
                             ("matrix", "levels", i, "optional_for", "categories", j))

    # --- scales --------------------------------------------------------------------------
    def check_scale(self, scale: Scale, path: Path) -> None:
        meanings = [o.meaning for o in scale.options]

        def bad(detail: str, hint: str) -> None:
            self.add("scale-inconsistent", path, role=scale.role, id=scale.id, detail=detail, hint=hint)

        allowed = {"status": STATUS_MEANINGS, "extent": EXTENT_MEANINGS, "choice": CHOICE_MEANINGS,
                   "priority": ()}[scale.role]
        wrong = sorted({m for m in meanings if m is not None and m not in allowed})
        if wrong:
            bad(say("scale-wrong-meanings", wrong=", ".join(wrong), role=scale.role),
                say("hint-scale-meanings", allowed=", ".join(allowed) or say("none"), role=scale.role))
        if scale.role == "status" and sorted(m or "" for m in meanings) != sorted(STATUS_MEANINGS):
            bad(say("scale-status-meanings"), say("hint-status-meanings"))
        if scale.role == "extent" and (None in meanings or not set(EXTENT_MEANINGS) <= set(meanings)):
            bad(say("scale-extent-meanings"), say("hint-extent-meanings"))
        ranks = [o.rank for o in scale.options]
        if scale.role == "priority" and (None in ranks or len(set(ranks)) != len(ranks)):
            bad(say("scale-priority-ranks"), say("hint-priority-ranks"))
        for j, option in enumerate(scale.options):
            if option.degree is not None:
                self.unknown("unknown-degree", option.degree, self.q.degree_ids, (*path, "options", j, "degree"))
            if option.level is not None:
                self.unknown("unknown-level", option.level, self.q.level_ids, (*path, "options", j, "level"))

    def check_scale_ref(self, item: Item, key: str, scale_id: str | None, expected: str, path: Path) -> None:
        if scale_id is None:
            return
        written = key in item.model_fields_set
        ref_path = (*path, key) if written else path
        known = [s.id for s in self.q.scales]
        if not written and scale_id not in known:
            if scale_id not in self.missing_defaults:  # one report per missing default, not per practice
                self.missing_defaults.add(scale_id)
                self.add("unknown-scale", ref_path, id=scale_id, found=scale_id, known=errors.known_list(known),
                         hint=say("hint-default-scale", scale=scale_id, key=key))
            return
        if self.unknown("unknown-scale", scale_id, known, ref_path):
            return
        role = self.q.scale(scale_id).role
        if role != expected:
            self.add("scale-wrong-role", ref_path, key=key, scale=scale_id, role=role, expected=expected)

    # --- sections and items --------------------------------------------------------------
    def check_sections(self) -> None:
        for s, section in enumerate(self.q.sections):
            if not section.items:
                self.add("empty-section", ("sections", s), id=section.id)
        for entry in self.index.entries:
            self.check_item(entry.item, entry.path, entry.group)

    def check_item(self, item: Item, path: Path, group: str | None) -> None:
        self.check_kind_fields(item, path)
        if item.kind == "practice":
            for role in ("status", "extent", "priority"):
                self.check_scale_ref(item, f"{role}_scale", getattr(item, f"{role}_scale") or role, role, path)
            if group is not None:
                self.add("practice-in-group", path, id=item.id, group=group)
        elif item.kind in ("single_choice", "multiple_choice"):
            if item.scale is None:
                self.add("missing-scale", path, kind=item.kind)
            self.check_scale_ref(item, "scale", item.scale, "choice", path)
        elif item.kind == "group":
            self.check_group(item, path, group)
        self.check_bounds(item, path)
        for c, cell in enumerate(item.cells):
            self.unknown("unknown-level", cell.level, self.q.level_ids, (*path, "cells", c, "level"))
            self.unknown("unknown-degree", cell.degree, self.q.degree_ids, (*path, "cells", c, "degree"))
        if item.dimension is not None:
            self.unknown("unknown-dimension", item.dimension, [d.id for d in self.q.dimensions], (*path, "dimension"))
        for i, source in enumerate(item.sources):
            self.unknown("unknown-source", source, [s.id for s in self.q.sources], (*path, "sources", i))
        for i, mapping in enumerate(item.obligations):
            self.unknown("unknown-frame", mapping.frame, [f.id for f in self.q.frames], (*path, "obligations", i, "frame"))

    def check_kind_fields(self, item: Item, path: Path) -> None:
        for key in sorted(item.model_fields_set):
            owners = [kind for kind, keys in KIND_FIELDS.items() if key in keys]
            if owners and item.kind not in owners:
                self.add("kind-field-misuse", (*path, key), key=key, kind=item.kind, kinds=say("or").join(owners))

    def check_group(self, item: Item, path: Path, parent: str | None) -> None:
        if parent is not None:
            self.add("nested-group", path, id=item.id, parent=parent)
        if not item.items:
            self.add("group-without-items", path, id=item.id)

    def check_bounds(self, item: Item, path: Path) -> None:
        if item.min is not None and item.max is not None and item.min > item.max:
            self.add("bad-range", (*path, "min"), low_key="min", low=item.min, high_key="max", high=item.max)
        if item.max_entries is not None and item.min_entries > item.max_entries:
            self.add("bad-range", (*path, "min_entries"), low_key="min_entries", low=item.min_entries,
                     high_key="max_entries", high=item.max_entries)
        if item.bands is not None and list(item.bands) != sorted(set(item.bands)):
            self.add("bad-value", (*path, "bands"), found=str(list(item.bands)),
                     detail=say("bands-order"), hint=say("hint-bands-order"))

    # --- scoring rules -------------------------------------------------------------------
    def check_scoring(self) -> None:
        evidence = self.q.scoring.evidence
        written = "evidence" in self.q.scoring.model_fields_set and "degrees" in evidence.model_fields_set
        for i, degree in enumerate(evidence.degrees if written else []):  # the default names no file's degree
            self.unknown("unknown-degree", degree, self.q.degree_ids, ("scoring", "evidence", "degrees", i))
        derivation = self.q.scoring.derivation
        if derivation is None:
            return
        path: Path = ("scoring", "derivation")
        for r, rule in enumerate(derivation.rules):
            self.unknown("unknown-degree", rule.degree, self.q.degree_ids, (*path, "rules", r, "degree"))
        group = self.index.by_id.get(derivation.group)
        if group is None:
            ids = [e.item.id for e in self.index.entries if e.item.kind == "group"]
            self.add("unknown-item", (*path, "group"), id=derivation.group, found=derivation.group,
                     expected=say("a-group-item"),
                     known=errors.known_list(ids), hint=_hint(derivation.group, ids))
            return
        if group.item.kind != "group":
            self.add("derivation-bad-item", (*path, "group"), key="group", id=derivation.group,
                     found=say("a-kind-item", kind=group.item.kind), expected=say("a-group-item"),
                     hint=say("hint-derivation-group"))
            return
        children = [c.id for c in group.item.items or []]
        refs = [("level_item", derivation.level_item), ("declared_item", derivation.declared_item)]
        refs += [(f"conditions_items[{i}]", v) for i, v in enumerate(derivation.conditions_items)]
        for key, value in refs:
            if value not in children:
                sub = (*path, *_split_key(key))
                self.add("unknown-item", sub, id=value, found=value, expected=say("a-sub-item", group=derivation.group),
                         known=errors.known_list(children), hint=_hint(value, children))

    # --- warnings ------------------------------------------------------------------------
    def warn_empty_cells(self) -> None:
        covered = {(c.level, c.degree) for e in self.index.entries for c in e.item.cells}
        if not covered:
            return  # a questionnaire without cells (e.g. levers) declares no matrix to fill
        for i, level in enumerate(self.q.matrix.levels):
            for degree in self.q.degree_ids:
                if (level.id, degree) not in covered:
                    self.add("empty-cell", ("matrix", "levels", i), level=level.id, degree=degree)

    def warn_missing_english(self, node: object, path: Path) -> None:
        for sub_path, text in _texts(node, path):
            if not text.en:
                self.add("missing-en-text", sub_path)


def _texts(node: object, path: Path) -> Iterator[tuple[Path, Text]]:
    if isinstance(node, Text):
        yield path, node
    if isinstance(node, BaseModel):
        for name, field in type(node).model_fields.items():
            yield from _texts(getattr(node, name), (*path, field.alias or name))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _texts(value, (*path, i))


def _split_key(key: str) -> Path:
    if "[" in key:
        name, index = key.rstrip("]").split("[")
        return (name, int(index))
    return (key,)


def _hint(value: str, known: list[str]) -> str:
    hint = suggest(value, known)
    return f"{hint} " if hint else ""


def check(questionnaire: Questionnaire, doc: Document) -> list[Problem]:
    """Every cross-reference problem and warning of a questionnaire whose shape is valid."""
    return Checker(questionnaire, doc).run()
