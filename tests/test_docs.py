"""The README documents every command, and CI runs exactly the README's test command."""

from pathlib import Path

import click

from continuum.cli import cli

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _command_paths(group: click.Group, prefix: str = "continuum"):
    for name, command in group.commands.items():
        path = f"{prefix} {name}"
        if isinstance(command, click.Group):
            yield from _command_paths(command, path)
        else:
            yield path


def test_every_cli_command_is_in_the_readme():
    missing = [path for path in _command_paths(cli) if f"`{path}" not in README]
    assert not missing, f"commands not documented in README.md: {missing}"


def test_readme_first_screen_shows_the_two_commands():
    first_screen = "\n".join(README.splitlines()[:40])
    assert "make run" in first_screen
    assert "make test" in first_screen


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "\nmake test\n" in ci
    assert "make test" in README.splitlines()
