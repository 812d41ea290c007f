"""Save latency under concurrent autosaves on PostgreSQL.

50 savers at a human pace (one autosave every 0.5 s, with jitter) on overlapping responses, against
one saver alone; then the largest sustained saves per second before p95 passes 100 ms.
Prints ``key: value`` lines; the last is ``ratio: X`` (p95 of 50 savers / p95 of one saver; target ≤ 3).

    python benchmarks/saves.py [--quick|--smoke] [--url postgresql+psycopg://...]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import threading
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from continuum.reference import finess_with_key  # noqa: E402
from storage.answers import AnswerInput, save_answer  # noqa: E402
from storage.campaigns import create_campaign  # noqa: E402
from storage.engine import make_engine, temporary_schema, write_session  # noqa: E402
from storage.errors import StaleAnswer  # noqa: E402
from storage.establishments import add_legal_entity, add_site  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.models_responses import Answer  # noqa: E402
from storage.questionnaires import publish_questionnaire  # noqa: E402
from storage.responses import open_response  # noqa: E402
from storage.scope import Scope  # noqa: E402

SIZES = {"full": (30.0, 6.0), "quick": (12.0, 3.0), "smoke": (2.0, 0.7)}  # seconds: paced run, each ramp step
ITEMS = [f"item.{i:02d}" for i in range(20)]
RESPONSES = 10  # 50 savers on 10 responses: 5 people per response, on overlapping items


def setup(engine) -> list[tuple[Scope, str]]:
    national = Scope.national(actor="bench")
    ej = finess_with_key("44900001")
    out = []
    with write_session(engine) as s:
        add_legal_entity(s, national, ej, "Bench", "ch", "public", "52")
        publish_questionnaire(s, "bench", "1.0", "id: bench\n", scope=national)
        create_campaign(s, national, "bench", "Bench", {"bench": "1.0"}, status="open")
        for k in range(RESPONSES):
            site = finess_with_key(f"4491{k:04d}")
            add_site(s, national, site, ej, f"Site {k}", "ch", "public", "52")
            team = Scope.establishment([site], campaign_id="bench", actor="team")
            out.append((team, open_response(s, team, "bench", site, "bench").id))
    return out


def one_save(engine, scope: Scope, response: str, item: str, rng: random.Random) -> tuple[float, bool]:
    """Read the item's version, then save against it; returns (save latency in seconds, conflicted)."""
    with engine.connect() as connection:
        base = connection.execute(Answer.__table__.select().with_only_columns(Answer.version).where(
            Answer.response_id == response, Answer.item_id == item, Answer.entry == -1,
            Answer.respondent == "")).scalar() or 0
    start = time.perf_counter()
    try:
        with write_session(engine) as s:
            save_answer(s, scope, response, item, AnswerInput(status=rng.choice(["in_place", "not_in_place"])),
                        base_version=base)
        conflicted = False
    except StaleAnswer:
        conflicted = True
    return time.perf_counter() - start, conflicted


def run_savers(engine, targets, savers: int, interval: float, seconds: float) -> tuple[list[float], int]:
    latencies, conflicts, lock = [], [0], threading.Lock()
    barrier = threading.Barrier(savers)
    stop = time.perf_counter() + seconds + 0.2

    def saver(k: int) -> None:
        rng = random.Random(k)
        scope, response = targets[k % len(targets)]
        scope = scope.as_actor(f"saver {k}")
        barrier.wait()
        time.sleep(rng.uniform(0, interval))
        while time.perf_counter() < stop:
            latency, conflicted = one_save(engine, scope, response, rng.choice(ITEMS[:8]), rng)
            with lock:
                latencies.append(latency)
                conflicts[0] += conflicted
            time.sleep(max(0.0, interval * rng.uniform(0.5, 1.5) - latency))

    threads = [threading.Thread(target=saver, args=(k,)) for k in range(savers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, conflicts[0]


def ms(values: list[float], q: float) -> float:
    return float(np.percentile(values, q) * 1000) if values else float("nan")


def ramp(engine, targets, step_seconds: float) -> float:
    """Largest sustained saves/s with p95 ≤ 100 ms, doubling the offered rate from 25 saves/s."""
    best, rate = 0.0, 25
    while rate <= 3200:
        savers = min(50, max(5, rate // 10))
        latencies, _ = run_savers(engine, targets, savers, savers / rate, step_seconds)
        achieved = len(latencies) / step_seconds
        print(f"ramp_{rate}_per_s: achieved {achieved:.0f}/s, p95 {ms(latencies, 95):.1f} ms", flush=True)
        if ms(latencies, 95) > 100 or achieved < 0.8 * rate:
            break
        best, rate = achieved, rate * 2
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--quick", action="store_true")
    group.add_argument("--smoke", action="store_true")
    parser.add_argument("--url", default=os.environ.get("CONTINUUM_TEST_POSTGRES_URL"))
    args = parser.parse_args(argv)
    if not args.url:
        print("error: set CONTINUUM_TEST_POSTGRES_URL or pass --url", file=sys.stderr)
        return 2
    seconds, step = SIZES["smoke" if args.smoke else "quick" if args.quick else "full"]
    with temporary_schema(args.url, prefix="bench_saves") as url:
        engine = make_engine(url, pool_size=30)
        upgrade(engine)
        targets = setup(engine)
        solo, _ = run_savers(engine, targets, 1, 0.5, seconds)
        crowd, conflicts = run_savers(engine, targets, 50, 0.5, seconds)
        print(f"size: {'smoke' if args.smoke else 'quick' if args.quick else 'full'}")
        print(f"solo_saves: {len(solo)}")
        print(f"solo_p50_ms: {ms(solo, 50):.1f}")
        print(f"solo_p95_ms: {ms(solo, 95):.1f}")
        print(f"concurrent_savers: 50")
        print(f"concurrent_saves: {len(crowd)}")
        print(f"concurrent_conflicts_reported: {conflicts}")
        print(f"concurrent_p50_ms: {ms(crowd, 50):.1f}")
        print(f"concurrent_p95_ms: {ms(crowd, 95):.1f}")
        print(f"max_sustained_saves_per_s_p95_under_100ms: {ramp(engine, targets, step):.0f}")
        engine.dispose()
    print(f"ratio: {ms(crowd, 95) / ms(solo, 95):.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
