"""How the CLI shows problems: a plain table on stderr, a non-zero exit, never a traceback."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence

import click

from continuum.problems import Problem, ProblemError


def format_table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    rows = [["" if v is None else str(v) for v in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in rows:
        for i, value in enumerate(row):
            widths[i] = max(widths[i], max((len(line) for line in value.splitlines()), default=0))
    line = "  ".join("-" * w for w in widths)
    out = ["  ".join(h.ljust(w) for h, w in zip(headers, widths)), line]
    for row in rows:
        out.append("  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip())
    return "\n".join(out)


def problem_table(problems: Iterable[Problem]) -> str:
    return format_table(
        ["severity", "code", "location", "message", "fix"],
        [[p.severity, p.code, p.location, p.message, p.fix] for p in problems],
    )


class CliError(click.ClickException):
    """A domain error the CLI reports as a table."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        super().__init__(f"{len(self.problems)} problem(s)")

    def show(self, file=None) -> None:
        click.echo(problem_table(self.problems), err=True)


def run_guarded(command: click.Command, argv: list[str]) -> int:
    """Run a click command; turn every failure into a message and an exit code."""
    try:
        code = command.main(args=argv, prog_name="continuum", standalone_mode=False)
    except ProblemError as exc:
        click.echo(problem_table(exc.problems), err=True)
        return 1
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return 1
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - last line of defence: never a traceback
        click.echo(
            format_table(["severity", "code", "location", "message", "fix"],
                         [["error", "internal", type(exc).__name__, str(exc) or repr(exc),
                           "This is a bug in Continuum; please report it with the command you ran."]]),
            err=True,
        )
        return 2
    return code if isinstance(code, int) else 0
