"""The notebook example of docs/scoring-method.md runs as written, and gives what its comments say."""

from __future__ import annotations

import re
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "scoring-method.md"


def test_the_documented_notebook_example_runs():
    block = re.search(r"## Python API.*?```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S).group(1)
    names: dict = {}
    exec(compile(block, str(DOC), "exec"), names)  # noqa: S102 - our own documentation
    cells, steps, peers = names["cells"], names["steps"], names["peers"]
    practice = names["practice"]
    ref = practice.cells[0]
    held = cells[(cells["level"] == ref.level) & (cells["degree"] == ref.degree)].iloc[0]
    assert held.n_in_place == 1 and held.n_answered == 1 and held.n_unanswered == held.n_applicable - 1
    assert list(names["why"]["item_id"]).count(practice.id) == 1
    assert set(peers["peer_status"]) <= {"not_enough_peers", "not_compared"}
    assert {"action", "item_id", "kind", "why", "owner", "deadline"} <= set(steps.columns)
    assert [code for code, _ in names["problems"]] == ["scoring-option-not-on-scale"]
    assert names["problems"][0][1] == f"R1/{practice.id}"
