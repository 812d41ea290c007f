"""``continuum report``: feedback reports as PDF, one establishment's or a whole campaign's, over `reports`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from continuum.settings import get_settings


@click.command("report")
@click.option("--campaign", "campaign_id", required=True, help="Campaign id.")
@click.option("--establishment", "finess", help="FINESS ET of the establishment whose report to write.")
@click.option("--all", "everything", is_flag=True, help="Every establishment that answered, plus the regional reports.")
@click.option("--lang", type=click.Choice(["fr", "en"]), default="fr", show_default=True)
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path),
              help="FILE.pdf (or FILE.html) for one establishment; a folder with --all.")
def report_command(campaign_id: str, finess: str | None, everything: bool, lang: str, output: Path) -> None:
    """Write feedback reports: one establishment's PDF, or with --all one per establishment and per region."""
    from reports.batch import establishment_report, write_campaign
    from storage.engine import make_engine
    from storage.scope import Scope

    if bool(finess) == everything:
        raise click.UsageError("Give --establishment FINESS or --all (one of the two).")
    if everything and output.suffix:
        raise click.UsageError("With --all, -o is a folder.")
    if finess and output.suffix.lower() not in (".pdf", ".html"):
        raise click.UsageError("With --establishment, -o is FILE.pdf (or FILE.html).")
    scope = Scope.national(actor="continuum report")
    engine = make_engine(get_settings().database_url)
    try:
        if finess:
            html_only = output.suffix.lower() == ".html"
            report = establishment_report(engine, scope, campaign_id, finess, lang=lang, pdf=not html_only)
            output.parent.mkdir(parents=True, exist_ok=True)
            if html_only:
                output.write_text(report.html, encoding="utf-8")
            else:
                output.write_bytes(report.pdf)
            click.echo(f"report: {output}")
            return
        if sys.stderr.isatty():
            with click.progressbar(length=1, label="reports", file=sys.stderr) as bar:
                def progress(done: int, total: int, name: str) -> None:
                    bar.length = total
                    bar.update(done - bar.pos)

                files = write_campaign(engine, scope, campaign_id, output, lang=lang, progress=progress)
        else:  # a log, not a terminal: one line per report instead of a bar redrawn in place
            def progress(done: int, total: int, name: str) -> None:
                click.echo(f"[{done}/{total}] {name}", err=True)

            files = write_campaign(engine, scope, campaign_id, output, lang=lang, progress=progress)
    finally:
        engine.dispose()
    click.echo(f"folder: {output}")
    click.echo(f"reports: {len(files)}")


COMMANDS = [report_command]
