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


@pytest.mark.parametrize("package", CORE)
def test_package_docstring_names_what_it_must_not_import(package):
    """Each core package says in its docstring what it owns and names every package it must not import."""
    init = ROOT / package / "__init__.py"
    docstring = (ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or "").lower()
    assert "must not" in docstring or "never" in docstring, package
    assert [name for name in sorted(FORBIDDEN[package]) if name not in docstring] == [], package


def test_every_package_says_what_it_owns():
    """Sub-packages too (views/results, storage/demo…): an empty ``__init__`` tells a reader nothing."""
    inits = [p for p in ROOT.glob("*/**/__init__.py") if not p.relative_to(ROOT).parts[0].startswith((".", "tests"))]
    assert inits, "the scan found no package"
    undocumented = [str(p.relative_to(ROOT)) for p in inits
                    if len((ast.get_docstring(ast.parse(p.read_text(encoding="utf-8"))) or "").strip()) < 40]
    assert undocumented == []


def test_views_docstring_says_it_is_the_only_streamlit_package():
    docstring = ast.get_docstring(ast.parse((ROOT / "views" / "__init__.py").read_text(encoding="utf-8"))) or ""
    assert "only package" in docstring and "streamlit" in docstring.lower()
    assert "must not" in docstring


def test_app_only_builds_the_navigation():
    """app.py holds its docstring, imports and one call that runs the navigation: no page logic, no st.* call."""
    tree = ast.parse((ROOT / "app.py").read_text())
    body = [n for n in tree.body if not isinstance(n, (ast.Import, ast.ImportFrom))]
    docstrings = [n for n in body if isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant)]
    calls = [n for n in body if n not in docstrings]
    assert len(calls) == 1 and isinstance(calls[0], ast.Expr), ast.dump(tree)
    assert ast.unparse(calls[0]) == "build_navigation().run()"
    navigation = (ROOT / "views" / "navigation.py").read_text(encoding="utf-8")
    assert "st.navigation(" in navigation and "st.Page(" in navigation
