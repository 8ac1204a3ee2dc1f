"""`lakeflow jobs export JOB_ID [--format yaml|json]` and `lakeflow jobs deploy FILE... [--user NAME]`.

Job definitions can live in git: export prints a job's settings (the Databricks wire format, as
jobs/get returns them); deploy reads YAML or JSON files, each holding one job's settings (or a
list of them, or several YAML documents), and creates the job or, when a job of that name exists,
replaces its settings (jobs/reset). All files deploy in one transaction: all or nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from jobs import services
from jobs.models import Job
from lakeflow.api.errors import ApiError


class Command(BaseCommand):
    help = "Export jobs as YAML/JSON and deploy jobs from YAML/JSON files."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="Print a job's settings.")
        export.add_argument("job_id", type=int)
        export.add_argument("--format", choices=("yaml", "json"), default="yaml")
        deploy = sub.add_parser("deploy", help="Create or update jobs (by name) from YAML/JSON files.")
        deploy.add_argument("files", nargs="+", type=Path)
        deploy.add_argument("--user", help="Who deploys (and owns new jobs); default: the first superuser.")

    def handle(self, *args, action: str, **options) -> None:
        if action == "export":
            self.export(options["job_id"], options["format"])
        else:
            self.deploy(options["files"], options.get("user"))

    def export(self, job_id: int, fmt: str) -> None:
        job = services.with_rows(Job.objects.filter(pk=job_id)).first()
        if job is None:
            raise CommandError(f"Job {job_id} does not exist.")
        settings = _readable(services.job_settings(job))
        if fmt == "json":
            self.stdout.write(json.dumps(settings, indent=2))
        else:
            self.stdout.write(yaml.safe_dump(settings, sort_keys=False, allow_unicode=True), ending="")

    def deploy(self, files: list[Path], username: str | None) -> None:
        user = _deployer(username)
        # 1. Read every file first, so a typo in the last one deploys nothing.
        documents = [(path, settings) for path in files for settings in _read(path)]
        # 2. Create or replace, all in one transaction.
        try:
            with transaction.atomic():
                for path, settings in documents:
                    self.stdout.write(f"{path}: {_deploy_one(user, settings)}")
        except ApiError as error:
            raise CommandError(f"{path}: {error.error_code}: {error.message}") from error


# Export order: what a reader looks for first; the task list last. Other keys keep their order.
_FIRST = ("name", "description", "tags", "parameters", "schedule", "trigger", "continuous", "run_as")
_LAST = ("job_clusters", "environments", "tasks")
_TASK_FIRST = ("task_key", "description", "depends_on", "run_if")


def _ordered(data: dict, first: tuple[str, ...], last: tuple[str, ...] = ()) -> dict:
    head = [k for k in first if k in data]
    tail = [k for k in last if k in data]
    middle = [k for k in data if k not in head and k not in tail]
    return {k: data[k] for k in (*head, *middle, *tail)}


def _readable(settings: dict) -> dict:
    """The settings in a review-friendly key order (same content)."""
    settings = _ordered(settings, _FIRST, _LAST)
    if "tasks" in settings:
        settings["tasks"] = [_ordered(task, _TASK_FIRST) for task in settings["tasks"]]
    return settings


def _deployer(username: str | None):
    users = get_user_model().objects
    user = (
        users.filter(username=username).first()
        if username
        else users.filter(is_superuser=True).order_by("pk").first()
    )
    if user is None:
        raise CommandError(f"No user {username!r}." if username else "No superuser exists; pass --user NAME.")
    return user


def _read(path: Path) -> list[dict]:
    try:
        text = path.read_text()
    except OSError as error:
        raise CommandError(f"{path}: {error.strerror}") from error
    try:
        if path.suffix.lower() == ".json":
            loaded = [json.loads(text)]
        else:
            loaded = [doc for doc in yaml.safe_load_all(text) if doc is not None]
    except (ValueError, yaml.YAMLError) as error:
        raise CommandError(
            f"{path}: not valid {'JSON' if path.suffix == '.json' else 'YAML'}: {error}"
        ) from error
    documents = [item for doc in loaded for item in (doc if isinstance(doc, list) else [doc])]
    for doc in documents:
        if not isinstance(doc, dict) or not isinstance(doc.get("name"), str) or not doc["name"]:
            raise CommandError(f"{path}: each job must be a mapping with a name (jobs are matched by name).")
    return documents


def _deploy_one(user, settings: dict) -> str:
    matches = list(Job.objects.filter(name=settings["name"]).order_by("pk")[:2])
    if len(matches) > 1:
        raise ApiError("INVALID_PARAMETER_VALUE", f"More than one job is named {settings['name']!r}.")
    if matches:
        services.reset_job(user=user, job=matches[0], new_settings=settings)
        return f"updated job {matches[0].pk} ({settings['name']})"
    job = services.create_job(user=user, settings=settings)
    return f"created job {job.pk} ({settings['name']})"
