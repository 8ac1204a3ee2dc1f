"""Settings: the embedded default with no environment, production from the environment, and
`manage.py check --deploy` clean with production settings."""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DATABASE_URL": "postgres://lakeflow:secret@db.internal:5432/lakeflow",
    "CELERY_BROKER_URL": "redis://redis.internal:6379/1",
    "REDIS_URL": "redis://redis.internal:6379/2",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "lakeflow.example.com",
    "DEBUG": "false",
    "LAKEFLOW_SECURE": "true",
}
_SETTINGS_VARS = (
    *PRODUCTION_ENV,
    "LAKEFLOW_HOME",
    "LAKEFLOW_URL",
    "CSRF_TRUSTED_ORIGINS",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "LAKEFLOW_REDIS_KEY_PREFIX",
)


def _clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _SETTINGS_VARS and not k.startswith("DJANGO_")}
    env["DJANGO_SETTINGS_MODULE"] = "lakeflow.settings"
    env["PYTHONPATH"] = str(ROOT)
    return {**env, **extra}


def _settings_in_child(cwd: Path, **env: str) -> dict:
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'home': str(s.LAKEFLOW_HOME), 'db': s.DATABASES['default']['ENGINE'], "
        "'broker': s.CELERY_BROKER_URL, 'layer': s.CHANNEL_LAYERS['default']['BACKEND'], "
        "'debug': s.DEBUG, 'cookie_secure': s.SESSION_COOKIE_SECURE, "
        "'cache': s.CACHES['default']['BACKEND'], 'db_name': str(s.DATABASES['default']['NAME']), "
        "'db_options': s.DATABASES['default'].get('OPTIONS', {}), "
        "'prefixes': [s.CELERY_BROKER_TRANSPORT_OPTIONS.get('global_keyprefix'), "
        "s.CHANNEL_LAYERS['default'].get('CONFIG', {}).get('prefix'), "
        "s.CACHES['default'].get('KEY_PREFIX')]}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=cwd,
        env=_clean_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_with_no_environment_everything_is_embedded_under_dot_lakeflow_in_the_working_directory(tmp_path):
    found = _settings_in_child(tmp_path)
    assert found["home"] == str((tmp_path / ".lakeflow").resolve())
    assert (tmp_path / ".lakeflow" / "secret_key").is_file()
    assert found["db"] == "django.db.backends.sqlite3"
    assert found["broker"] == "memory://"
    assert found["layer"] == "channels.layers.InMemoryChannelLayer"
    assert found["debug"] is False and found["cookie_secure"] is False


def test_a_sqlite_database_url_keeps_the_embedded_databases_wal_and_immediate_transactions(tmp_path):
    found = _settings_in_child(tmp_path, DATABASE_URL=f"sqlite:///{tmp_path}/elsewhere.sqlite3")
    assert found["db"] == "django.db.backends.sqlite3"
    assert found["db_name"] == f"{tmp_path}/elsewhere.sqlite3"
    assert found["db_options"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in found["db_options"]["init_command"]


def test_one_redis_key_prefix_keeps_broker_channel_layer_and_cache_of_an_installation_apart(tmp_path):
    found = _settings_in_child(tmp_path, **PRODUCTION_ENV, LAKEFLOW_REDIS_KEY_PREFIX="team-a:")
    assert found["prefixes"] == ["team-a:", "team-a:asgi", "team-a:"]


def test_production_settings_come_from_the_environment(tmp_path):
    found = _settings_in_child(tmp_path, LAKEFLOW_HOME=str(tmp_path / "home"), **PRODUCTION_ENV)
    assert found["home"] == str(tmp_path / "home")
    assert found["db"] == "django.db.backends.postgresql"
    assert found["broker"] == PRODUCTION_ENV["CELERY_BROKER_URL"]
    assert found["layer"] == "channels_redis.core.RedisChannelLayer"
    assert found["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert found["cookie_secure"] is True


@pytest.mark.slow
def test_check_deploy_reports_nothing_with_production_settings(tmp_path):
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "check", "--deploy", "--fail-level", "WARNING"],
        cwd=tmp_path,
        env=_clean_env(LAKEFLOW_HOME=str(tmp_path / "home"), **PRODUCTION_ENV),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == "System check identified no issues (0 silenced)."


def test_the_embedded_default_runs_sqlite_in_wal_mode(tmp_path):
    """Checked in a child process on the embedded default, whatever database this suite runs on."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(LAKEFLOW_HOME=str(tmp_path), DJANGO_SETTINGS_MODULE="lakeflow.settings")
    code = (
        "import django; django.setup()\n"
        "from django.db import connection\n"
        "with connection.cursor() as c:\n"
        "    c.execute('PRAGMA journal_mode'); print(connection.vendor, c.fetchone()[0])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["sqlite", "wal"]


def test_the_readme_documents_every_environment_variable():
    names = set(
        re.findall(
            r"env_(?:str|bool|int|list)\(\s*\"([A-Z0-9_]+)\"", (ROOT / "lakeflow" / "settings.py").read_text()
        )
    )
    readme = (ROOT / "README.md").read_text()
    assert names, "no env_* calls found in settings.py"
    assert sorted(name for name in names if f"`{name}`" not in readme) == []
