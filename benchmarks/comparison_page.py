"""The coordinator's comparison view, from a cold cache and including the database load: large against small.

Usage: python benchmarks/comparison_page.py [--quick|--smoke]
Full: 5,000 establishments against 50; --quick: 1,000 against 50; --smoke: 20 against 10.
Seeding the demo databases is not timed; the demo writer stores each response's engagement profile as a
submit does (storage.profiles), so the timed runs read stored profiles. Prints `key: value` lines, each
phase's wall-clock seconds, and the process CPU seconds (steadier when other jobs share the machine; SQLite
runs in-process), then, outside the ratio, one run of the large side with every stored profile stale (the
one-off cost after an engine upgrade); the last line is the wall-clock `ratio: X` (target ≤ 2). The best
of two runs (full) or three (--quick); --smoke runs once, only to show the benchmark still works.
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
    """Everything the comparison page computes and draws, every tab included, with every in-memory cache cleared.

    Timed in phases, as the page runs them: the database load (the responses, and each one's engagement
    profile as storage keeps it, any stale one scored again by the engine first: ``compute.profile_campaign``),
    the view's aggregation (the comparison table, the distributions, the group profile), the
    region-against-national tab (storage loads the submitted peers' stored profiles itself: they are
    aggregates, never the caller's frames), then drawing.
    """
    from charts.distributions import distribution_figure
    from charts.peers import peer_figure, shares_frame
    from charts.profile import matrix_labels
    from storage.aggregates import region_and_national_shares
    from storage.engine import read_session
    from storage.questionnaires import _parsed
    from storage.scope import Scope
    from views.results import compute
    from views.results.comparison import Filters, comparison_data, group_shares, table_page

    _parsed.cache_clear()  # published questionnaires are parsed again
    engine.dispose()  # cold: no pooled connection
    scope = Scope.national(actor="benchmark")
    cpu_started = time.process_time()
    started = time.perf_counter()
    scored = compute.profile_campaign(engine, scope, campaign_id)
    was_loaded = time.perf_counter()
    data = comparison_data(engine, scope, campaign_id, Filters(wave=(scored.campaign.wave,)), "fr", scored=scored)
    aggregated = time.perf_counter()
    q = scored.questionnaire
    region = sorted(scored.result.responses["region"].unique())[0]  # the national tab's first region
    with read_session(engine) as session:
        national_tab = region_and_national_shares(session, scope, campaign_id, q.id, region=region)
    prepared = time.perf_counter()
    levels, degrees = matrix_labels(q, "fr")
    distribution_figure(data.counts, levels, degrees, "fr").to_dict()
    peer_figure(group_shares(data.group_cells), levels, degrees, "fr").to_dict()
    for figures in national_tab:
        if figures.enough:
            peer_figure(shares_frame(figures, q), levels, degrees, "fr").to_dict()
    table_page(data.table, 1).to_json()  # what st.dataframe serialises: the table's first page
    done = time.perf_counter()
    return {"seconds": done - started, "cpu": time.process_time() - cpu_started, "load": was_loaded - started,
            "aggregate": aggregated - was_loaded, "peers": prepared - aggregated, "render": done - prepared,
            "responses": len(data.responses), "profiles": len(scored.result.responses)}


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
            runs = [render_once(engine, campaign) for _ in range({"full": 2, "quick": 3, "smoke": 1}[mode])]
            timings[name] = {**min(runs, key=lambda r: r["seconds"]), "cpu": min(r["cpu"] for r in runs)}
        print(f"mode: {mode}")
        for name, size in (("large", large), ("small", small)):
            t = timings[name]
            print(f"establishments {name}: {size}")
            print(f"responses {name}: {t['responses']}")
            print(f"profiles read {name}: {t['profiles']}")
            for phase in ("load", "aggregate", "peers", "render"):
                print(f"{phase} seconds {name}: {t[phase]:.3f}")
            print(f"cpu seconds {name}: {t['cpu']:.3f}")
            print(f"seconds {name}: {t['seconds']:.3f}")
        # Not in the ratio: the one-off cost when every stored profile is stale (an engine upgrade), where the
        # page scores every answer once, as it did before profiles were stored, and stores them again.
        from sqlalchemy import text

        with big_engine.begin() as connection:
            connection.execute(text("DELETE FROM response_profiles"))
        print(f"seconds large with every profile stale: {render_once(big_engine, big_campaign)['seconds']:.3f}")
        print(f"cpu ratio: {timings['large']['cpu'] / timings['small']['cpu']:.2f}")  # steadier on a busy machine
        print(f"ratio: {timings['large']['seconds'] / timings['small']['seconds']:.2f}")


if __name__ == "__main__":
    main()
