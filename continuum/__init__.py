"""Continuum's shared kernel: settings, reference data, problems, i18n and the CLI.

Everything here is plain Python. It must not import Streamlit; the CLI imports
the core packages, never the views.
"""

__version__ = "0.1.0"
