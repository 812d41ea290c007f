"""Import of one filled template of the Montreal matrix (validation and write, one transaction).

Compares `exchange.importer.import_file` with `openpyxl.load_workbook` of the same file in normal mode
(the mode the merged-cell checks need). Usage: python benchmarks/import_template.py [--quick|--smoke];
the last line is ``ratio: X``.
"""

from __future__ import annotations

import gc
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

RUNS = {"full": 31, "quick": 15, "smoke": 1}  # each file takes ~0.1 s: medians of many runs resist the noise


def world(folder: Path, n_sites: int):
    """A SQLite database with ``n_sites`` sites, the published matrix and an open campaign."""
    from continuum.paths import QUESTIONNAIRE_DIR
    from continuum.reference import finess_with_key
    from storage.campaigns import create_campaign
    from storage.engine import make_engine, write_session
    from storage.establishments import add_legal_entity, add_site
    from storage.migrate import upgrade
    from storage.questionnaires import publish_questionnaire
    from storage.scope import Scope

    engine = make_engine(f"sqlite:///{folder / 'bench.db'}")
    upgrade(engine)
    scope = Scope.national(actor="benchmark")
    ej, sites = finess_with_key("44000001"), [finess_with_key(f"440001{n:02d}") for n in range(n_sites)]
    text = (QUESTIONNAIRE_DIR / "montreal-matrix.yaml").read_text(encoding="utf-8")
    with write_session(engine) as s:
        add_legal_entity(s, scope, ej, "CHU", "chu", "public", "52", 1500)
        for site in sites:
            add_site(s, scope, site, ej, f"Site {site}", "chu", "public", "52", 500)
        from questionnaires.loader import load_questionnaire_text

        q = load_questionnaire_text(text)
        publish_questionnaire(s, q.id, q.version, text, scope=scope)
        create_campaign(s, scope, "bench", "Benchmark", {q.id: q.version}, status="open")
    return engine, scope, q, sites


def filled(q, finess: str) -> bytes:
    """Every shown item answered as a team would: practices in place across the establishment."""
    from openpyxl import load_workbook

    from exchange.layout import Layout, option_labels
    from exchange.template import write_template

    layout = Layout(q)
    wb = load_workbook(io.BytesIO(write_template(q)))
    ws = wb["Réponses"]
    for row in layout.rows:
        item, cell = row.item, (lambda key: ws[f"{layout.column_letter(key)}{row.number}"])
        if item.kind == "practice":
            status = q.practice_scale(item, "status")
            extent = q.practice_scale(item, "extent")
            cell("status").value = option_labels(status, "fr")[[o.meaning for o in status.options].index("in_place")]
            cell("extent").value = option_labels(extent, "fr")[-1]
        elif item.kind == "single_choice":
            cell("value").value = option_labels(q.scale(item.scale), "fr")[0]
        elif item.kind == "number":
            cell("value").value = 3
        elif item.kind == "text":
            cell("value").value = "Texte"
    wb["Identité"]["B2"].value = finess
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def main(argv: list[str]) -> None:
    from openpyxl import load_workbook

    from exchange.importer import import_file

    size = "smoke" if "--smoke" in argv else "quick" if "--quick" in argv else "full"
    with tempfile.TemporaryDirectory() as tmp:
        engine, scope, q, sites = world(Path(tmp), RUNS[size] + 1)
        files = [filled(q, site) for site in sites]
        import_file(engine, scope, "bench", files[-1], "warm-up.xlsx")  # imports and caches warmed once
        ours, theirs, answers = [], [], 0
        for n, data in enumerate(files[:-1]):
            for side in (("ours", "theirs") if n % 2 else ("theirs", "ours")):  # alternate who runs first
                gc.collect()
                start = time.perf_counter()
                if side == "theirs":
                    load_workbook(io.BytesIO(data))
                    theirs.append(time.perf_counter() - start)
                else:
                    result = import_file(engine, scope, "bench", data, "filled.xlsx")
                    ours.append(time.perf_counter() - start)
                    assert result.ok, [str(p) for p in result.errors][:5]
                    answers = result.answers_written
        engine.dispose()
    print(f"size: {size}")
    print(f"questionnaire: {q.id} {q.version}")
    print(f"answers_per_file: {answers}")
    print(f"file_bytes: {len(files[0])}")
    print(f"runs: {len(ours)}")
    print(f"import_s: {statistics.median(ours):.3f}")
    print(f"load_workbook_s: {statistics.median(theirs):.3f}")
    print(f"ratio: {statistics.median(ours) / statistics.median(theirs):.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])
