"""Reports own the feedback reports: per establishment and per region, assembled from the scoring engine's
results and storage reads, drawn with the ``charts`` builders (kaleido), laid out as tagged PDF/UA (WeasyPrint).

They must not import streamlit or views; the CLI (``continuum report``) and the reports page call ``reports.batch``.
"""
