"""Under CI=true no test may skip, whichever way it tries; locally a missing tool still skips."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent

SKIPPING = textwrap.dedent("""\
    import pytest

    @pytest.mark.browser
    def test_browser_skips():
        pytest.skip("no chromium")

    @pytest.mark.skipif(True, reason="always")
    def test_skipif():
        pass

    def test_passes():
        pass

    @pytest.mark.xfail(reason="known")
    def test_expected_failure():
        assert False
    """)


def _run_inner(tmp_path: Path, ci: str | None) -> subprocess.CompletedProcess:
    (tmp_path / "test_inner.py").write_text(SKIPPING, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci is not None:
        env["CI"] = ci
    env["PYTHONPATH"] = os.pathsep.join([str(TESTS), env.get("PYTHONPATH", "")])
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "fixtures.policy", "-q", "-rA", "-p", "no:cacheprovider",
         "--rootdir", str(tmp_path), str(tmp_path / "test_inner.py")],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
    )


def test_under_ci_every_skip_fails_the_run(tmp_path):
    done = _run_inner(tmp_path, "true")
    assert done.returncode == 1, done.stdout
    summary = done.stdout.splitlines()[-1]
    # a skip in the test body fails it; a skip in setup (skipif) errors it: both fail the run
    assert "1 failed" in summary and "1 error" in summary and "1 passed" in summary, done.stdout
    assert "skipped" not in summary and "1 xfailed" in summary
    assert "CI=true forbids skipping (marked browser): Skipped: no chromium" in done.stdout


@pytest.mark.parametrize("ci", [None, ""])
def test_locally_a_skip_stays_a_skip(tmp_path, ci):
    done = _run_inner(tmp_path, ci)
    assert done.returncode == 0, done.stdout
    assert "1 passed, 2 skipped, 1 xfailed" in done.stdout, done.stdout
