"""First start of `lakeflow dev`: the admin user and the demo jobs.

What has been done is recorded in ``LAKEFLOW_HOME/dev-state.json``, so a later start neither
prints the admin password again nor brings back demo jobs the user deleted.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from lakeflow.accounts import services as accounts
from lakeflow.workspace import services as workspace

ADMIN_USERNAME = "admin"
DEMO_WORKSPACE = "/Workspace/Shared/demo"


def examples_dir() -> Path:
    return Path(settings.BASE_DIR) / "examples"


def _state_file() -> Path:
    return Path(settings.LAKEFLOW_HOME) / "dev-state.json"


def load_state() -> dict:
    try:
        return json.loads(_state_file().read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


def save_state(state: dict) -> None:
    _state_file().write_text(json.dumps(state, indent=2))


@dataclass
class Admin:
    user: object
    password: str | None  # set only when created now (shown once)


def ensure_admin(state: dict) -> Admin:
    """Create the `admin` user with a generated password on first start; never again after."""
    User = get_user_model()
    existing = User.objects.filter(username=ADMIN_USERNAME).first()
    if existing is not None or state.get("admin_created_at"):
        return Admin(existing, None)
    user, password = accounts.create_user(username=ADMIN_USERNAME, admin=True, email="admin@localhost")
    state["admin_created_at"] = timezone.now().isoformat()
    return Admin(user, password)


def import_examples(user) -> list[str]:
    """Copy examples/workspace/** into /Workspace/Shared/demo (notebooks become notebooks)."""
    source = examples_dir() / "workspace"
    imported = []
    for file in sorted(p for p in source.rglob("*") if p.is_file()):
        target = f"{DEMO_WORKSPACE}/{file.relative_to(source).as_posix()}"
        workspace.import_object(
            user=user, path=target, content=file.read_bytes(), format="AUTO", overwrite=True
        )
        imported.append(target)
    return imported


def demo_job_settings() -> list[dict]:
    return [yaml.safe_load(f.read_text()) for f in sorted((examples_dir() / "jobs").glob("*.yaml"))]


def seed_demo_jobs(user) -> list[str]:
    """Create each demo job unless a job of that name exists; return the names created."""
    from jobs.models import Job
    from jobs.services import create_job

    created = []
    for job_settings in demo_job_settings():
        if Job.objects.filter(name=job_settings["name"]).exists():
            continue
        create_job(user=user, settings=job_settings)
        created.append(job_settings["name"])
    return created


def first_start() -> tuple[Admin, list[str]]:
    """Admin user and demo content, each once per LAKEFLOW_HOME."""
    state = load_state()
    admin = ensure_admin(state)
    save_state(state)
    created: list[str] = []
    if not state.get("demo_seeded_at") and admin.user is not None:
        import_examples(admin.user)
        created = seed_demo_jobs(admin.user)
        state["demo_seeded_at"] = timezone.now().isoformat()
        save_state(state)
    return admin, created
