"""Admin pages for users and tokens: tokens are listed and revoked, their hashes never shown."""

from __future__ import annotations

import pytest

from lakeflow.accounts.models import Token

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_the_token_list_never_shows_hashes(admin_client, owner):
    token, raw = Token.issue(owner, comment="laptop")
    page = admin_client.get("/admin/accounts/token/").content.decode()
    assert "laptop" in page and token.token_prefix in page
    assert token.token_hash not in page and raw not in page
    detail = admin_client.get(f"/admin/accounts/token/{token.pk}/change/").content.decode()
    assert token.token_hash not in detail


def test_the_revoke_action_revokes_tokens(admin_client, owner):
    token, _ = Token.issue(owner)
    response = admin_client.post(
        "/admin/accounts/token/", {"action": "revoke", "_selected_action": [token.pk]}, follow=True
    )
    assert response.status_code == 200
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_users_are_managed_in_the_admin(admin_client):
    assert admin_client.get("/admin/auth/user/").status_code == 200
