"""``continuum score --campaign ID [-o FILE]``: load a campaign from storage, score it, write xlsx or csv."""

from __future__ import annotations

from pathlib import Path

import click

from continuum.cli.output import CliError, format_table
from continuum.problems import Problem
from continuum.settings import get_settings


def _load(campaign_id: str):
    """The campaign's published questionnaires and its (responses, answers) frames, nationally scoped."""
    from questionnaires.loader import load_questionnaire_text
    from storage.campaigns import get_campaign
    from storage.engine import make_engine, read_session
    from storage.frames import load_frames
    from storage.questionnaires import get_published
    from storage.scope import Scope

    engine = make_engine(get_settings().database_url)
    try:
        with read_session(engine) as session:
            scope = Scope.national(actor="continuum score")
            campaign = get_campaign(session, scope, campaign_id)
            questionnaires = {qid: load_questionnaire_text(get_published(session, qid, version).yaml_text,
                                                           f"{qid}-{version}.yaml")
                              for qid, version in campaign.questionnaires.items()}
            responses, answers = load_frames(session, scope, campaign_id)
    finally:
        engine.dispose()
    return questionnaires, responses, answers


def score_campaign(campaign_id: str) -> dict[str, dict]:
    """Every questionnaire of the campaign that has an engagement profile, scored: {questionnaire id: tables}."""
    from scoring import score
    from scoring.tables import result_tables

    questionnaires, responses, answers = _load(campaign_id)
    out = {}
    for qid, q in questionnaires.items():
        if not any(item.cells for item in q.items(include_group_children=True)):
            continue
        if not (responses["questionnaire_id"] == qid).any():
            continue
        inventory = questionnaires.get(q.scoring.evidence.inventory or "")
        out[qid] = result_tables(score(q, responses, answers, inventory=inventory))
    if not out:
        raise CliError([Problem("score-nothing-to-score", f"campaign/{campaign_id}",
                                "No response to a questionnaire with an engagement profile in this campaign.",
                                "Check the campaign id, or wait for establishments to answer.")])
    return out


def write(scored: dict[str, dict], output: Path) -> None:
    """xlsx: one sheet per table (prefixed by questionnaire when there are several); csv: the cell states."""
    import pandas as pd

    suffix = output.suffix.lower()
    if suffix == ".csv":
        cells = pd.concat([t["cells"].assign(questionnaire_id=qid) for qid, t in scored.items()], ignore_index=True)
        cells.to_csv(output, index=False)
    elif suffix == ".xlsx":
        with pd.ExcelWriter(output, engine="openpyxl") as xl:
            for qid, tables in scored.items():
                prefix = "" if len(scored) == 1 else f"{qid[:12]}-"
                for name, frame in tables.items():
                    frame.to_excel(xl, sheet_name=(prefix + name)[:31], index=False)
    else:
        raise CliError([Problem("score-output-suffix", str(output), f"Cannot write '{output.suffix}' files.",
                                "Name the output file .xlsx or .csv.", found=output.suffix, expected=".xlsx, .csv")])


@click.command("score")
@click.option("--campaign", "campaign_id", required=True, help="The campaign (one wave) to score.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the results: .xlsx (one sheet per table) or .csv (cell states).")
def score_command(campaign_id: str, output: Path | None) -> None:
    """Score a campaign: engagement profiles (cell states with counts), coverage, completeness, next steps."""
    if output is not None and output.suffix.lower() not in (".xlsx", ".csv"):
        write({}, output)  # refuses the suffix before any work
    scored = score_campaign(campaign_id)
    rows = []
    for qid, tables in scored.items():
        states = tables["cells"]["state"].value_counts()
        rows.append([qid, tables["overall"]["response_id"].nunique(), int(states.get("present", 0)),
                     int(states.get("established", 0)), int(states.get("declared_not_evidenced", 0))])
    click.echo(format_table(["questionnaire", "responses", "present cells", "established cells",
                             "declared, not evidenced"], rows))
    if output is not None:
        write(scored, output)
        click.echo(f"written: {output}")


COMMANDS = [score_command]
