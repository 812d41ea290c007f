"""Plotly figure builders over core results, shared by the pages and the PDF reports.

Figures take plain DataFrames and labels; this package must not import streamlit, views or storage.
"""
