"""Settings come from the environment first, then .streamlit/secrets.toml; the default DB sits in data/."""

from continuum.paths import PROJECT_ROOT
from continuum.settings import Settings


def test_default_database_is_sqlite_in_the_project_data_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("CONTINUUM_DATABASE_URL", raising=False)
    monkeypatch.setenv("CONTINUUM_SECRETS_FILE", str(tmp_path / "none.toml"))
    monkeypatch.chdir(tmp_path)  # the working directory must not matter
    assert Settings().database_url == f"sqlite:///{PROJECT_ROOT / 'data' / 'continuum.db'}"


def test_secrets_file_is_read_when_the_environment_is_silent(monkeypatch, tmp_path):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('CONTINUUM_DATABASE_URL = "sqlite:///from-secrets.db"\nCONTINUUM_UPLOAD_MAX_MB = 3\n')
    monkeypatch.setenv("CONTINUUM_SECRETS_FILE", str(secrets))
    monkeypatch.delenv("CONTINUUM_DATABASE_URL", raising=False)
    settings = Settings()
    assert settings.database_url == "sqlite:///from-secrets.db"
    assert settings.upload_max_mb == 3


def test_environment_wins_over_secrets(monkeypatch, tmp_path):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('[continuum]\ndatabase_url = "sqlite:///from-secrets.db"\n')
    monkeypatch.setenv("CONTINUUM_SECRETS_FILE", str(secrets))
    monkeypatch.setenv("CONTINUUM_DATABASE_URL", "sqlite:///from-env.db")
    assert Settings().database_url == "sqlite:///from-env.db"


def test_every_setting_is_documented_in_the_example_secrets():
    example = (PROJECT_ROOT / ".streamlit" / "secrets.toml.example").read_text()
    for name in Settings.model_fields:
        assert f"CONTINUUM_{name.upper()}" in example, name


def test_streamlit_config_hides_tracebacks_and_keeps_xsrf():
    import tomllib

    config = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text())
    assert config["client"]["showErrorDetails"] == "none"
    assert config["client"]["toolbarMode"] == "minimal"
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["maxUploadSize"] == Settings.model_fields["upload_max_mb"].default


def test_no_secrets_file_is_committed_and_the_example_holds_no_secret():
    import subprocess
    import tomllib

    assert ".streamlit/secrets.toml" in (PROJECT_ROOT / ".gitignore").read_text().splitlines()
    tracked = subprocess.run(["git", "ls-files", ".streamlit"], cwd=PROJECT_ROOT, capture_output=True, text=True)
    if tracked.returncode == 0:  # a git checkout (CI's clone is one)
        assert ".streamlit/secrets.toml" not in tracked.stdout.split()
    example = (PROJECT_ROOT / ".streamlit" / "secrets.toml.example").read_text()
    assert tomllib.loads(example) == {}, "every line of the example is a comment: nothing is set by copying it"


def test_upload_limit_matches_the_import_limit():
    """Streamlit's upload limit, the setting's default and the Excel import gate accept the same size."""
    import tomllib

    from exchange.gate import Limits

    config = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] * 1024 * 1024 == Limits().max_bytes
    assert Settings.model_fields["upload_max_mb"].default * 1024 * 1024 == Limits().max_bytes


def test_settings_ignore_the_working_directory_secrets(monkeypatch, tmp_path):
    """A .streamlit/secrets.toml in the folder the CLI is run from is not read: only the project's one."""
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text('CONTINUUM_DATABASE_URL = "sqlite:///cwd.db"\n')
    monkeypatch.delenv("CONTINUUM_DATABASE_URL", raising=False)
    monkeypatch.delenv("CONTINUUM_SECRETS_FILE", raising=False)
    monkeypatch.chdir(tmp_path)
    assert Settings().database_url != "sqlite:///cwd.db"
