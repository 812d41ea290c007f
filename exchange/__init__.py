"""Exchange owns spreadsheets: the xlsx/csv export, the offline Excel template and its all-or-nothing import.

It must not import streamlit or views: every function takes data (or an engine and a scope) and returns bytes or a report.
"""
