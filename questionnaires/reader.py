"""Read stage: YAML text in, plain data plus the line of every key path out.

PyYAML's composer keeps each node's ``start_mark``; we build the data ourselves from
the node tree so that each value's path (``("sections", 1, "items", 3)``) maps to the
line where its key (or list entry) starts, and so that a duplicated key is reported
instead of silently overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from continuum.problems import Problem
from questionnaires import errors
from questionnaires.phrases import say

Path = tuple[str | int, ...]


@dataclass
class Document:
    """A YAML document read with its line marks (1-based), keyed by data path."""

    filename: str
    data: Any = None
    lines: dict[Path, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def line(self, path: Path) -> int:
        """The line of the deepest recorded prefix of ``path`` (1 when nothing matches)."""
        path = tuple(path)
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)

    def at(self, path: Path) -> str:
        """The location ``file:line key.path`` shown to authors."""
        dotted = format_path(path)
        where = f"{self.filename}:{self.line(path)}"
        return f"{where} {dotted}" if dotted else where


def format_path(path: Path) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def decode(content: bytes | str, filename: str) -> tuple[str | None, Problem | None]:
    """Bytes to text; a binary file is refused with a problem instead of a traceback."""
    if isinstance(content, str):
        text = content
    else:
        if b"\x00" in content[:8192]:
            return None, errors.problem("not-a-mapping", f"{filename}:1", found=say("binary-file"))
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            return None, errors.problem(
                "not-a-mapping", f"{filename}:1", found=say("not-utf8", reason=exc.reason)
            )
    if "\x00" in text:
        return None, errors.problem("not-a-mapping", f"{filename}:1", found=say("binary-file"))
    return text, None


FAST_LOADER = getattr(yaml, "CSafeLoader", None)  # libyaml, when PyYAML was built with it


def read_yaml(content: bytes | str, filename: str) -> Document:
    """Parse YAML text; problems (syntax, not a mapping, duplicate keys) are collected, never raised.

    libyaml parses first (about ten times faster: published questionnaires are parsed on every cold
    results page); a file it refuses is parsed again by the pure-Python loader, whose messages
    and marks are the ones authors see.
    """
    doc = Document(filename)
    text, problem = decode(content, filename)
    if problem is not None:
        doc.problems.append(problem)
        return doc
    if FAST_LOADER is not None:
        try:
            return _read(FAST_LOADER(text), doc)
        except yaml.YAMLError:
            doc = Document(filename)
    try:
        return _read(yaml.SafeLoader(text), doc)
    except yaml.MarkedYAMLError as exc:
        # An unclosed bracket or quote is reported where it opened (the context), not at the end of the file.
        mark = exc.context_mark or exc.problem_mark
        line = mark.line + 1 if mark else 1
        detail = " ".join(p for p in (exc.context, exc.problem) if p)
        if exc.context_mark and exc.problem_mark and exc.problem_mark.line != exc.context_mark.line:
            detail += say("at-line", line=exc.problem_mark.line + 1)
        doc.problems.append(errors.problem("yaml-syntax", f"{filename}:{line}", detail=detail))
        doc.data = None
        return doc
    except yaml.YAMLError as exc:  # reader errors (control characters) carry no mark
        doc.problems.append(errors.problem("yaml-syntax", f"{filename}:1", detail=str(exc).splitlines()[0]))
        doc.data = None
        return doc


def _read(loader, doc: Document) -> Document:
    """Compose and build with ``loader``; YAML errors propagate to the caller."""
    try:
        node = loader.get_single_node()
        if node is not None:
            doc.data = _build(loader, node, (), doc)
    finally:
        loader.dispose()
    if not isinstance(doc.data, dict):
        doc.problems.append(errors.problem("not-a-mapping", f"{doc.filename}:1", found=_describe(doc.data)))
    return doc


def _describe(data: Any) -> str:
    if data is None:
        return say("empty-file")
    if isinstance(data, list):
        return say("a-list")
    return say("single-value", type=type(data).__name__)


def _build(loader: yaml.SafeLoader, node: yaml.Node, path: Path, doc: Document) -> Any:
    doc.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        written = {id(k) for k, _ in node.value}  # keys written here, not brought by a merge (<<)
        loader.flatten_mapping(node)
        result: dict[Any, Any] = {}
        merged: set[Any] = set()
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                key = str(key)
            child = (*path, key)
            if key in result and key not in merged:
                where = f"{doc.filename}:{key_node.start_mark.line + 1} {format_path(child)}"
                doc.problems.append(errors.problem("duplicate-key", where, key=key, first=doc.lines.get(child, 1)))
            merged.discard(key)
            if id(key_node) not in written:
                merged.add(key)
            doc.lines[child] = key_node.start_mark.line + 1
            result[key] = _build(loader, value_node, child, doc)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(loader, item, (*path, i), doc) for i, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)
