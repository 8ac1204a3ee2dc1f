"""Failed logins and bad tokens are limited per client IP and per user name (429)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from lakeflow.accounts.models import Token

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_limit(settings):
    settings.LAKEFLOW_AUTH_FAILURE_LIMIT = 3


def test_bad_tokens_lock_out_the_ip_even_for_a_good_token(client, owner):
    for _ in range(3):
        assert client.get("/api/ui/auth/me", HTTP_AUTHORIZATION="Bearer dapiwrong").status_code == 401
    _, raw = Token.issue(owner)
    response = client.get("/api/ui/auth/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 429
    assert response.json()["error_code"] == "REQUEST_LIMIT_EXCEEDED"


def test_other_ips_are_not_affected(client, owner):
    for _ in range(3):
        client.get("/api/ui/auth/me", HTTP_AUTHORIZATION="Bearer dapiwrong", REMOTE_ADDR="10.0.0.1")
    _, raw = Token.issue(owner)
    assert (
        client.get("/api/ui/auth/me", HTTP_AUTHORIZATION=f"Bearer {raw}", REMOTE_ADDR="10.0.0.2").status_code
        == 200
    )


def login(username: str, password: str, ip: str):
    client = APIClient()
    return client.post(
        "/api/ui/auth/login", {"username": username, "password": password}, format="json", REMOTE_ADDR=ip
    )


def test_failed_logins_lock_out_the_user_name_across_ips(owner):
    for n in range(3):
        assert login("owner", "wrong", f"10.0.1.{n}").status_code == 401
    response = login("owner", "owner-password-1", "10.0.1.99")
    assert response.status_code == 429
    assert response.json()["error_code"] == "REQUEST_LIMIT_EXCEEDED"


def test_failed_logins_lock_out_the_ip_across_user_names(owner):
    for name in ("a", "b", "c"):
        assert login(name, "wrong", "10.0.2.1").status_code == 401
    assert login("owner", "owner-password-1", "10.0.2.1").status_code == 429


def test_a_successful_login_resets_the_user_counter(owner):
    login("owner", "wrong", "10.0.3.1")
    login("owner", "wrong", "10.0.3.2")
    assert login("owner", "owner-password-1", "10.0.3.3").status_code == 200
    login("owner", "wrong", "10.0.3.4")
    assert login("owner", "owner-password-1", "10.0.3.5").status_code == 200


def test_the_admin_login_is_limited_too(client, admin_user):
    for _ in range(3):
        client.post("/admin/login/", {"username": "admin", "password": "wrong"})
    client.post("/admin/login/", {"username": "admin", "password": "admin-password-1"})
    assert not client.session.get("_auth_user_id")


def test_bad_tokens_do_not_lock_the_ip_out_of_the_login(client, owner):
    for _ in range(3):
        client.get("/api/ui/auth/me", HTTP_AUTHORIZATION="Bearer dapiwrong")
    assert login("owner", "owner-password-1", "127.0.0.1").status_code == 200


def test_an_unreachable_cache_does_not_break_authentication(settings, owner, caplog):
    original = settings.CACHES
    # A Redis cache where nothing listens: the limiter fails open instead of failing every call.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
        }
    }
    try:
        _, raw = Token.issue(owner)
        client = APIClient()
        assert client.get("/api/ui/auth/me", HTTP_AUTHORIZATION="Bearer dapiwrong").status_code == 401
        assert client.get("/api/ui/auth/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
        assert "rate limiter skipped" in caplog.text
    finally:
        settings.CACHES = original
