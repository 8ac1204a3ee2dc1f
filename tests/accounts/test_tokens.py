"""Personal access tokens: hashed at rest, expiring, revocable; the Databricks Token API."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from lakeflow.accounts.models import Token, hash_token

pytestmark = pytest.mark.django_db


def bearer(raw: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def test_the_raw_token_is_never_stored(owner):
    token, raw = Token.issue(owner)
    stored = Token.objects.filter(pk=token.pk).values().get()
    assert raw not in [str(value) for value in stored.values()]
    assert token.token_hash == hash_token(raw)
    assert raw.startswith("dapi") and token.token_prefix == raw[:10]


def test_a_valid_token_authenticates(owner):
    _, raw = Token.issue(owner)
    response = bearer(raw).get("/api/ui/auth/me")
    assert response.status_code == 200
    assert response.json()["user_name"] == "owner"


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda t: Token.objects.filter(pk=t.pk).update(revoked_at=timezone.now()), id="revoked"),
        pytest.param(
            lambda t: Token.objects.filter(pk=t.pk).update(expires_at=timezone.now() - timedelta(seconds=1)),
            id="expired",
        ),
        pytest.param(
            lambda t: type(t.user).objects.filter(pk=t.user.pk).update(is_active=False), id="user-inactive"
        ),
    ],
)
def test_an_unusable_token_is_refused_with_401(owner, spoil):
    token, raw = Token.issue(owner)
    spoil(token)
    response = bearer(raw).get("/api/ui/auth/me")
    assert response.status_code == 401
    assert response.json() == {"error_code": "UNAUTHENTICATED", "message": "Invalid access token."}


def test_a_token_with_a_lifetime_expires_then(owner):
    token, _ = Token.issue(owner, lifetime=timedelta(days=2))
    assert timedelta(days=2) - timedelta(seconds=5) < token.expires_at - timezone.now() <= timedelta(days=2)
    assert token.is_active


@pytest.mark.parametrize(
    "header", ["", "Bearer", "Bearer ", "Bearer dapi-not-a-token", "Basic dXNlcjpwYXNz", "Token abc"]
)
def test_requests_without_valid_credentials_get_401(client, header):
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    response = client.get("/api/2.0/token/list", **extra)
    assert response.status_code == 401
    assert response.json()["error_code"] == "UNAUTHENTICATED"
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("path", ["/api/2.0/token/list", "/api/ui/auth/me", "/api/2.0/no-such-endpoint"])
def test_every_api_path_needs_credentials(client, path):
    assert client.get(path).status_code == 401


def test_an_unknown_api_path_is_endpoint_not_found_once_authenticated(api):
    response = api.post("/api/2.0/no-such-endpoint", {}, format="json")
    assert response.status_code == 404
    assert response.json()["error_code"] == "ENDPOINT_NOT_FOUND"


def test_token_create_returns_the_value_once_and_it_works(api):
    response = api.post("/api/2.0/token/create", {"comment": "ci", "lifetime_seconds": 3600}, format="json")
    assert response.status_code == 200
    body = response.json()
    info = body["token_info"]
    assert info["comment"] == "ci"
    assert info["expiry_time"] - info["creation_time"] == 3600 * 1000
    assert bearer(body["token_value"]).get("/api/ui/auth/me").json()["user_name"] == "owner"
    listed = api.get("/api/2.0/token/list").json()["token_infos"]
    assert info in listed
    assert all("token_value" not in item for item in listed)


def test_token_create_without_lifetime_never_expires(api):
    info = api.post("/api/2.0/token/create", {}, format="json").json()["token_info"]
    assert info["expiry_time"] == -1


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"lifetime_seconds": "soon"}, "MALFORMED_REQUEST"),
        ({"comment": 7}, "MALFORMED_REQUEST"),
        ({"comment": "x" * 256}, "INVALID_PARAMETER_VALUE"),
        ({"lifetime_seconds": 10**20}, "INVALID_PARAMETER_VALUE"),
    ],
)
def test_token_create_rejects_bad_fields(api, body, code):
    response = api.post("/api/2.0/token/create", body, format="json")
    assert response.status_code == 400
    assert response.json()["error_code"] == code
    assert Token.objects.filter(comment="x" * 256).count() == 0


def test_token_list_shows_only_the_callers_tokens(api, client_for, member):
    client_for(member)  # issues a token for member
    infos = api.get("/api/2.0/token/list").json()["token_infos"]
    owners = {Token.objects.get(pk=int(info["token_id"])).user.username for info in infos}
    assert owners == {"owner"}


def test_token_delete_revokes_it(api, owner):
    token, raw = Token.issue(owner, comment="old")
    response = api.post("/api/2.0/token/delete", {"token_id": str(token.pk)}, format="json")
    assert response.status_code == 200
    assert bearer(raw).get("/api/ui/auth/me").status_code == 401
    assert str(token.pk) not in [i["token_id"] for i in api.get("/api/2.0/token/list").json()["token_infos"]]


@pytest.mark.parametrize("token_id", ["999999", "abc"])
def test_token_delete_of_an_unknown_token_is_404(api, token_id):
    response = api.post("/api/2.0/token/delete", {"token_id": token_id}, format="json")
    assert response.status_code in (400, 404)
    assert response.json()["error_code"] in ("RESOURCE_DOES_NOT_EXIST", "INVALID_PARAMETER_VALUE")


def test_a_user_cannot_delete_someone_elses_token(api, member):
    token, _ = Token.issue(member)
    response = api.post("/api/2.0/token/delete", {"token_id": str(token.pk)}, format="json")
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_task_run_token_cannot_mint_personal_tokens(owner):
    _, raw = Token.issue(owner, task_run_id=42)
    response = bearer(raw).post("/api/2.0/token/create", {}, format="json")
    assert response.status_code == 403
    assert response.json()["error_code"] == "PERMISSION_DENIED"


def test_the_sdk_creates_lists_and_deletes_tokens(sdk):
    created = sdk.tokens.create(comment="from-sdk", lifetime_seconds=600)
    assert created.token_value.startswith("dapi")
    ids = [info.token_id for info in sdk.tokens.list()]
    assert created.token_info.token_id in ids
    sdk.tokens.delete(created.token_info.token_id)
    assert created.token_info.token_id not in [info.token_id for info in sdk.tokens.list()]


def test_the_sdk_host_metadata_probe_gets_json(client, sdk_for, owner, caplog):
    assert client.get("/.well-known/databricks-config").json() == {"oidc_endpoint": ""}
    with caplog.at_level("DEBUG", logger="databricks.sdk"):
        sdk_for(owner).tokens.list()
    assert "well-known/databricks-config" in caplog.text  # the probe was made...
    assert "Failed to automatically resolve config" not in caplog.text  # ...and answered


def test_the_sdk_reads_the_current_user(sdk_for, owner, admin_user):
    me = sdk_for(owner).current_user.me()
    assert (me.user_name, me.id, me.active) == ("owner", str(owner.pk), True)
    assert [e.value for e in me.emails] == ["owner@example.com"]
    assert "admins" not in [g.display for g in me.groups]
    assert "admins" in [g.display for g in sdk_for(admin_user).current_user.me().groups]
