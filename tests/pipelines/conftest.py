from __future__ import annotations

from tests.executors.conftest import make_ctx, put_file  # noqa: F401  (shared fixtures)
