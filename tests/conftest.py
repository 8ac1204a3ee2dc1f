"""Shared fixtures: a private LAKEFLOW_HOME per test, three personas (owner, member, outsider) plus
an admin, API clients authenticated by personal access token, the official Databricks SDK
pointed at a live server, and the external services (PostgreSQL, Redis, RabbitMQ).
"""

from __future__ import annotations

import os
import socket

import pytest
from rest_framework.test import APIClient

from lakeflow.accounts.models import Token

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
DB_FIXTURES = {
    "db",
    "transactional_db",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
    "live_server",
}


def pytest_collection_modifyitems(config, items):
    """LAKEFLOW_DB_TESTS_ONLY=1 (the PostgreSQL pass of `make test`) keeps only the tests that
    touch the database: the pure-logic ones already ran in the SQLite pass and would only repeat."""
    if os.environ.get("LAKEFLOW_DB_TESTS_ONLY") != "1":
        return
    keep, drop = [], []
    for item in items:
        uses_db = item.get_closest_marker("django_db") or DB_FIXTURES & set(item.fixturenames)
        (keep if uses_db else drop).append(item)
    config.hook.pytest_deselected(items=drop)
    items[:] = keep


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Before the test database is dropped: stop the statements and pipeline updates still running
    on threads of this process (a cancelled DuckDB query is still unwinding for a moment), and, on
    PostgreSQL, end the sessions that threads (worker pools, server threads) still hold, otherwise
    DROP DATABASE fails and every test run leaves a database behind on the server."""
    yield
    from django.db import connection

    from lakeflow import liveness

    liveness.drain()
    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture(autouse=True)
def lakeflow_home(tmp_path, settings):
    """Every test gets its own LAKEFLOW_HOME (workspace files, logs, warehouses)."""
    home = tmp_path / "lakeflow-home"
    home.mkdir()
    settings.LAKEFLOW_HOME = home
    return home


@pytest.fixture(autouse=True)
def fresh_cache():
    """The cache holds failed-login counters: one test's bad tokens must not lock out the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def _user(django_user_model, name: str, *, admin: bool = False):
    return django_user_model.objects.create_user(
        username=name,
        email=f"{name}@example.com",
        password=f"{name}-password-1",
        is_staff=admin,
        is_superuser=admin,
    )


@pytest.fixture
def admin_user(db, django_user_model):
    return _user(django_user_model, "admin", admin=True)


@pytest.fixture
def owner(db, django_user_model):
    return _user(django_user_model, "owner")


@pytest.fixture
def member(db, django_user_model):
    return _user(django_user_model, "member")


@pytest.fixture
def outsider(db, django_user_model):
    return _user(django_user_model, "outsider")


def token_for(user) -> str:
    _, raw = Token.issue(user, comment="test")
    return raw


@pytest.fixture
def client_for():
    """client_for(user) -> an APIClient sending `Authorization: Bearer <a fresh token>`."""

    def make(user) -> APIClient:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_for(user)}")
        return client

    return make


@pytest.fixture
def api(client_for, owner) -> APIClient:
    """The owner persona's API client: the one most tests act as."""
    return client_for(owner)


@pytest.fixture
def sdk_for(live_server):
    """sdk_for(user) -> the official databricks-sdk WorkspaceClient against a live Lakeflow."""
    from databricks.sdk import WorkspaceClient

    def make(user) -> WorkspaceClient:
        return WorkspaceClient(host=live_server.url, token=token_for(user), auth_type="pat")

    return make


@pytest.fixture
def sdk(sdk_for, owner):
    return sdk_for(owner)


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def require_service(name: str, host: str, port: int) -> None:
    """Skip a test whose server is down on a developer machine; in CI that is a failure."""
    if _reachable(host, port):
        return
    unavailable(f"{name} is not reachable at {host}:{port}", "CI must start it: see .ci/run")


def unavailable(message: str, ci_hint: str) -> None:
    """Something a test needs is missing: a skip on a developer machine, a failure in CI (where
    .ci/run installs and starts everything, so nothing may skip)."""
    if not IN_CI:
        pytest.skip(message)
    pytest.fail(f"{message} ({ci_hint})")


@pytest.fixture
def postgres_url() -> str:
    require_service("PostgreSQL", "127.0.0.1", 5432)
    return os.environ.get("LAKEFLOW_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test")


@pytest.fixture
def redis_url() -> str:
    require_service("Redis", "127.0.0.1", 6379)
    return os.environ.get("LAKEFLOW_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
def rabbitmq_url() -> str:
    require_service("RabbitMQ", "127.0.0.1", 5672)
    return os.environ.get("LAKEFLOW_TEST_RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672//")
