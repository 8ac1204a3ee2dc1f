"""The engine fixtures (a real embedded worker, jobs from wire settings, script files)."""

from tests.runs.conftest import engine, make_job, script  # noqa: F401
