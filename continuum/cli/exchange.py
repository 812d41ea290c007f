"""``continuum template``, ``continuum import`` and ``continuum export``: thin wrappers over `exchange`."""

from __future__ import annotations

from pathlib import Path

import click

from continuum.cli.output import CliError, format_table
from continuum.paths import QUESTIONNAIRE_DIR
from continuum.problems import Problem
from continuum.settings import get_settings


def _questionnaire(name: str):
    """A questionnaire file, or the id of a shipped questionnaire."""
    from questionnaires.loader import load_directory, load_questionnaire

    path = Path(name)
    if path.is_file():
        return load_questionnaire(path)
    shipped, _ = load_directory(QUESTIONNAIRE_DIR)
    for q in shipped:
        if q.id == name:
            return q
    raise CliError([Problem("questionnaire-unknown", name, f"No questionnaire file or shipped questionnaire '{name}'.",
                            "Give a YAML file, or one of: " + ", ".join(sorted(q.id for q in shipped)))])


def _engine():
    from storage.engine import make_engine

    return make_engine(get_settings().database_url)


@click.command("template")
@click.argument("questionnaire")
@click.option("--sector", type=click.Choice(["health", "medico-social"]), default=None,
              help="Wording of the items (default: the establishment's sector, else health).")
@click.option("--lang", type=click.Choice(["fr", "en"]), default="fr", show_default=True)
@click.option("--establishment", "finess", help="FINESS ET of a registered site: pre-fills the identity sheet.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path))
def template_command(questionnaire: str, sector: str | None, lang: str, finess: str | None, output: Path) -> None:
    """Write the offline Excel template of a questionnaire (a YAML file or a shipped questionnaire id)."""
    from exchange.template import establishment_template, write_template

    q = _questionnaire(questionnaire)
    sector_code = sector.replace("-", "_") if sector else None
    if finess:
        from storage.engine import read_session
        from storage.scope import Scope

        engine = _engine()
        try:
            with read_session(engine) as session:
                data = establishment_template(session, Scope.national(actor="continuum template"), q, finess,
                                              lang=lang, sector=sector_code)
        finally:
            engine.dispose()
    else:
        data = write_template(q, lang=lang, sector=sector_code or "health")
    output.write_bytes(data)
    click.echo(f"template: {output}")
    click.echo(f"questionnaire: {q.id} {q.version}")


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--campaign", "campaign_id", required=True, help="Campaign id.")
@click.option("--lang", type=click.Choice(["fr", "en"]), default="fr", show_default=True,
              help="Language of the error table.")
def import_command(files: tuple[Path, ...], campaign_id: str, lang: str) -> None:
    """Import filled templates, each all or nothing; errors are listed with sheet!cell."""
    from exchange.errors import language, severity_word, table_headers
    from exchange.importer import import_files
    from storage.scope import Scope

    engine = _engine()
    try:
        results = import_files(engine, Scope.national(actor="continuum import"), campaign_id,
                               [(p.name, p.read_bytes()) for p in files], lang=lang)
    finally:
        engine.dispose()
    for r in results:
        if r.ok:
            click.echo(f"ok    {r.filename}: {r.establishment} {r.questionnaire}, response {r.response_id}, "
                       f"{r.answers_written} answers ({r.answers_changed} changed), {r.entries_written} entries")
        else:
            click.echo(f"FAIL  {r.filename}: {len(r.errors)} error(s), nothing written")
    keys = ("file", "location", "code", "found", "expected", "message", "fix")
    with language(lang):
        headers = table_headers()
        rows = [[p["file"], p["location"], p["code"] if p["severity"] == "error" else
                 f"{p['code']} ({severity_word(p['severity'])})", p["found"], p["expected"], p["message"], p["fix"]]
                for r in results for p in r.rows()]
    if rows:
        click.echo(format_table([headers[k] for k in keys], rows), err=True)
    if any(not r.ok for r in results):
        raise click.exceptions.Exit(1)


@click.command("export")
@click.option("--campaign", "campaign_id", required=True, help="Campaign id.")
@click.option("--establishment", "finess", help="FINESS ET: only this establishment.")
@click.option("--group", help="Name of a coordinator's peer group.")
@click.option("--lang", type=click.Choice(["fr", "en"]), default="fr", show_default=True)
@click.option("--sep", type=click.Choice([",", ";"]), default=",", show_default=True,
              help="CSV separator (';' for French Excel, with decimal commas).")
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path),
              help="FILE.xlsx for a workbook, or a folder for CSV files.")
def export_command(campaign_id: str, finess: str | None, group: str | None, lang: str, sep: str, output: Path) -> None:
    """Write the workbook (or the CSV files) of a campaign, an establishment or a peer group."""
    from exchange.workbook import export_csv, export_workbook
    from storage.scope import Scope

    if finess and group:
        raise click.UsageError("Give --establishment or --group, not both.")
    scope = Scope.national(actor="continuum export")
    engine = _engine()
    try:
        if output.suffix.lower() == ".xlsx":
            output.write_bytes(export_workbook(engine, scope, campaign_id, establishment=finess, group=group,
                                               lang=lang))
            click.echo(f"workbook: {output}")
        elif output.suffix:
            raise click.UsageError("The output is FILE.xlsx, or a folder for CSV files.")
        else:
            files = export_csv(engine, scope, campaign_id, output, establishment=finess, group=group, lang=lang,
                               sep=sep)
            click.echo(f"folder: {output}")
            click.echo(f"files: {len(files)}")
    finally:
        engine.dispose()


COMMANDS = [template_command, import_command, export_command]
