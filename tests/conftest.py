"""Test-wide policy: real components, and no silent skips under CI.

A test marked ``browser``, ``postgres``, ``libreoffice`` or ``reports`` may skip only
when its tool is missing *and* ``CI`` is not set; under ``CI=true`` it fails instead.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from fixtures.tools import IN_CI, chromium_path, require_tool  # noqa: F401 - shared with test modules

pytest_plugins = ["fixtures.policy", "fixtures.db", "fixtures.app"]

ARTIFACTS = Path(__file__).parent / "artifacts"

try:  # a smaller hypothesis profile under CI keeps the run under 15 minutes
    from hypothesis import HealthCheck, settings

    settings.register_profile("ci", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    settings.register_profile("dev", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    settings.load_profile("ci" if IN_CI else os.environ.get("HYPOTHESIS_PROFILE", "dev"))
except ImportError:  # pragma: no cover
    pass


@pytest.fixture(autouse=True)
def _fresh_settings():
    """Settings are cached per process; a test that sets CONTINUUM_* variables must see them."""
    from continuum.settings import get_settings

    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


# Long single tests that would otherwise come last (their files sort last): run first, so that the workers
# do not end the run with one of them going while the other has nothing left to take.
LONG_FIRST = ("tests/test_benchmarks_smoke.py", "tests/test_browser_smoke.py")


def pytest_collection_modifyitems(config, items):
    """Fail fast under CI when a marked test's tool is absent (checked per test in fixtures); long ones first."""
    for item in items:
        if item.get_closest_marker("libreoffice"):
            item.fixturenames.append("_needs_soffice") if "_needs_soffice" not in item.fixturenames else None
    items.sort(key=lambda item: not item.nodeid.startswith(LONG_FIRST))  # stable: the rest keeps its order


@pytest.fixture
def _needs_soffice() -> None:
    require_tool(shutil.which("soffice") is not None, "LibreOffice (soffice)")
