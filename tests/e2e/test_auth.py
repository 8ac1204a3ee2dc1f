"""Log in, log out and personal access tokens in a real browser."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from lakeflow.accounts.models import Token
from tests.e2e.conftest import log_in


def test_a_visitor_is_sent_to_login_and_comes_back_after_signing_in(page, owner):
    page.goto("/workspace")
    page.wait_for_url(re.compile(r"/login\?next="))
    page.get_by_label("User name").fill("owner")
    page.get_by_label("Password").fill("owner-password-1")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/workspace$"))
    expect(page.get_by_role("heading", name="Workspace")).to_be_visible()


def test_a_wrong_password_shows_the_servers_message(page, owner):
    page.goto("/login")
    page.get_by_label("User name").fill("owner")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("Invalid user name or password")


def test_a_token_is_shown_once_and_can_be_revoked(page, owner):
    log_in(page, "owner", "owner-password-1")
    page.get_by_role("button", name="owner").click()
    page.get_by_role("menuitem", name="Access tokens").click()
    page.get_by_role("button", name="Generate new token").click()
    page.get_by_label("Comment").fill("ci script")
    page.get_by_role("button", name="Generate", exact=True).click()
    value = page.get_by_test_id("new-token").input_value()
    assert Token.objects.get(user=owner, comment="ci script")
    page.get_by_role("button", name="Done").click()
    row = page.get_by_role("row", name=re.compile("ci script"))
    expect(row).to_be_visible()
    assert value not in page.content()

    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name="Revoke").click()
    expect(page.get_by_role("row", name=re.compile("ci script"))).to_have_count(0)
    assert not Token.objects.filter(user=owner, comment="ci script").active().exists()


def test_log_out_returns_to_the_login_page(logged_in_page):
    page = logged_in_page
    page.get_by_role("button", name="owner").click()
    page.get_by_role("menuitem", name="Log out").click()
    page.wait_for_url(re.compile(r"/login"))
    page.goto("/jobs")
    page.wait_for_url(re.compile(r"/login"))
