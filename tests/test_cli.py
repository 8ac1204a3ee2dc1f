"""The `lakeflow` CLI: users and tokens through Django's call_command, and once through the real
console script in a child process with its own LAKEFLOW_HOME."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command

from lakeflow.accounts.models import Token, hash_token


def run(*argv: str) -> str:
    out = StringIO()
    call_command(*argv, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_users_create_with_a_password(client):
    output = run("users", "create", "alice", "--password", "s3cret-pass", "--email", "a@example.com")
    assert "alice" in output and "s3cret-pass" not in output
    user = get_user_model().objects.get(username="alice")
    assert user.email == "a@example.com" and not user.is_superuser
    assert authenticate(username="alice", password="s3cret-pass") == user


@pytest.mark.django_db
def test_users_create_prints_a_generated_password():
    output = run("users", "create", "bob", "--admin")
    password = output.strip().splitlines()[-1].removeprefix("Password: ")
    user = authenticate(username="bob", password=password)
    assert user is not None and user.is_superuser and user.is_staff


@pytest.mark.django_db
def test_users_create_refuses_an_existing_name(owner):
    with pytest.raises(CommandError, match="already exists"):
        run("users", "create", "owner")


@pytest.mark.django_db
def test_users_set_password(owner):
    run("users", "set-password", "owner", "--password", "new-password-9")
    assert authenticate(username="owner", password="new-password-9") == owner


@pytest.mark.django_db
def test_token_create_prints_the_token_alone_on_the_last_line(owner):
    output = run("token", "create", "--user", "owner", "--lifetime-days", "7", "--comment", "laptop")
    raw = output.rstrip("\n").splitlines()[-1]
    token = Token.objects.get(token_hash=hash_token(raw))
    assert token.user == owner and token.comment == "laptop"
    assert 6.9 < (token.expires_at - token.created_at).total_seconds() / 86400 <= 7


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--user", "nobody"], "does not exist"),
        (["--user", "owner", "--lifetime-days", "0"], "positive"),
        (["--user", "owner", "--lifetime-days", "99999999999"], "lifetime"),
    ],
)
def test_token_create_rejects_bad_arguments(owner, argv, message):
    with pytest.raises(CommandError, match=message):
        run("token", "create", *argv)


@pytest.mark.slow
def test_the_lakeflow_console_script_migrates_creates_a_user_and_a_token(tmp_path):
    script = Path(sys.executable).parent / "lakeflow"
    home = tmp_path / "home"
    env = {**os.environ, "LAKEFLOW_HOME": str(home)}
    env.pop("DATABASE_URL", None)

    def lakeflow(*argv: str) -> str:
        done = subprocess.run(
            [str(script), *argv], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    lakeflow("migrate", "--noinput")
    lakeflow("users", "create", "carol", "--password", "carol-password-1")
    raw = lakeflow("token", "create", "--user", "carol").rstrip("\n").splitlines()[-1]
    with sqlite3.connect(home / "lakeflow.sqlite3") as db:
        row = db.execute(
            "SELECT u.username FROM accounts_token t JOIN auth_user u ON u.id = t.user_id"
            " WHERE t.token_hash = ?",
            (hash_token(raw),),
        ).fetchone()
    assert row == ("carol",)
    assert "dev" in lakeflow("--help")
