"""The ``continuum`` command: one thin click command per core call.

Domain errors become an error table on stderr and a non-zero exit; no traceback
ever reaches the user. Commands live in one module per area and are registered here.
"""

from __future__ import annotations

import sys

import click

from continuum.cli.output import run_guarded


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="continuum")
def cli() -> None:
    """Continuum: patient and user engagement self-assessment (Montreal model)."""


def _register() -> None:
    """Import each area's commands; an area not yet built is simply absent."""
    import importlib

    for module in ("questionnaire", "db", "demo", "score", "admin", "invite", "exchange", "report", "backup"):
        try:
            mod = importlib.import_module(f"continuum.cli.{module}")
        except ModuleNotFoundError as exc:
            if exc.name == f"continuum.cli.{module}":
                continue
            raise
        for command in getattr(mod, "COMMANDS", []):
            cli.add_command(command)


_register()


def main(argv: list[str] | None = None) -> int:
    return run_guarded(cli, argv if argv is not None else sys.argv[1:])
