"""Rewrite stored trigger.job_completion settings from Lakeflow's old shape ({job_ids,
result_states}) to Databricks' ({jobs: [{job_id}], if_status}), which is all the API accepts now.
result_states map to the if_status that covers them: only successes -> SUCCESS, no success ->
FAILED, a mix -> DONE."""

from __future__ import annotations

from django.db import migrations

SUCCEEDED = {"SUCCESS", "SUCCESS_WITH_FAILURES"}


def to_databricks_shape(old: dict) -> dict:
    states = set(old.get("result_states") or ["SUCCESS"])
    if_status = "SUCCESS" if states <= SUCCEEDED else "FAILED" if not states & SUCCEEDED else "DONE"
    return {"jobs": [{"job_id": str(job_id)} for job_id in old.get("job_ids") or []], "if_status": if_status}


def forwards(apps, schema_editor) -> None:
    Job = apps.get_model("jobs", "Job")
    for job in Job.objects.filter(trigger__has_key="job_completion"):
        old = job.trigger["job_completion"]
        if isinstance(old, dict) and "job_ids" in old:
            job.trigger = {**job.trigger, "job_completion": to_databricks_shape(old)}
            job.save(update_fields=["trigger"])


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0003_version_change_choices"),
        ("schedules", "0002_trigger_state_per_kind"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
