"""Continuum's entry point: it only builds the navigation. Run with ``streamlit run app.py``."""

from views.navigation import build_navigation

build_navigation().run()
