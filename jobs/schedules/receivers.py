"""Keep beat rows in step with jobs: every job change re-derives them, deletion removes them."""

from __future__ import annotations

from django.db.models.signals import post_delete
from django.dispatch import receiver

from jobs.models import Job
from jobs.schedules.sync import remove_job_schedule, sync_job_schedule
from jobs.signals import job_changed


@receiver(job_changed, dispatch_uid="schedules.sync_on_change")
def _on_job_changed(sender, job, **kwargs) -> None:
    sync_job_schedule(job)


@receiver(post_delete, sender=Job, dispatch_uid="schedules.remove_on_delete")
def _on_job_deleted(sender, instance, **kwargs) -> None:
    remove_job_schedule(instance.pk)
