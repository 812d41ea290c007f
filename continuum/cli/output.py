"""How the CLI shows problems: a plain table on stderr, a non-zero exit, never a traceback."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence

import click

from continuum.i18n import LANGUAGES, normalise_language, t
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


_COLUMNS = ("severity", "code", "location", "message", "fix")


def problem_table(problems: Iterable[Problem], lang: str = "en") -> str:
    """The problems as a table; ``lang`` words the headers and severities (codes stay as they are)."""
    return format_table(
        [t(f"cli.table.{column}", lang) for column in _COLUMNS],
        [[t(f"cli.severity.{p.severity}", lang), p.code, p.location, p.message, p.fix] for p in problems],
    )


def language_option(command):
    """``--lang fr|en``; without it, the CONTINUUM_DEFAULT_LANGUAGE setting (French by default)."""
    return click.option("--lang", type=click.Choice(LANGUAGES), default=None,
                        help="Language of the messages. Default: the CONTINUUM_DEFAULT_LANGUAGE setting (fr).")(command)


def chosen_language(lang: str | None) -> str:
    if lang:
        return lang
    from continuum.settings import get_settings

    return normalise_language(get_settings().default_language)


class CliError(click.ClickException):
    """A domain error the CLI reports as a table."""

    def __init__(self, problems: Iterable[Problem], lang: str = "en"):
        self.problems = list(problems)
        self.lang = lang
        super().__init__(f"{len(self.problems)} problem(s)")

    def show(self, file=None) -> None:
        click.echo(problem_table(self.problems, self.lang), err=True)


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
        try:
            lang = chosen_language(None)
        except Exception:  # noqa: BLE001 - unreadable settings: the message still reaches the user
            lang = "en"
        unavailable = database_problem(exc, lang)
        if unavailable is not None:
            click.echo(problem_table([unavailable], lang), err=True)
            return 1
        click.echo(
            format_table(["severity", "code", "location", "message", "fix"],
                         [["error", "internal", type(exc).__name__, str(exc) or repr(exc),
                           "This is a bug in Continuum; please report it with the command you ran."]]),
            err=True,
        )
        return 2
    return code if isinstance(code, int) else 0


def database_problem(exc: Exception, lang: str = "en") -> Problem | None:
    """A database that does not answer is a setting to check, not a bug in Continuum."""
    try:
        from sqlalchemy.exc import InterfaceError, OperationalError, ProgrammingError
    except ImportError:  # pragma: no cover - sqlalchemy is a runtime dependency
        return None
    if not isinstance(exc, (OperationalError, InterfaceError, ProgrammingError)):
        return None
    detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
    # It answers, but its tables are missing: a database that was never migrated (SQLite, PostgreSQL wording).
    not_migrated = "no such table" in detail or ("relation" in detail and "does not exist" in detail)
    if isinstance(exc, ProgrammingError) and not not_migrated:
        return None  # any other bad statement is a bug, reported as such
    from continuum.settings import get_settings

    try:
        from sqlalchemy.engine import make_url

        where = make_url(get_settings().database_url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - an unparsable URL is reported as it is
        where = "CONTINUUM_DATABASE_URL"
    return Problem(code="database-unavailable", location=where, found=detail,
                   message=t("cli.database.not_migrated" if not_migrated else "cli.database.unavailable", lang,
                             detail=detail),
                   fix=t("cli.database.not_migrated_fix" if not_migrated else "cli.database.unavailable_fix", lang))
