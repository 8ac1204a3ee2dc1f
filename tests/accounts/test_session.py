"""The browser app's session API: CSRF cookie, login, me, logout; CSRF enforced on writes."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser() -> APIClient:
    return APIClient(enforce_csrf_checks=True)


def csrf(client: APIClient) -> str:
    response = client.get("/api/ui/auth/csrf")
    assert response.status_code == 200
    assert response.cookies["csrftoken"].value
    return client.cookies["csrftoken"].value


def log_in(client: APIClient, username: str = "owner", password: str = "owner-password-1"):  # noqa: S107
    token = csrf(client)
    return client.post(
        "/api/ui/auth/login",
        {"username": username, "password": password},
        format="json",
        HTTP_X_CSRFTOKEN=token,
    )


def test_login_sets_a_session_and_me_answers(browser, owner):
    response = log_in(browser)
    assert response.status_code == 200
    assert response.json()["user_name"] == "owner"
    me = browser.get("/api/ui/auth/me").json()
    assert me == {
        "id": owner.pk,
        "user_name": "owner",
        "email": "owner@example.com",
        "display_name": "owner",
        "is_admin": False,
    }


def test_me_says_whether_the_user_is_an_admin(browser, admin_user):
    log_in(browser, "admin", "admin-password-1")
    assert browser.get("/api/ui/auth/me").json()["is_admin"] is True


def test_login_without_the_csrf_token_is_refused(browser, owner):
    csrf(browser)
    response = browser.post(
        "/api/ui/auth/login", {"username": "owner", "password": "owner-password-1"}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["error_code"] == "PERMISSION_DENIED"
    assert browser.get("/api/ui/auth/me").status_code == 401


def test_login_with_a_wrong_password_is_401(browser, owner):
    response = log_in(browser, password="wrong")
    assert response.status_code == 401
    assert response.json() == {"error_code": "UNAUTHENTICATED", "message": "Invalid user name or password."}


@pytest.mark.parametrize(
    "body", [{}, {"username": "owner"}, {"password": "x"}, {"username": 3, "password": "x"}]
)
def test_login_with_missing_fields_is_400(browser, body):
    response = browser.post("/api/ui/auth/login", body, format="json", HTTP_X_CSRFTOKEN=csrf(browser))
    assert response.status_code == 400


def test_session_writes_need_the_csrf_token(browser, owner):
    log_in(browser)
    without = browser.post("/api/2.0/token/create", {}, format="json")
    assert without.status_code == 403
    assert "CSRF" in without.json()["message"]
    token = browser.cookies["csrftoken"].value
    with_token = browser.post("/api/2.0/token/create", {}, format="json", HTTP_X_CSRFTOKEN=token)
    assert with_token.status_code == 200


def test_logout_ends_the_session(browser, owner):
    log_in(browser)
    token = browser.cookies["csrftoken"].value
    assert browser.post("/api/ui/auth/logout", HTTP_X_CSRFTOKEN=token).status_code == 200
    assert browser.get("/api/ui/auth/me").status_code == 401


def test_django_admin_login_works(client, admin_user):
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "admin", "password": "admin-password-1"}, follow=True
    )
    assert response.status_code == 200
    assert response.wsgi_request.user.is_authenticated
