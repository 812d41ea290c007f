"""Settings, declared once: the environment first, then ``.streamlit/secrets.toml``.

The secrets file is read with ``tomllib``, so the CLI never imports Streamlit.
Every setting is documented in ``.streamlit/secrets.toml.example``.
"""

from __future__ import annotations

import os
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import Field
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from continuum.paths import DATA_DIR, SECRETS_FILE


def default_database_url() -> str:
    return f"sqlite:///{DATA_DIR / 'continuum.db'}"


class SecretsTomlSource(PydanticBaseSettingsSource):
    """Reads top-level ``CONTINUUM_*`` keys (or a ``[continuum]`` table) from secrets.toml."""

    def __init__(self, settings_cls: type[BaseSettings], path: Path):
        super().__init__(settings_cls)
        self.values: dict[str, Any] = {}
        if path.is_file():
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            table = data.get("continuum", {}) if isinstance(data.get("continuum"), dict) else {}
            for key, value in {**data, **table}.items():
                name = key.lower().removeprefix("continuum_")
                if name in settings_cls.model_fields:
                    self.values[name] = value

    def get_field_value(self, field, field_name):  # pragma: no cover - required by the ABC
        return self.values.get(field_name), field_name, False

    def __call__(self) -> dict[str, Any]:
        return dict(self.values)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CONTINUUM_", extra="ignore")

    database_url: str = Field(
        default_factory=default_database_url,
        description="SQLAlchemy URL of the database. Default: a SQLite file in the project's data/ folder.",
    )
    test_postgres_url: str | None = Field(
        default=None,
        description="PostgreSQL server for the tests; each test creates and drops its own schema there.",
    )
    demo_on_first_start: bool = Field(
        default=True,
        description="Fill an empty SQLite database with the demo campaign on first start (never PostgreSQL).",
    )
    default_language: str = Field(default="fr", description="Interface language when none is chosen: fr or en.")
    cookie_secret: str | None = Field(
        default=None,
        description="Secret shared by every app process of a deployment (sessions, OIDC). Never commit it.",
    )
    oidc_provider: str | None = Field(
        default=None,
        description="Name of the [auth.NAME] table of secrets.toml that configures the regional identity "
        "provider (OpenID Connect, through st.login). Unset: local accounts only.",
    )
    oidc_label: str = Field(
        default="", description="Provider name on the button 'Se connecter avec …'. Default: the table name."
    )
    session_timeout_minutes: int = Field(default=120, description="Idle time after which a sign-in expires.")
    upload_max_mb: int = Field(default=10, description="Largest accepted upload (questionnaires, Excel imports).")
    personal_data_retention_days: int = Field(
        default=730, description="How long personal data of inactive accounts and participants is kept."
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        secrets_path = Path(os.environ.get("CONTINUUM_SECRETS_FILE", SECRETS_FILE))
        return (init_settings, env_settings, SecretsTomlSource(settings_cls, secrets_path))


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
