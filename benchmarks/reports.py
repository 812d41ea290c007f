"""Feedback reports: a batch of establishments against the same number of single reports.

One report alone loads and scores the campaign, starts Chromium for its charts and lays out its
PDF. A batch scores once, starts one Chromium for every chart and lays out each PDF. Prints
``key: value`` lines; the last is ``ratio: X`` (batch time / (N × one report's time); target ≤ 0.5).

    python benchmarks/reports.py [--quick|--smoke]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reports.batch import establishment_report, write_campaign  # noqa: E402
from reports.data import load_campaign  # noqa: E402
from storage.demo.writer import seed_demo  # noqa: E402
from storage.engine import make_engine  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.scope import Scope  # noqa: E402

SIZES = {"full": (50, 2, 70), "quick": (4, 1, 40), "smoke": (2, 1, 10)}  # reports in the batch, single runs, sites
CAMPAIGN = "demo-national-w2"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args()
    n, singles, sites = SIZES["smoke" if args.smoke else "quick" if args.quick else "full"]
    scope = Scope.national(actor="bench")
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/bench.db")
        upgrade(engine)
        seed_demo(engine, establishments=sites, waves=2, seed=2025)
        data = load_campaign(engine, scope, CAMPAIGN)
        finesses = sorted(data.current()["establishment"].astype(str).unique())[:n]
        start = time.perf_counter()
        for finess in finesses[:singles]:
            establishment_report(engine, scope, CAMPAIGN, finess)
        single = (time.perf_counter() - start) / singles
        start = time.perf_counter()
        files = write_campaign(engine, scope, CAMPAIGN, Path(tmp) / "out", establishments=finesses, regional=False)
        batch = time.perf_counter() - start
        engine.dispose()
    print(f"reports: {len(files)}")
    print(f"one report (s): {single:.2f}")
    print(f"batch (s): {batch:.2f}")
    print(f"batch per report (s): {batch / len(files):.2f}")
    print(f"reports one by one estimated (s): {single * len(files):.2f}")
    print(f"ratio: {batch / (single * len(files)):.3f}")


if __name__ == "__main__":
    main()
