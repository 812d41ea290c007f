"""The core never imports Streamlit, and every package says what it owns and must not import."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORE = [p for p in ("continuum", "questionnaires", "scoring", "storage", "exchange", "charts", "accounts", "reports")
        if (ROOT / p / "__init__.py").exists()]
FORBIDDEN = {
    "continuum": {"streamlit", "views"},
    "questionnaires": {"streamlit", "views", "storage", "scoring"},
    "scoring": {"streamlit", "views", "storage"},
    "storage": {"streamlit", "views"},
    "exchange": {"streamlit", "views"},
    "charts": {"streamlit", "views", "storage"},
    "accounts": {"streamlit", "views"},
    "reports": {"streamlit", "views"},
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", CORE)
def test_core_package_never_imports_what_it_must_not(package):
    offenders = {}
    for path in (ROOT / package).rglob("*.py"):
        bad = _imports(path) & FORBIDDEN[package]
        if bad:
            offenders[str(path.relative_to(ROOT))] = sorted(bad)
    assert not offenders


@pytest.mark.parametrize("package", CORE + ["views"])
def test_package_docstring_says_what_it_owns(package):
    init = ROOT / package / "__init__.py"
    docstring = (ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or "").lower()
    assert "must not" in docstring or "never" in docstring, package


def test_app_only_builds_the_navigation():
    tree = ast.parse((ROOT / "app.py").read_text())
    statements = [n for n in tree.body if not isinstance(n, (ast.Import, ast.ImportFrom, ast.Expr))]
    assert statements == []
