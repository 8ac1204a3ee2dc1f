"""Hardening (issue 9): CSRF on every session-authenticated write, tokens hashed and compared in
constant time, parameters reach child processes verbatim as argv (no shell anywhere), uploads
size-limited, security headers, no secret or token in any log line, only admins set run_as.

Covered elsewhere: `check --deploy` in production (tests/test_settings.py), failed-login and
bad-token rate limits (tests/accounts/test_ratelimit.py).
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import re
from pathlib import Path

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from lakeflow.accounts.models import Token
from lakeflow.security import content_security_policy
from tests.runs import conftest as engine_fixtures

ROOT = Path(__file__).resolve().parent.parent
# The engine fixtures (a real embedded worker, jobs from wire settings, script files).
engine, make_job, script = engine_fixtures.engine, engine_fixtures.make_job, engine_fixtures.script
WRITES = ("post", "put", "patch", "delete")
# Writes that never use the session: the login itself (it creates the session; the browser still
# sends the token, see tests/accounts/test_session.py), task-run-token runtime endpoints, and
# secret-URL webhooks authenticated by the URL.
NOT_SESSION = re.compile(r"^/api/(ui/auth/login$|2\.0/lakeflow/runtime/|hooks/)")


def _write_operations() -> list[tuple[str, str]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    found = []
    for path, item in schema["paths"].items():
        for method in WRITES:
            if method in item and not NOT_SESSION.match(path):
                found.append((method, re.sub(r"\{[^}]+\}", "1", path)))
    return found


def test_every_session_write_without_the_csrf_token_is_refused(db, owner):
    operations = _write_operations()
    assert len(operations) > 40  # the sweep really covers the API
    browser = APIClient(enforce_csrf_checks=True)
    browser.force_login(owner)
    answers = {
        f"{method.upper()} {path}": getattr(browser, method)(path, {}, format="json").status_code
        for method, path in operations
    }
    assert {op: status for op, status in answers.items() if status != 403} == {}


def test_tokens_are_stored_hashed_and_compared_in_constant_time(api, owner, monkeypatch):
    import lakeflow.accounts.authentication as authentication

    raw = api.post("/api/2.0/token/create", {"comment": "x"}, format="json").json()["token_value"]
    row = Token.objects.get(comment="x")
    assert row.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in json.dumps(list(Token.objects.values()), default=str)
    calls = []
    real = authentication.hmac.compare_digest
    monkeypatch.setattr(
        authentication.hmac, "compare_digest", lambda a, b: calls.append((a, b)) or real(a, b)
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert client.get("/api/2.0/token/list").status_code == 200
    assert calls == [(row.token_hash, row.token_hash)]


def test_no_code_starts_processes_through_a_shell():
    pattern = re.compile(
        r"shell\s*=\s*True|os\.system\(|os\.popen\(|subprocess\.getoutput|create_subprocess_shell"
    )
    offenders = [
        f"{path.relative_to(ROOT)}:{n}"
        for package in ("lakeflow", "jobs", "runs", "compute")
        for path in (ROOT / package).rglob("*.py")
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []


NASTY = [
    "$(touch pwned)",
    "; touch pwned2",
    "`id`",
    "a b 'c' \"d\"",
    "|&><*?~",
    "--flag=$HOME",
    "\\n\nnewline",
]


def test_parameters_with_shell_metacharacters_arrive_verbatim(engine, make_job, script, owner, lakeflow_home):
    from runs import services
    from tests.runs.conftest import python_task, wait_for

    code = "import json, sys\nprint('ARGV=' + json.dumps(sys.argv[1:]))\n"
    run = wait_for(
        services.run_now(
            job=make_job([python_task("t", script("argv.py", code), parameters=NASTY)]), user=owner
        )
    )
    task_run = run.task_runs.get()
    assert run.state == "SUCCESS", task_run.error
    line = next(line for line in task_run.read_log()[0].splitlines() if line.startswith("ARGV="))
    assert json.loads(line[5:]) == NASTY
    assert not list(Path(lakeflow_home).rglob("pwned*"))


def test_request_bodies_over_the_upload_limit_are_refused(api, settings):
    from jobs.models import Job

    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2048
    body = {"name": "x" * 4096, "tasks": []}
    response = api.post("/api/2.2/jobs/create", body, format="json")
    assert 400 <= response.status_code < 500
    assert not Job.objects.exists()
    content = base64.b64encode(b"x" * 4096).decode()
    upload = api.post(
        "/api/2.0/workspace/import",
        {"path": "/Workspace/big.py", "format": "AUTO", "content": content},
        format="json",
    )
    assert 400 <= upload.status_code < 500


@pytest.mark.parametrize("path", ["/", "/jobs/1", "/api/2.2/jobs/list", "/healthz"])
def test_security_headers_are_set(client, owner, path):
    client.force_login(owner)
    response = client.get(path)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_the_apps_csp_allows_exactly_its_own_inline_scripts(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert (
        "script-src 'self'" in policy and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    )
    inline = re.findall(rb"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", response.content, re.S)
    for body in inline:
        assert base64.b64encode(hashlib.sha256(body).digest()).decode() in policy
    assert content_security_policy(b"<script>a()</script>") != content_security_policy(
        b"<script>b()</script>"
    )


def test_no_token_or_secret_value_reaches_a_log_line(client_for, owner, caplog):
    caplog.set_level(logging.DEBUG)
    api = client_for(owner)
    raw = api.post("/api/2.0/token/create", {"comment": "logged?"}, format="json").json()["token_value"]
    as_token = APIClient()
    as_token.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    as_token.get("/api/2.2/jobs/list")
    as_token.get("/api/2.0/secrets/scopes/list")
    bad = APIClient()
    bad.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}x")
    assert bad.get("/api/2.2/jobs/list").status_code == 401
    secret = "very-secret-value-991"
    api.post("/api/2.0/secrets/scopes/create", {"scope": "s"}, format="json")
    api.post("/api/2.0/secrets/put", {"scope": "s", "key": "k", "string_value": secret}, format="json")
    api.get("/api/2.0/secrets/get", {"scope": "s", "key": "k"})
    bad_put = api.post(
        "/api/2.0/secrets/put", {"scope": "nope", "key": "k", "string_value": secret}, format="json"
    )
    assert bad_put.status_code == 404
    assert caplog.records  # something was logged (4xx warnings at least)
    text = "\n".join(f"{r.getMessage()} {r.args} {getattr(r, 'request', '')}" for r in caplog.records)
    assert raw not in text and secret not in text
    assert base64.b64encode(secret.encode()).decode() not in text


def test_only_admins_make_a_job_run_as_another_user(client_for, owner, member, admin_user):
    job = {"name": "j", "tasks": [{"task_key": "t", "spark_python_task": {"python_file": "/Workspace/t.py"}}]}
    api = client_for(owner)
    job_id = api.post("/api/2.2/jobs/create", job, format="json").json()["job_id"]
    refused = api.post(
        "/api/2.2/jobs/update",
        {"job_id": job_id, "new_settings": {"run_as": {"user_name": "member"}}},
        format="json",
    )
    assert refused.status_code == 403 and refused.json()["error_code"] == "PERMISSION_DENIED"
    admin = client_for(admin_user)
    allowed = admin.post(
        "/api/2.2/jobs/update",
        {"job_id": job_id, "new_settings": {"run_as": {"user_name": "member"}}},
        format="json",
    )
    assert allowed.status_code == 200
    got = api.get("/api/2.2/jobs/get", {"job_id": job_id}).json()
    assert got["run_as_user_name"] == "member" or got["settings"]["run_as"] == {"user_name": "member"}
