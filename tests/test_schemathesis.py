"""API fuzzing: schemathesis generates requests for every operation of our OpenAPI schema
(drf-spectacular, as served at /api/schema/) and checks that none answers 5xx, that every
documented response matches its schema and, for operations that document their errors, that no
status code is undocumented. Derandomized (a fixed seed); examples per operation tuned so the
whole run stays within ~3.5 minutes on 2 cores (the README has the figures; the LAKEFLOW_FUZZ_*
variables change them by hand).

Requests go through Django's WSGI app inside the test's transaction (nothing is committed, so
no Celery message is ever sent), authenticated as an admin (every operation is reachable).
"""

from __future__ import annotations

import json
import os

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance, status_code_conformance

from tests.conftest import token_for

# Examples per operation (figures in the README): more where the caller sends a body, where input
# goes deep (job settings, cluster specs, secrets, destinations); fewer for reads, whose few query
# fields run out sooner, and for the /api/2.1/jobs aliases of the 2.2 views fuzzed in depth.
BODY_EXAMPLES = int(os.environ.get("LAKEFLOW_FUZZ_BODY_EXAMPLES", "200"))
EXAMPLES = int(os.environ.get("LAKEFLOW_FUZZ_EXAMPLES", "50"))

# Operations a fuzzer must not drive: the task-run runtime (another credential), logout and
# token revocation (they would end the fuzzer's own session/token mid-run).
EXCLUDED = r"^/api/(2\.0/lakeflow/runtime/|ui/auth/logout|2\.0/token/delete)"


def _raw_schema() -> dict:
    raw = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(raw))


schema = schemathesis.openapi.from_dict(_raw_schema())
schema.app = get_wsgi_application()
fuzzed = schema.exclude(path_regex=EXCLUDED)


def _takes_a_body(context) -> bool:
    operation = context.operation
    return "requestBody" in operation.definition.raw and not operation.path.startswith("/api/2.1/jobs/")


@pytest.fixture
def auth_header(db, admin_user):
    # As Django's test client does: WSGI requests must not close the test's connection.
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield {"Authorization": f"Bearer {token_for(admin_user)}"}
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _fuzz_settings(examples: int) -> settings:
    return settings(
        max_examples=examples,
        derandomize=True,  # the fixed seed: the same examples on every run
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )


def _call_and_check(case, auth_header) -> None:
    checks = [not_a_server_error, response_schema_conformance]
    if "401" in case.operation.definition.raw.get("responses", {}):
        checks.append(status_code_conformance)  # it documents its errors: hold it to them
    case.call_and_validate(headers=auth_header, checks=checks)


@pytest.mark.slow
@fuzzed.include(_takes_a_body).parametrize()
@_fuzz_settings(BODY_EXAMPLES)
def test_no_operation_taking_a_body_answers_5xx_or_breaks_its_schema(case, auth_header):
    _call_and_check(case, auth_header)


@pytest.mark.slow
@fuzzed.exclude(_takes_a_body).parametrize()
@_fuzz_settings(EXAMPLES)
def test_no_other_operation_answers_5xx_or_breaks_its_schema(case, auth_header):
    _call_and_check(case, auth_header)


@pytest.mark.parametrize(
    "path",
    ["/api/2.1/jobs/list", "/api/2.2/jobs/list"],
)
def test_an_offset_past_int64_is_a_400_not_a_500(client_for, admin_user, path):
    """Found by the fuzzer: SQLite cannot take an OFFSET past int64 ("datatype mismatch")."""
    response = client_for(admin_user).get(path, {"offset": str(2**70), "expand_tasks": "true"})
    assert response.status_code == 400
    assert response.json()["error_code"] == "INVALID_PARAMETER_VALUE"


def test_cluster_events_offsets_are_bounded_too(client_for, admin_user):
    admin = client_for(admin_user)
    spec = {"cluster_name": "c", "spark_version": "python-3.11", "num_workers": 1}
    cluster_id = admin.post("/api/2.1/clusters/create", spec, format="json").json()["cluster_id"]
    response = admin.post(
        "/api/2.1/clusters/events", {"cluster_id": cluster_id, "offset": 2**70}, format="json"
    )
    assert response.status_code == 400


def test_a_webhook_url_with_a_job_id_past_int64_is_a_404(db, client):
    """Found by the fuzzer: the id reached the database and overflowed SQLite's INTEGER."""
    response = client.post(f"/api/hooks/jobs/{2**70}/token", {}, content_type="application/json")
    assert response.status_code == 404
