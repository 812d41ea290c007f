"""Second look at a file whose shape is wrong: check the references of everything that is right.

The model cannot be built while a shape error remains, so cross-references (levels, degrees,
scales, conditions…) would stay hidden until the author fixes the first list and validates again.
Instead we repair a copy of the data just enough to build a model: an optional key in error is
dropped (its default applies), a required text gets a placeholder, and an element that cannot be
repaired (an item with an unknown ``kind``, a cell with a bad id…) is left out. The check stage then
runs on that partial model, through a document that maps paths back to the author's file, so that
lines and key paths point at what the author wrote.

Only problems the repair cannot have caused are kept: nothing at or around a repaired path, no
reference to an element that was left out, and no "empty cell" warning (left-out items would fake it).
"""

from __future__ import annotations

import copy
from typing import Any

from pydantic import ValidationError

from continuum.problems import Problem
from questionnaires.model import CONDITION_TAGS, Questionnaire, Text
from questionnaires.reader import Document, Path, format_path
from questionnaires.shape import model_at
from questionnaires.validation import check

MAX_ROUNDS = 6
PLACEHOLDER = "…"
# Codes whose `found` is the id or code of another element: left-out elements would fake them.
REFERENCE_CODES = frozenset({
    "unknown-item", "unknown-scale", "unknown-level", "unknown-degree", "unknown-dimension", "unknown-source",
    "unknown-frame", "condition-unknown-item", "condition-bad-operator",
})
_TOP_LEVEL_PLACEHOLDERS = {"id": "salvaged", "version": "0.0"}
# YAML 1.1 reads these words as booleans: an option written `code: yes` was meant as the code "yes".
_BOOLEAN_WORDS = {True: ("yes", "true", "on", "True"), False: ("no", "false", "off", "False")}


class _Repair:
    """The working copy of the data, what was changed in it, and how to find original indices."""

    def __init__(self, data: dict):
        self.data = copy.deepcopy(data)
        self.touched: list[Path] = []  # original paths of dropped keys, placeholders and left-out elements
        self.left_out_paths: list[Path] = []  # original paths of left-out elements (their parents change too)
        self.left_out: set[str] = set()  # ids and codes of left-out elements
        self._origin: dict[int, list[int]] = {}  # id(list) -> original index of each remaining element
        self._gone: list[Path] = []  # working paths of the elements left out in the current round

    def original(self, path: Path) -> Path:
        """The author's path of a path in the working copy (list indices shift when elements are left out)."""
        out: list[str | int] = []
        node: Any = self.data
        for part in path:
            if isinstance(part, int) and isinstance(node, list):
                origin = self._origin.get(id(node))
                out.append(origin[part] if origin is not None and part < len(origin) else part)
                node = node[part] if part < len(node) else None
            else:
                out.append(part)
                node = node.get(part) if isinstance(node, dict) else None
        return tuple(out)

    def fix_all(self, errs: list[dict[str, Any]]) -> bool:
        """Repair every error of one round; False when none could be repaired."""
        # Last index first, so that leaving out an element never shifts the index of an error still to fix;
        # an error inside an element already left out this round is gone with it.
        errs = sorted(errs, key=lambda e: [(0, p, "") if isinstance(p, int) else (1, 0, str(p)) for p in e["loc"]],
                      reverse=True)
        self._gone: list[Path] = []
        fixed = False
        for err in errs:
            path = tuple(p for p in err["loc"] if p not in CONDITION_TAGS)
            if any(path[: len(g)] == g for g in self._gone):
                continue
            fixed = self.fix(err) or fixed
        return fixed

    def fix(self, err: dict[str, Any]) -> bool:
        """Repair the data for one pydantic error, from the deepest part of its location up; False if stuck."""
        raw = tuple(err["loc"])
        for end in range(len(raw), 0, -1):
            part = raw[end - 1]
            if part in CONDITION_TAGS:
                continue
            path = tuple(p for p in raw[:end] if p not in CONDITION_TAGS)
            parent = self._node(path[:-1])
            if isinstance(part, int):
                if isinstance(parent, list) and part < len(parent):
                    self._leave_out(parent, part, path)
                    return True
                continue
            if not isinstance(parent, dict):
                continue
            if self._fix_key(raw[: end - 1], parent, part, path, err["type"]):
                return True
        return False

    def _fix_key(self, parent_loc: tuple, parent: dict, key: str, path: Path, kind: str) -> bool:
        model = model_at(parent_loc)
        if model is None:
            return False
        field = next((f for name, f in model.model_fields.items() if key in (name, f.alias)), None)
        if field is None or (not field.is_required() and key in parent):
            self.touched.append(self.original(path))
            parent.pop(key, None)
            return True
        if issubclass(model, Text) and key == "fr":
            self.touched.append(self.original(path[:-1]))
            parent["fr"] = parent.get("en") if isinstance(parent.get("en"), str) and parent["en"] else PLACEHOLDER
            return True
        annotation = model_at((*parent_loc, key))
        if annotation is not None and issubclass(annotation, Text):
            self.touched.append(self.original(path))
            parent[key] = {"fr": PLACEHOLDER}
            return True
        if len(path) == 1 and key in _TOP_LEVEL_PLACEHOLDERS:
            self.touched.append(path)
            parent[key] = _TOP_LEVEL_PLACEHOLDERS[key]
            return True
        return False

    def _node(self, path: Path) -> Any:
        node: Any = self.data
        for part in path:
            if isinstance(node, dict):
                node = node.get(part)
            elif isinstance(node, list) and isinstance(part, int) and part < len(node):
                node = node[part]
            else:
                return None
        return node

    def _leave_out(self, parent: list, index: int, path: Path) -> None:
        self.touched.append(self.original(path))
        self.left_out_paths.append(self.original(path))
        self._gone.append(path)
        self.left_out |= set(_ids(parent[index]))
        origin = self._origin.setdefault(id(parent), list(range(len(parent))))
        del parent[index]
        del origin[index]


def _ids(node: Any) -> list[str]:
    """Every id and option code inside a left-out element (a section takes its items with it)."""
    if isinstance(node, list):
        return [i for element in node for i in _ids(element)]
    if not isinstance(node, dict):
        return []
    own = [str(node[k]) for k in ("id", "code") if isinstance(node.get(k), (str, int, float))]
    own += [word for k in ("id", "code") if isinstance(node.get(k), bool) for word in _BOOLEAN_WORDS[node[k]]]
    return own + [i for value in node.values() for i in _ids(value)]


class _Mapped(Document):
    """A document over the repaired data whose locations name the author's lines and paths."""

    def __init__(self, doc: Document, repair: _Repair):
        super().__init__(doc.filename, repair.data, doc.lines, [])
        self._repair = repair

    def line(self, path: Path) -> int:
        return Document.line(self, self._repair.original(tuple(path)))

    def at(self, path: Path) -> str:
        original = self._repair.original(tuple(path))
        dotted = format_path(original)
        where = f"{self.filename}:{Document.line(self, original)}"
        return f"{where} {dotted}" if dotted else where


# What dropping an optional key can make the check stage say about the element that held it.
_PARENT_CODES = {
    "scale": {"missing-scale"},
    "status_scale": {"unknown-scale", "scale-wrong-role"},
    "extent_scale": {"unknown-scale", "scale-wrong-role"},
    "priority_scale": {"unknown-scale", "scale-wrong-role"},
    "items": {"group-without-items", "empty-section"},
}


def _caused_by_repair(problem: Problem, path: Path, repair: _Repair) -> bool:
    """True when the repair may have caused ``problem``: a problem at or inside a repaired path, inside
    an element that lost a part, or about an element left out."""
    if problem.code == "empty-cell" or (problem.code in REFERENCE_CODES and problem.found in repair.left_out):
        return True
    n = len(path)
    if any(path[: len(t)] == t for t in repair.touched):
        return True
    if any(t[:n] == path and len(t) > n for t in repair.left_out_paths):
        return True
    return any(t[:n] == path and len(t) == n + 1 and problem.code in _PARENT_CODES.get(str(t[-1]), ())
               for t in repair.touched)


def salvage_problems(doc: Document, known: list[Problem]) -> list[Problem]:
    """Reference problems and warnings of the parts of a mis-shaped file that are right ([] when stuck)."""
    if not isinstance(doc.data, dict):
        return []
    repair = _Repair(doc.data)
    questionnaire = None
    for _ in range(MAX_ROUNDS):
        try:
            questionnaire = Questionnaire.model_validate(repair.data)
            break
        except ValidationError as exc:
            if not repair.fix_all(exc.errors(include_url=False)):
                return []
    if questionnaire is None:
        return []
    seen = {(p.code, p.location) for p in known}
    kept = []
    for problem in check(questionnaire, _Mapped(doc, repair)):
        if _caused_by_repair(problem, _problem_path(problem, doc.filename), repair):
            continue
        if (problem.code, problem.location) not in seen:
            kept.append(problem)
    return kept


def _problem_path(problem: Problem, filename: str) -> Path:
    """The key path of a problem's location, parsed back into parts."""
    rest = problem.location[len(filename) + 1:] if problem.location.startswith(filename + ":") else ""
    dotted = rest.split(" ", 1)[1] if " " in rest else ""
    if not dotted:
        return ()
    parts: list[str | int] = []
    for chunk in dotted.replace("[", ".[").split("."):
        if not chunk:
            continue
        parts.append(int(chunk[1:-1]) if chunk.startswith("[") and chunk.endswith("]") else chunk)
    return tuple(parts)
