"""Export of the national campaign's one-sheet tables (wide answers per wave, cell states, coverage).

Compares the write-only table writer (`exchange.tables.write_xlsx`) with `DataFrame.to_excel` of exactly
the same tables. Usage: python benchmarks/export.py [--quick|--smoke]; the last line is ``ratio: X``.
"""

from __future__ import annotations

import gc
import io
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pandas as pd  # noqa: E402

SIZES = {"full": (5000, 3), "quick": (250, 2), "smoke": (40, 1)}
RUNS = {"full": 1, "quick": 3, "smoke": 1}


def national_tables(establishments: int, waves: int):
    """The demo generator's national dataset, scored, as the export's one-sheet tables."""
    from exchange.export import ExportData, _coverage, _with_keys, response_keys, wide_answers, Scored
    from exchange.tables import Table
    from scoring import score
    from storage.demo import generate_demo, shipped_questionnaires

    loaded = [q for q, _ in shipped_questionnaires()]
    by_id = {q.id: q for q in loaded}
    matrix = by_id["montreal-matrix"]
    demo = generate_demo(loaded, establishments=establishments, waves=waves, people=False)
    result = score(matrix, demo.responses, demo.answers, inventory=by_id.get("initiative-inventory"))
    data = ExportData("national", demo.responses, demo.answers, {matrix.id: matrix})
    keys = response_keys(data)
    tables = []
    for wave, wave_keys in keys.groupby("wave"):
        tables.append(Table(f"Large vague {wave}", wide_answers(demo.answers, wave_keys, matrix)))
    scored = Scored(result.cell_states.assign(questionnaire_id=matrix.id), result.level_profile.assign(
        questionnaire_id=matrix.id), result.overall, result.initiatives)
    tables.append(Table("États des cellules", _with_keys(scored.cells, keys)))
    tables.append(Table("Couverture", _with_keys(_coverage(scored), keys), formats={"coverage": "0%"}))
    return tables


def main(argv: list[str]) -> None:
    from exchange.tables import write_xlsx

    size = "smoke" if "--smoke" in argv else "quick" if "--quick" in argv else "full"
    establishments, waves = SIZES[size]
    start = time.perf_counter()
    tables = national_tables(establishments, waves)
    prepared = time.perf_counter() - start
    cells = sum(t.frame.size for t in tables)

    ours_times, pandas_times = [], []
    for n in range(RUNS[size]):  # alternate who goes first; medians resist the other jobs on the machine
        for side in (("ours", "pandas") if n % 2 == 0 else ("pandas", "ours")):
            gc.collect()
            start = time.perf_counter()
            if side == "ours":
                ours = write_xlsx(tables)
                ours_times.append(time.perf_counter() - start)
            else:
                buffer = io.BytesIO()
                with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
                    for t in tables:
                        t.frame.to_excel(writer, sheet_name=t.name[:31], index=False)
                pandas_times.append(time.perf_counter() - start)
    ours_s, pandas_s = statistics.median(ours_times), statistics.median(pandas_times)

    print(f"size: {size}")
    print(f"establishments: {establishments}")
    print(f"waves: {waves}")
    print(f"tables: {len(tables)}")
    print(f"rows: {sum(len(t.frame) for t in tables)}")
    print(f"cells: {cells}")
    print(f"runs: {RUNS[size]}")
    print(f"prepare_s: {prepared:.2f}")
    print(f"exchange_write_only_s: {ours_s:.2f}")
    print(f"pandas_to_excel_s: {pandas_s:.2f}")
    print(f"exchange_bytes: {len(ours)}")
    print(f"ratio: {ours_s / pandas_s:.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])
