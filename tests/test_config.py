"""Production refuses settings that are only safe on a laptop; APP_ENV picks the class."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app import create_app
from config import (DEVELOPMENT_SECRET_KEY, Config, ProductionConfig, UnsafeConfigurationError,
                    config_for_environment)

ROOT = Path(__file__).resolve().parent.parent
GOOD_KEY = "f" * 64


def _start_wsgi(tmp_path, **env):
    """Import wsgi.py in a fresh interpreter with only these variables set."""
    base = {k: v for k, v in os.environ.items()
            if k not in ("APP_ENV", "SECRET_KEY", "DATABASE_URL", "REDIS_URL")}
    base.update({"UPLOAD_DIR": str(tmp_path / "uploads"), **env})
    return subprocess.run([sys.executable, "-c", "import wsgi"], cwd=ROOT, env=base,
                          capture_output=True, text=True, timeout=60)


def test_production_refuses_to_start_without_database_url(tmp_path):
    result = _start_wsgi(tmp_path, APP_ENV="production", SECRET_KEY=GOOD_KEY)
    assert result.returncode != 0
    assert "UnsafeConfigurationError" in result.stderr
    assert "falta la variable DATABASE_URL" in result.stderr
    assert "SECRET_KEY" not in result.stderr.split("UnsafeConfigurationError")[-1]


def test_production_refuses_to_start_with_the_development_secret_key(tmp_path):
    result = _start_wsgi(tmp_path, APP_ENV="production",
                         DATABASE_URL=f"sqlite:///{tmp_path / 'x.db'}")
    assert result.returncode != 0
    assert "la variable SECRET_KEY falta o tiene la clave de desarrollo" in result.stderr
    result = _start_wsgi(tmp_path, APP_ENV="production", SECRET_KEY=DEVELOPMENT_SECRET_KEY,
                         DATABASE_URL=f"sqlite:///{tmp_path / 'x.db'}")
    assert "la variable SECRET_KEY falta o tiene la clave de desarrollo" in result.stderr


def test_production_starts_with_both_variables_set(tmp_path):
    result = _start_wsgi(tmp_path, APP_ENV="production", SECRET_KEY=GOOD_KEY,
                         DATABASE_URL=f"sqlite:///{tmp_path / 'x.db'}")
    assert result.returncode == 0, result.stderr


def test_development_still_starts_on_the_defaults(tmp_path):
    assert _start_wsgi(tmp_path).returncode == 0


def test_create_app_checks_a_production_class_too(tmp_path):
    config = type("Unsafe", (ProductionConfig,), {
        "SQLALCHEMY_DATABASE_URI": None, "SECRET_KEY": DEVELOPMENT_SECRET_KEY,
        "UPLOAD_DIR": str(tmp_path)})
    with pytest.raises(UnsafeConfigurationError, match="DATABASE_URL.*SECRET_KEY"):
        create_app(config)


@pytest.mark.parametrize("value,expected", [
    ("production", ProductionConfig), (" Production ", ProductionConfig),
    ("", Config), ("development", Config),
])
def test_app_env_chooses_the_configuration(monkeypatch, value, expected):
    monkeypatch.setenv("APP_ENV", value)
    assert config_for_environment() is expected


def test_a_misspelt_app_env_is_refused_rather_than_run_as_development(monkeypatch):
    monkeypatch.setenv("APP_ENV", "produccion")
    with pytest.raises(UnsafeConfigurationError, match="APP_ENV='produccion'"):
        config_for_environment()


def test_production_hides_bound_parameters_from_database_errors():
    assert ProductionConfig.SQLALCHEMY_ENGINE_OPTIONS["hide_parameters"] is True
    assert "hide_parameters" not in Config.SQLALCHEMY_ENGINE_OPTIONS


def test_postgresql_connections_run_without_jit_and_keep_the_engine_options(app):
    from sqlalchemy import text

    from app.extensions import db

    options = app.config["SQLALCHEMY_ENGINE_OPTIONS"]
    assert options["pool_pre_ping"] is True
    assert Config.SQLALCHEMY_ENGINE_OPTIONS == {"pool_pre_ping": True}  # not changed in place
    if db.engine.dialect.name != "postgresql":
        assert "connect_args" not in options  # SQLite takes no libpq options
        return
    assert options["connect_args"]["connect_timeout"] == 5
    assert db.session.scalar(text("SHOW jit")) == "off"
    assert db.session.scalar(text("SHOW work_mem")) == "32MB"
