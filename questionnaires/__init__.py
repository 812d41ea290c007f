"""Questionnaires own the YAML format: model, loader with line marks, error catalogue (fr/en), conditions, schema.

They must not import streamlit, views, storage or scoring; everything here takes data and returns a result.
"""

from questionnaires.loader import (
    ValidationResult,
    load_directory,
    load_questionnaire,
    load_questionnaire_text,
    validate_questionnaire,
    validate_questionnaire_text,
)
from questionnaires.model import Questionnaire

__all__ = [
    "Questionnaire",
    "ValidationResult",
    "load_directory",
    "load_questionnaire",
    "load_questionnaire_text",
    "validate_questionnaire",
    "validate_questionnaire_text",
]
