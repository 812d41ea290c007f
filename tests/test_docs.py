"""The README documents every command, and CI runs exactly the README's test command."""

import re
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


def test_readme_first_screen_shows_exactly_the_two_commands():
    """Before the first section, a fresh clone sees two commands and nothing else to type."""
    lines = README.splitlines()
    first_section = next(i for i, line in enumerate(lines) if line.startswith("## "))
    assert first_section <= 40, "the two commands must fit on the first screen"
    first_screen = "\n".join(lines[:first_section])
    blocks = re.findall(r"^```[a-z]*\n(.*?)^```", first_screen, flags=re.M | re.S)
    assert [block.strip() for block in blocks] == ["make run", "make test"]


def test_the_makefile_targets_of_the_two_commands_exist():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^run:", makefile, re.M) and re.search(r"^test:", makefile, re.M)
    assert "streamlit run app.py" in makefile and "pytest" in makefile


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "\nmake test\n" in ci
    assert "make test" in README.splitlines()
