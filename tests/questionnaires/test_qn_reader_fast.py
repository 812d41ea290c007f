"""libyaml reads questionnaires first: the data and the line of every key are the pure-Python loader's."""

from __future__ import annotations

from pathlib import Path

import pytest

from questionnaires import reader

ROOT = Path(__file__).resolve().parents[2] / "questionnaires"
FILES = sorted(ROOT.glob("*.yaml")) + sorted((ROOT / "examples").glob("*.yaml"))


def _pure(text: str, name: str, monkeypatch) -> reader.Document:
    with monkeypatch.context() as m:
        m.setattr(reader, "FAST_LOADER", None)
        return reader.read_yaml(text, name)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_shipped_files_read_the_same_with_libyaml(path, monkeypatch):
    assert reader.FAST_LOADER is not None  # PyYAML ships libyaml wheels; without it reads are slow, not wrong
    text = path.read_text(encoding="utf-8")
    fast, pure = reader.read_yaml(text, path.name), _pure(text, path.name, monkeypatch)
    assert fast.data == pure.data and fast.lines == pure.lines and fast.problems == pure.problems


@pytest.mark.parametrize("text", [
    "id: q\nid: again\n",  # a duplicate key: found by our builder, with both lines
    "base: &b {a: 1}\nchild:\n  <<: *b\n  a: 2\n",  # a merge key then an override is not a duplicate
    "items: [a, b\n",  # unclosed: reported where it opened, by the pure-Python loader's wording
    "- a\n- b\n",  # not a mapping
    "bad: \x07\n",  # a control character
])
def test_problems_and_merges_are_the_pure_python_loaders(text, monkeypatch):
    fast, pure = reader.read_yaml(text, "q.yaml"), _pure(text, "q.yaml", monkeypatch)
    assert [(p.code, p.location, p.message) for p in fast.problems] == [
        (p.code, p.location, p.message) for p in pure.problems]
    assert fast.data == pure.data and fast.lines == pure.lines
