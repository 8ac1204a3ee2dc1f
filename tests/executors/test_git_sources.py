"""git_source checkouts from a local repository made in the test."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from runs.executors.sql import executor as sql_executor
from runs.git_sources import GitSourceError, checkout

pytestmark = pytest.mark.django_db


def git(repo: Path, *args: str) -> str:
    env = {
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@x",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@x",
        "PATH": "/usr/bin:/bin",
        "HOME": str(repo),
    }
    return subprocess.run(
        ["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True
    ).stdout.strip()


def commit(repo: Path, files: dict[str, str], message: str) -> str:
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD")


@pytest.fixture
def repo(tmp_path):
    path = tmp_path / "origin"
    path.mkdir()
    git(path, "init", "-q", "-b", "main")
    first = commit(path, {"queries/report.sql": "SELECT 'v1' AS version"}, "first")
    git(path, "tag", "v1")
    second = commit(path, {"queries/report.sql": "SELECT 'v2' AS version"}, "second")
    git(path, "checkout", "-q", "-b", "feature")
    third = commit(path, {"queries/report.sql": "SELECT 'v3' AS version"}, "third")
    git(path, "checkout", "-q", "main")
    return {"path": path, "first": first, "second": second, "third": third}


@pytest.mark.parametrize(
    "pin, expected",
    [
        ({}, "second"),
        ({"git_branch": "main"}, "second"),
        ({"git_branch": "feature"}, "third"),
        ({"git_tag": "v1"}, "first"),
        ({"git_commit": "FIRST"}, "first"),
    ],
)
def test_it_checks_out_the_pinned_revision(repo, pin, expected):
    pin = {key: (repo["first"] if value == "FIRST" else value) for key, value in pin.items()}
    tree, sha = checkout({"git_url": str(repo["path"]), "git_provider": "gitHub", **pin})
    assert sha == repo[expected]
    version = {"first": "v1", "second": "v2", "third": "v3"}[expected]
    assert (tree / "queries" / "report.sql").read_text() == f"SELECT '{version}' AS version"


def test_a_moved_branch_is_fetched_again_and_file_urls_work(repo):
    source = {"git_url": f"file://{repo['path']}", "git_provider": "gitHub", "git_branch": "main"}
    _, before = checkout(source)
    after_commit = commit(repo["path"], {"queries/report.sql": "SELECT 'v4' AS version"}, "fourth")
    tree, after = checkout(source)
    assert before == repo["second"] and after == after_commit
    assert "v4" in (tree / "queries" / "report.sql").read_text()


@pytest.mark.parametrize(
    "source, words",
    [
        ({"git_branch": "nope"}, "has no branch nope"),
        ({"git_tag": "v9"}, "has no tag v9"),
        ({"git_url": "/no/such/repo"}, "Cannot fetch"),
        ({"git_url": "ext::sh -c touch% /tmp/pwned"}, "transport"),
    ],
)
def test_bad_sources_fail_with_a_reason(repo, source, words):
    with pytest.raises(GitSourceError, match=words):
        checkout({"git_url": str(repo["path"]), "git_provider": "gitHub", **source})


def test_a_task_with_source_git_reads_from_the_checkout(repo, make_ctx):
    tree, _ = checkout({"git_url": str(repo["path"]), "git_provider": "gitHub", "git_tag": "v1"})
    ctx = make_ctx(
        {"sql_task": {"file": {"path": "queries/report.sql", "source": "GIT"}, "warehouse_id": "default"}},
        env={"LAKEFLOW_GIT_CHECKOUT": str(tree)},
    )
    result = sql_executor.run(ctx)
    assert result.state == "SUCCESS", result.error
    assert result.output["sql_output"]["rows"] == [["v1"]]


def test_a_task_carrying_its_git_source_is_checked_out_on_demand(repo, make_ctx):
    task = {
        "git_source": {"git_url": str(repo["path"]), "git_provider": "gitHub", "git_branch": "feature"},
        "sql_task": {"file": {"path": "queries/report.sql"}, "warehouse_id": "default"},
    }
    result = sql_executor.run(make_ctx(task))
    assert result.output["sql_output"]["rows"] == [["v3"]]


def test_a_path_cannot_leave_the_checkout(repo, make_ctx):
    tree, _ = checkout({"git_url": str(repo["path"]), "git_provider": "gitHub"})
    ctx = make_ctx(
        {
            "sql_task": {
                "file": {"path": "../../../../etc/passwd", "source": "GIT"},
                "warehouse_id": "default",
            }
        },
        env={"LAKEFLOW_GIT_CHECKOUT": str(tree)},
    )
    result = sql_executor.run(ctx)
    assert result.state == "FAILED" and "outside the git checkout" in result.error
