"""Property test: whatever JSON a client sends to the Runs API, the answer is a success or a
Databricks-style error ({error_code, message}, 4xx) -- never a server error. Run it on PostgreSQL
too (DATABASE_URL=...): it refuses some text SQLite stores."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.runs.api_rows import finished_run, job_with

FIELDS = {
    "run-now": [
        "job_id",
        "job_parameters",
        "idempotency_token",
        "only",
        "queue",
        "notebook_params",
        "python_params",
    ],
    "runs/submit": ["run_name", "tasks", "idempotency_token", "timeout_seconds", "git_source", "queue"],
    "runs/cancel": ["run_id"],
    "runs/cancel-all": ["job_id", "all_queued_runs"],
    "runs/repair": [
        "run_id",
        "rerun_tasks",
        "rerun_all_failed_tasks",
        "rerun_dependent_tasks",
        "latest_repair_id",
        "job_parameters",
    ],
    "runs/delete": ["run_id"],
}
GET_FIELDS = {
    "runs/get": ["run_id", "include_history", "include_resolved_values", "page_token"],
    "runs/list": [
        "job_id",
        "active_only",
        "completed_only",
        "start_time_from",
        "start_time_to",
        "run_type",
        "limit",
        "offset",
        "page_token",
        "expand_tasks",
    ],
    "runs/get-output": ["run_id"],
    "runs/export": ["run_id", "views_to_export"],
}

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([0, 1, 2, 3, 1_000_000_000_001]),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
    st.sampled_from(["a", "b", "+a", "b+", "true", "CODE", "ALL", "JOB_RUN", "0", "1", "nul\x00"]),
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)


def bodies(fields: list[str]):
    return st.dictionaries(st.sampled_from(fields), json_values, max_size=len(fields))


def _assert_answer(response) -> None:
    assert response.status_code < 500, response.content
    if response.status_code >= 400:
        body = response.json()
        assert set(body) == {"error_code", "message"} and body["message"]


@pytest.fixture
def stored(owner):
    job = job_with(owner, "a", "b")
    finished_run(job, owner, {"a": "FAILED", "b": "UPSTREAM_FAILED"}, state="FAILED")
    return job


FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.mark.slow
@pytest.mark.parametrize("path", list(FIELDS))
def test_post_endpoints_never_fail_with_a_server_error(api, stored, path):
    @FUZZ
    @given(body=bodies(FIELDS[path]) | json_values)
    def check(body):
        _assert_answer(api.post(f"/api/2.2/jobs/{path}", body, format="json"))

    check()


@pytest.mark.slow
@pytest.mark.parametrize("path", list(GET_FIELDS))
def test_get_endpoints_never_fail_with_a_server_error(api, stored, path):
    @FUZZ
    @given(
        query=st.dictionaries(
            st.sampled_from(GET_FIELDS[path]), st.text(max_size=25) | st.integers() | st.just("\x00")
        )
    )
    def check(query):
        _assert_answer(api.get(f"/api/2.2/jobs/{path}", query))

    check()
