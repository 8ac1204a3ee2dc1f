"""git_source: a cached clone of the job's repository, checked out at the pinned revision.

``checkout(git_source) -> (path, sha)`` is what the engine calls at run start (and records the
sha as the commit the run used). Steps:

1. A bare mirror of ``git_url`` lives under ``LAKEFLOW_HOME/git/repos/<hash of url>.git``; it is
   cloned on first use and fetched on every call (a branch or tag may have moved), under a file
   lock so concurrent runs share one fetch.
2. The revision is ``git_commit``, else ``git_tag``, else ``git_branch``, else the remote's
   default branch (HEAD).
3. The tree at that commit is exported (``git archive``) once per commit to
   ``LAKEFLOW_HOME/git/trees/<hash of url>/<sha>``: runs pinned to the same commit share it and
   treat it as read-only; nothing a task writes there survives a new commit.

``git_url`` may be any URL git fetches (https, ssh, a local path, file://); command-running
transports such as ``ext::`` are refused.
"""

from __future__ import annotations

import fcntl
import hashlib
import io
import shutil
import subprocess
import tarfile
from pathlib import Path
from typing import Any

from django.conf import settings

READY_MARKER = ".lakeflow-tree"
# Only transports that fetch data; `ext::` and friends would run commands.
_GIT_SAFETY = [
    "-c", "protocol.allow=never", "-c", "protocol.file.allow=always", "-c", "protocol.https.allow=always",
    "-c", "protocol.http.allow=always", "-c", "protocol.ssh.allow=always", "-c", "protocol.git.allow=always",
]  # fmt: skip


class GitSourceError(Exception):
    """The repository or revision cannot be fetched (git's reason in the message)."""


def _git(*args: str, cwd: Path | None = None, timeout: float = 300) -> str:
    env = {"GIT_TERMINAL_PROMPT": "0", "GIT_ASKPASS": "true", "PATH": "/usr/bin:/bin:/usr/local/bin"}
    try:
        proc = subprocess.run(["git", *_GIT_SAFETY, *args], cwd=cwd, env=env, capture_output=True,
                              timeout=timeout, check=False)  # fmt: skip
    except FileNotFoundError:
        raise GitSourceError("git is not installed on this worker.") from None
    except subprocess.TimeoutExpired:
        raise GitSourceError(f"git {args[0]} timed out after {timeout:.0f}s.") from None
    if proc.returncode != 0:
        message = proc.stderr.decode(errors="replace").strip().splitlines()
        raise GitSourceError(message[-1] if message else f"git {args[0]} failed ({proc.returncode}).")
    return proc.stdout.decode(errors="replace").strip()


def _revision(git_source: dict[str, Any]) -> tuple[str, str]:
    """(what to resolve in the mirror, how to name it in errors)."""
    if commit := git_source.get("git_commit"):
        return f"{commit}^{{commit}}", f"commit {commit}"
    if tag := git_source.get("git_tag"):
        return f"refs/tags/{tag}^{{commit}}", f"tag {tag}"
    if branch := git_source.get("git_branch"):
        return f"refs/heads/{branch}^{{commit}}", f"branch {branch}"
    return "HEAD^{commit}", "the default branch"


def _mirror(url: str, repo: Path) -> None:
    if (repo / "HEAD").is_file():
        _git("--git-dir", str(repo), "fetch", "--prune", "--tags", "--force", "origin",
             "+refs/heads/*:refs/heads/*")  # fmt: skip
        return
    shutil.rmtree(repo, ignore_errors=True)
    _git("clone", "--mirror", "--quiet", "--", url, str(repo))


def _export(repo: Path, sha: str, tree: Path) -> None:
    """Write the commit's files to `tree` (via a temporary sibling, renamed when complete)."""
    if (tree / READY_MARKER).is_file():
        return
    staging = tree.with_name(tree.name + ".tmp")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    archive = subprocess.run(["git", "--git-dir", str(repo), "archive", "--format=tar", sha],
                             capture_output=True, check=True).stdout  # fmt: skip
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(staging, filter="data")  # "data": no absolute paths, links out, devices
    (staging / READY_MARKER).write_text(sha)
    shutil.rmtree(tree, ignore_errors=True)
    staging.rename(tree)


def checkout(git_source: dict[str, Any]) -> tuple[Path, str]:
    """The checked-out tree of the pinned revision and its commit sha."""
    url = str(git_source.get("git_url") or "")
    if not url:
        raise GitSourceError("git_source.git_url is required.")
    if "::" in url.split("/")[0]:
        raise GitSourceError(f"git_url {url!r} uses a transport Lakeflow does not allow.")
    root = Path(settings.LAKEFLOW_HOME) / "git"
    key = hashlib.sha256(url.encode()).hexdigest()[:20]
    repo = root / "repos" / f"{key}.git"
    repo.parent.mkdir(parents=True, exist_ok=True)
    revision, name = _revision(git_source)
    with open(repo.parent / f"{key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            _mirror(url, repo)
        except GitSourceError as error:
            raise GitSourceError(f"Cannot fetch {url}: {error}") from None
        try:
            sha = _git("--git-dir", str(repo), "rev-parse", "--verify", "--quiet", revision)
        except GitSourceError:
            raise GitSourceError(f"{url} has no {name}.") from None
        tree = root / "trees" / key / sha
        try:
            _export(repo, sha, tree)
        except (subprocess.CalledProcessError, tarfile.TarError) as error:
            raise GitSourceError(f"Cannot check out {name} of {url}: {error}") from None
    return tree, sha
