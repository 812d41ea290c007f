"""Streamlit views: thin pages over core calls (questionnaires, scoring, storage, exchange, charts).

This is the only package, with app.py, that imports streamlit. Pages must not
hold scoring, storage or validation logic; they call the core and show its results.
"""
