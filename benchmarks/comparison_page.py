"""The coordinator's comparison view, from a cold cache and including the database load: large against small.

Usage: python benchmarks/comparison_page.py [--quick|--smoke]
Full: 5,000 establishments against 50; --quick: 1,000 against 50; --smoke: 20 against 10.
Seeding the demo databases is not timed. Prints `key: value` lines; the last is `ratio: X` (target ≤ 2).
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SIZES = {"full": (5000, 50), "quick": (1000, 50), "smoke": (20, 10)}


def seeded(folder: Path, establishments: int):
    from storage.demo.writer import seed_demo
    from storage.engine import make_engine
    from storage.migrate import upgrade

    engine = make_engine(f"sqlite:///{folder / f'n{establishments}.db'}")
    upgrade(engine)
    result = seed_demo(engine, establishments=establishments, waves=1)
    return engine, result.campaign_ids[-1]


def render_once(engine, campaign_id: str) -> dict[str, float]:
    """Everything the comparison page computes and draws, with every in-memory cache cleared first."""
    from charts.distributions import distribution_figure
    from charts.peers import peer_figure
    from charts.profile import matrix_labels
    from storage.scope import Scope
    from views.results import compute
    from views.results.comparison import Filters, comparison_data
    from views.results.comparison import group_shares

    compute._questionnaire.cache_clear()
    engine.dispose()  # cold: no pooled connection
    started = time.perf_counter()
    data = comparison_data(engine, Scope.national(actor="benchmark"), campaign_id, Filters(), "fr")
    prepared = time.perf_counter()
    levels, degrees = matrix_labels(data.scored.questionnaire, "fr")
    distribution_figure(data.counts, levels, degrees, "fr").to_dict()
    peer_figure(group_shares(data.group_cells), levels, degrees, "fr").to_dict()
    data.table.to_json()  # what st.dataframe serialises
    done = time.perf_counter()
    return {"seconds": done - started, "prepare": prepared - started, "responses": len(data.responses)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--quick", action="store_true")
    group.add_argument("--smoke", action="store_true")
    args = parser.parse_args()
    mode = "smoke" if args.smoke else "quick" if args.quick else "full"
    large, small = SIZES[mode]
    with tempfile.TemporaryDirectory(prefix="continuum-bench-") as tmp:
        big_engine, big_campaign = seeded(Path(tmp), large)
        small_engine, small_campaign = seeded(Path(tmp), small)
        render_once(small_engine, small_campaign)  # import modules once, so neither side pays for imports
        gc.collect()
        timings = {}
        for name, engine, campaign in (("small", small_engine, small_campaign), ("large", big_engine, big_campaign)):
            runs = [render_once(engine, campaign) for _ in range(1 if mode == "full" else 2)]
            timings[name] = min(runs, key=lambda r: r["seconds"])
        print(f"mode: {mode}")
        for name, size in (("large", large), ("small", small)):
            t = timings[name]
            print(f"establishments {name}: {size}")
            print(f"responses {name}: {t['responses']}")
            print(f"prepare seconds {name}: {t['prepare']:.3f}")
            print(f"seconds {name}: {t['seconds']:.3f}")
        print(f"ratio: {timings['large']['seconds'] / timings['small']['seconds']:.2f}")


if __name__ == "__main__":
    main()
