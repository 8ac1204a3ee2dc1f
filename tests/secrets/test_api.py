"""Secrets API 2.0 through the official databricks-sdk and the HTTP client: scopes, secrets,
ACLs (READ/WRITE/MANAGE), values encrypted at rest, Databricks-style errors."""

from __future__ import annotations

import base64

import pytest
from databricks.sdk.errors import NotFound, PermissionDenied, ResourceAlreadyExists
from databricks.sdk.service.workspace import AclPermission

from lakeflow.secrets import crypto
from lakeflow.secrets.models import Secret


def test_the_sdk_creates_scopes_puts_lists_gets_and_deletes_secrets(sdk):
    sdk.secrets.create_scope("team")
    sdk.secrets.put_secret("team", "db-password", string_value="hunter2-xyz")
    sdk.secrets.put_secret("team", "blob", bytes_value=base64.b64encode(b"\x00\x01raw").decode())
    assert [s.name for s in sdk.secrets.list_scopes()] == ["team"]
    assert sorted(s.key for s in sdk.secrets.list_secrets("team")) == ["blob", "db-password"]
    got = sdk.secrets.get_secret("team", "db-password")
    assert base64.b64decode(got.value) == b"hunter2-xyz"
    assert base64.b64decode(sdk.secrets.get_secret("team", "blob").value) == b"\x00\x01raw"
    sdk.secrets.delete_secret("team", "blob")
    assert [s.key for s in sdk.secrets.list_secrets("team")] == ["db-password"]
    sdk.secrets.delete_scope("team")
    assert list(sdk.secrets.list_scopes()) == []


def test_values_are_encrypted_at_rest(api):
    assert api.post("/api/2.0/secrets/scopes/create", {"scope": "s"}, format="json").status_code == 200
    api.post(
        "/api/2.0/secrets/put", {"scope": "s", "key": "k", "string_value": "plain-value-123"}, format="json"
    )
    row = Secret.objects.get()
    assert "plain-value-123" not in row.ciphertext
    assert crypto.decrypt(row.ciphertext) == b"plain-value-123"


def test_a_passphrase_key_and_a_fernet_key_both_work(settings):
    from cryptography.fernet import Fernet

    for key in ("any passphrase at all", Fernet.generate_key().decode()):
        settings.LAKEFLOW_SECRETS_KEY = key
        assert crypto.decrypt(crypto.encrypt(b"v")) == b"v"


def test_scope_errors_are_databricks_shaped(sdk):
    sdk.secrets.create_scope("dup")
    with pytest.raises(ResourceAlreadyExists):
        sdk.secrets.create_scope("dup")
    with pytest.raises(NotFound):
        sdk.secrets.delete_scope("nope")
    with pytest.raises(NotFound):
        sdk.secrets.get_secret("dup", "missing")


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"scope": "bad name!"}, "Scope name"),
        ({"scope": "x" * 129}, "Scope name"),
        ({"scope": "ok", "scope_backend_type": "AZURE_KEYVAULT"}, "DATABRICKS"),
        ({}, "scope"),
    ],
)
def test_invalid_scope_requests_are_refused(api, body, fragment):
    response = api.post("/api/2.0/secrets/scopes/create", body, format="json")
    assert response.status_code == 400
    assert response.json()["error_code"] == "INVALID_PARAMETER_VALUE"
    assert fragment in response.json()["message"]


def test_put_needs_exactly_one_value(api):
    api.post("/api/2.0/secrets/scopes/create", {"scope": "s"}, format="json")
    both = api.post(
        "/api/2.0/secrets/put",
        {"scope": "s", "key": "k", "string_value": "a", "bytes_value": "YQ=="},
        format="json",
    )
    neither = api.post("/api/2.0/secrets/put", {"scope": "s", "key": "k"}, format="json")
    assert both.status_code == neither.status_code == 400
    assert not Secret.objects.exists()


def test_acls_grant_read_write_and_manage(sdk, sdk_for, member, outsider):
    sdk.secrets.create_scope("shared")
    sdk.secrets.put_secret("shared", "k", string_value="value-1")
    as_member = sdk_for(member)
    with pytest.raises(PermissionDenied):
        as_member.secrets.list_secrets("shared")
    assert list(as_member.secrets.list_scopes()) == []

    sdk.secrets.put_acl("shared", "member", AclPermission.READ)
    assert [s.key for s in as_member.secrets.list_secrets("shared")] == ["k"]
    assert base64.b64decode(as_member.secrets.get_secret("shared", "k").value) == b"value-1"
    with pytest.raises(PermissionDenied):
        as_member.secrets.put_secret("shared", "k2", string_value="x")

    sdk.secrets.put_acl("shared", "member", AclPermission.WRITE)
    as_member.secrets.put_secret("shared", "k2", string_value="x")
    with pytest.raises(PermissionDenied):
        as_member.secrets.put_acl("shared", "outsider", AclPermission.READ)

    acls = {a.principal: a.permission for a in sdk.secrets.list_acls("shared")}
    assert acls == {"owner": AclPermission.MANAGE, "member": AclPermission.WRITE}
    assert sdk.secrets.get_acl("shared", "member").permission == AclPermission.WRITE
    sdk.secrets.delete_acl("shared", "member")
    with pytest.raises(PermissionDenied):
        as_member.secrets.list_secrets("shared")
    with pytest.raises(PermissionDenied):
        sdk_for(outsider).secrets.delete_scope("shared")


def test_the_users_principal_grants_everyone(api, client_for, outsider):
    api.post("/api/2.0/secrets/scopes/create", {"scope": "open"}, format="json")
    api.post(
        "/api/2.0/secrets/acls/put",
        {"scope": "open", "principal": "users", "permission": "READ"},
        format="json",
    )
    response = client_for(outsider).get("/api/2.0/secrets/list", {"scope": "open"})
    assert response.status_code == 200


def test_an_acl_for_an_unknown_principal_is_refused(api):
    api.post("/api/2.0/secrets/scopes/create", {"scope": "s"}, format="json")
    response = api.post(
        "/api/2.0/secrets/acls/put", {"scope": "s", "principal": "ghost", "permission": "READ"}, format="json"
    )
    assert response.status_code == 404
    bad = api.post(
        "/api/2.0/secrets/acls/put", {"scope": "s", "principal": "member", "permission": "ALL"}, format="json"
    )
    assert bad.status_code == 400


def test_admins_manage_every_scope(api, client_for, admin_user):
    api.post("/api/2.0/secrets/scopes/create", {"scope": "private"}, format="json")
    admin = client_for(admin_user)
    assert admin.get("/api/2.0/secrets/acls/list", {"scope": "private"}).status_code == 200
    assert (
        admin.post("/api/2.0/secrets/scopes/delete", {"scope": "private"}, format="json").status_code == 200
    )
