"""Shared by the report tests: the seeded demo database, loaded and scored once per module."""

from __future__ import annotations

import datetime as dt
import re
import shutil

from reports.data import load_campaign
from storage.engine import make_engine
from storage.scope import Scope

TODAY = dt.date(2025, 7, 1)
NATIONAL = Scope.national(actor="test reports")


def demo_engine(demo_db_file, tmp_path_factory):
    target = tmp_path_factory.mktemp("reports") / "demo.db"
    shutil.copyfile(demo_db_file, target)
    return make_engine(f"sqlite:///{target}")


def campaign(engine, campaign_id: str):
    return load_campaign(engine, NATIONAL, campaign_id)


def plain(text: str) -> str:
    """Text with every run of spaces (no-break ones included) as one space, for searching."""
    return re.sub(r"[\s\u00a0\u202f]+", " ", text)
