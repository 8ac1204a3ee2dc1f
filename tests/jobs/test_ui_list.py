"""The browser's jobs list endpoint: search, filters, sort, pages, schedule in words, recent runs."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jobs import services
from runs.models import JobRun

URL = "/api/ui/jobs"


def make_job(user, name: str, **settings):
    task = {"task_key": "t", "spark_python_task": {"python_file": "/Workspace/t.py"}}
    return services.create_job(user=user, settings={"name": name, "tasks": [task], **settings})


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["name"] for row in response.json()["jobs"]]


@pytest.mark.django_db
def test_it_searches_names_case_insensitively(api, owner):
    make_job(owner, "Nightly ETL")
    make_job(owner, "reporting")
    assert names(api.get(URL, {"search": "etl"})) == ["Nightly ETL"]


@pytest.mark.django_db
def test_it_shows_only_jobs_the_caller_may_view(client_for, owner, outsider):
    make_job(owner, "private")
    make_job(outsider, "theirs")
    assert names(client_for(outsider).get(URL)) == ["theirs"]


@pytest.mark.django_db
def test_it_filters_by_owner(client_for, admin_user, owner, member):
    make_job(owner, "a")
    make_job(member, "b")
    assert names(client_for(admin_user).get(URL, {"owner": member.username})) == ["b"]


@pytest.mark.django_db
@pytest.mark.parametrize(("tag", "expected"), [("team", ["a", "b"]), ("team:data", ["a"]), ("nope", [])])
def test_it_filters_by_tag_key_or_key_and_value(api, owner, tag, expected):
    make_job(owner, "a", tags={"team": "data"})
    make_job(owner, "b", tags={"team": "web"})
    make_job(owner, "c")
    assert sorted(names(api.get(URL, {"tag": tag}))) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(("sort", "expected"), [("name", ["a", "b", "c"]), ("-name", ["c", "b", "a"])])
def test_it_sorts(api, owner, sort, expected):
    for name in ("b", "c", "a"):
        make_job(owner, name)
    assert names(api.get(URL, {"sort": sort})) == expected


@pytest.mark.django_db
def test_it_pages_and_counts_the_total(api, owner):
    for i in range(7):
        make_job(owner, f"job {i}")
    body = api.get(URL, {"sort": "name", "page": 2, "page_size": 3}).json()
    assert body["total"] == 7
    assert [row["name"] for row in body["jobs"]] == ["job 3", "job 4", "job 5"]


@pytest.mark.django_db
def test_it_refuses_an_unknown_sort(api):
    response = api.get(URL, {"sort": "random"})
    assert response.status_code == 400
    assert response.json()["error_code"] == "INVALID_PARAMETER_VALUE"


def _completion(*ids: int, **rest) -> dict:
    return {"trigger": {"job_completion": {"jobs": [{"job_id": str(i)} for i in ids], **rest}}}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("job_settings", "words", "paused"),
    [
        (lambda a, b: {}, None, False),
        (
            lambda a, b: {"schedule": {"quartz_cron_expression": "0 0/15 * * * ?", "timezone_id": "UTC"}},
            "Every 15 minutes (UTC)",
            False,
        ),
        (
            lambda a, b: {
                "trigger": {"pause_status": "PAUSED", "periodic": {"interval": 2, "unit": "HOURS"}}
            },
            "Every 2 hours",
            True,
        ),
        (
            lambda a, b: {"trigger": {"run_once": {"timestamp_ms": 1767225600000}}},
            "Once at 2026-01-01 00:00 UTC",
            False,
        ),
        (
            lambda a, b: {"trigger": {"table_update": {"table_names": ["main.sales", "main.stock"]}}},
            "On update of main.sales, main.stock",
            False,
        ),
        (lambda a, b: _completion(a, if_status="FAILED"), "When job #{a} fails", False),
        (lambda a, b: _completion(a, b), "When jobs #{a}, #{b} have all succeeded", False),
    ],
)
def test_it_describes_the_schedule_in_words(api, owner, job_settings, words, paused):
    a, b = make_job(owner, "a").pk, make_job(owner, "b").pk
    job = make_job(owner, "j", **job_settings(a, b))
    [row] = [row for row in api.get(URL).json()["jobs"] if row["job_id"] == job.pk]
    assert (row["schedule_description"], row["paused"]) == (words and words.format(a=a, b=b), paused)


@pytest.mark.django_db
def test_it_returns_the_last_five_runs_newest_first_in_a_fixed_number_of_queries(api, owner):
    jobs = [make_job(owner, f"j{i}") for i in range(3)]
    for job in jobs:
        for number in range(1, 8):
            JobRun.objects.create(job=job, number_in_job=number, state="SUCCESS")
    newest = list(JobRun.objects.filter(job=jobs[0]).order_by("-id").values_list("id", flat=True)[:5])
    with CaptureQueriesContext(connection) as queries:
        body = api.get(URL, {"sort": "name"}).json()
    row = body["jobs"][0]
    assert [run["run_id"] for run in row["recent_runs"]] == newest
    assert all(len(r["recent_runs"]) == 5 for r in body["jobs"])
    assert row["task_count"] == 1
    # auth (token lookup + user) + count + page + runs: does not grow with the number of jobs.
    assert len(queries) <= 6
