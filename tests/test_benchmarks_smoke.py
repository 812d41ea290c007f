"""Every benchmark runs with --smoke and prints `key: value` lines ending with the headline ratio."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS = sorted((ROOT / "benchmarks").glob("*.py"))


def test_there_are_benchmarks():
    assert BENCHMARKS


@pytest.mark.parametrize("script", BENCHMARKS, ids=lambda p: p.stem)
def test_benchmark_smoke_run(script):
    result = subprocess.run(
        [sys.executable, str(script), "--smoke"], cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={**os.environ},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert lines, "the benchmark printed nothing"
    assert all(re.match(r"^[\w .()/%-]+: \S", line) for line in lines), lines
    last = re.match(r"^ratio: (\d+(\.\d+)?)$", lines[-1])
    assert last, f"last line must be 'ratio: X', got {lines[-1]!r}"
    assert float(last.group(1)) > 0
