"""The engine fixtures (a real embedded worker, jobs from wire settings, script files) and an
admin's browser session."""

from tests.jobs.test_admin import browser  # noqa: F401
from tests.runs.conftest import engine, make_job, script  # noqa: F401
