"""Where the project's folders are, resolved from the project root, never the working directory."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
QUESTIONNAIRE_DIR = PROJECT_ROOT / "questionnaires"
SECRETS_FILE = PROJECT_ROOT / ".streamlit" / "secrets.toml"
