"""Admin for jobs: browse everything; edit a job's top-level fields through jobs.services (so the
change is validated and written as a JobVersion like any other); versions are read-only.

Tasks are shown inline read-only: the DAG is edited in the job editor or through the API, where
the whole task list is validated together.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from jobs import services
from jobs.choices import PermissionLevel
from jobs.models import Job, JobPermission, JobVersion, Task
from jobs.validation import validate_job_settings
from lakeflow.api.errors import ApiError
from lakeflow.audit import audit
from lakeflow.audit.grants import AuditedGrantsInlineMixin, record_acl

# Job columns the admin form edits, and their place in the wire settings.
EDITABLE = ("name", "description", "tags", "max_concurrent_runs", "timeout_seconds", "queue_enabled")


def _settings_with(job: Job, data: dict) -> dict:
    settings = services.job_settings(job)
    for field in EDITABLE:
        if field not in data:
            continue
        if field == "queue_enabled":
            settings["queue"] = {"enabled": data[field]}
        else:
            settings[field] = data[field]
    return settings


class JobAdminForm(forms.ModelForm):
    class Meta:
        model = Job
        fields = (*EDITABLE, "owner")

    def clean(self) -> dict:
        data = super().clean()
        if self.instance.pk:
            try:
                validate_job_settings(_settings_with(Job.objects.get(pk=self.instance.pk), data))
            except ApiError as error:
                raise forms.ValidationError(error.message) from error
        return data


class TaskInline(admin.TabularInline):
    model = Task
    fields = ("task_key", "task_type", "run_if", "disabled", "max_retries", "timeout_seconds", "spec")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class JobPermissionInline(admin.TabularInline):
    model = JobPermission
    fields = ("user", "group", "level")
    extra = 0


@admin.register(Job)
class JobAdmin(AuditedGrantsInlineMixin, admin.ModelAdmin):
    form = JobAdminForm
    grant_model = JobPermission
    grant_action = audit.Action.JOB_PERMISSIONS
    grant_target_type = "job"
    list_display = ("id", "name", "owner", "created_at", "updated_at")
    search_fields = ("name", "owner__username")
    list_select_related = ("owner",)
    inlines = (TaskInline, JobPermissionInline)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # jobs are created in the editor, through the API or `lakeflow jobs deploy`

    def save_model(self, request: HttpRequest, obj: Job, form, change: bool) -> None:
        current = Job.objects.get(pk=obj.pk)
        if obj.owner_id != current.owner_id:
            # An owner change is a permission change: the service checks and records it.
            owner = {"user_name": obj.owner.username, "permission_level": PermissionLevel.IS_OWNER}
            current = services.set_permissions(user=request.user, job=current, acl=[owner], replace=False)
        new_settings = {k: v for k, v in _settings_with(current, form.cleaned_data).items() if k != "tasks"}
        services.update_job(user=request.user, job=current, new_settings=new_settings)
        messages.info(request, "Saved as a new version of the job.")

    def delete_model(self, request: HttpRequest, obj: Job) -> None:
        services.delete_job(user=request.user, job=obj)


@admin.register(JobVersion)
class JobVersionAdmin(admin.ModelAdmin):
    list_display = ("job", "version", "change", "author", "created_at")
    list_filter = ("change",)
    search_fields = ("job__name",)
    list_select_related = ("job", "author")
    readonly_fields = ("job", "version", "settings", "author", "created_at", "change")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(JobPermission)
class JobPermissionAdmin(admin.ModelAdmin):
    """Grants edited one by one; each change is recorded with the job's whole list afterwards."""

    list_display = ("job", "user", "group", "level")
    list_filter = ("level",)
    search_fields = ("job__name", "user__username", "group__name")
    list_select_related = ("job", "user", "group")

    def save_model(self, request: HttpRequest, obj: JobPermission, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        self._record(request, [obj.job_id])

    def delete_model(self, request: HttpRequest, obj: JobPermission) -> None:
        super().delete_model(request, obj)
        self._record(request, [obj.job_id])

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[JobPermission]) -> None:
        job_ids = sorted(set(queryset.values_list("job_id", flat=True)))
        super().delete_queryset(request, queryset)
        self._record(request, job_ids)

    def _record(self, request: HttpRequest, job_ids: list[int]) -> None:
        for job_id in job_ids:
            grants = JobPermission.objects.filter(job_id=job_id)
            record_acl(request.user, audit.Action.JOB_PERMISSIONS, "job", job_id, grants)
