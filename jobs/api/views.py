"""Jobs API 2.2 (and 2.1): jobs/{create,get,list,update,reset,delete}; job permissions
(/api/2.0/permissions/jobs/...); and the editor's version history (/api/ui/jobs/<id>/versions).

Views read the request (Params), call jobs.services, and answer with jobs.api.wire shapes.
"""

from __future__ import annotations

from django.db import transaction
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from compute.placement import warnings_body
from jobs import permissions, services
from jobs.api import schema as s
from jobs.api import wire
from jobs.models import Job
from lakeflow.api.errors import invalid, malformed, not_found
from lakeflow.api.params import Params
from runs.api.paging import page


class JobsApiView(APIView):
    """A Jobs API endpoint, served under /api/2.2/ and /api/2.1/ (urls.py sets api_version)."""

    api_version = "2.2"


JOB_ID = OpenApiParameter("job_id", int, required=True, description="The job's id.")


def _job(request: Request, params: Params, level: str) -> Job:
    return permissions.get_job_for(request.user, params.int("job_id", required=True), level)


def _settings_body(params: Params, name: str) -> dict:
    value = params.raw(name)
    if value is None:
        raise invalid(f"Missing required field: {name}")
    if not isinstance(value, dict):
        raise malformed(f"Field {name} must be an object.")
    return value


@extend_schema(tags=["Jobs"], request=s.JobSettingsSerializer, responses=s.CreateJobResponseSerializer)
class CreateJobView(JobsApiView):
    """Create a job; the caller owns it. Optional access_control_list grants levels at once."""

    def post(self, request: Request) -> Response:
        params = Params.of(request)
        acl = params.list("access_control_list")
        settings = {k: v for k, v in params.data.items() if k != "access_control_list"}
        with transaction.atomic():
            job = services.create_job(user=request.user, settings=settings)
            if acl:
                services.set_permissions(user=request.user, job=job, acl=acl, replace=False)
        return Response({"job_id": job.pk, **warnings_body(job)})  # e.g. a schedule on an all-purpose cluster


@extend_schema(
    tags=["Jobs"],
    parameters=[
        JOB_ID,
        OpenApiParameter("page_token", str, description="next_page_token of the previous page"),
    ],
    responses=s.JobSerializer,
)
class GetJobView(JobsApiView):
    def get(self, request: Request) -> Response:
        params = Params.of(request)
        job_id = _job(request, params, permissions.VIEW).pk
        if self.api_version == "2.1":  # 2.1 returns every task at once
            return Response(
                wire.job_object(services.with_rows(Job.objects.filter(pk=job_id)).get(), paged=False)
            )
        # 2.2 reads the tasks of the requested page only, so the small arrays alone are prefetched.
        job = Job.objects.select_related("owner", "run_as").prefetch_related("parameters", "job_clusters")
        page = wire.parse_array_page(params.str("page_token"))
        return Response(wire.job_object(job.get(pk=job_id), page=page))


@extend_schema(
    tags=["Jobs"],
    parameters=[
        OpenApiParameter("limit", int, description="1-100, default 20"),
        OpenApiParameter("offset", int),
        OpenApiParameter("page_token", str),
        OpenApiParameter("name", str, description="exact job name, case-insensitive"),
        OpenApiParameter("expand_tasks", bool),
    ],
    responses=s.ListJobsResponseSerializer,
)
class ListJobsView(JobsApiView):
    def get(self, request: Request) -> Response:
        params = Params.of(request)
        limit = params.int("limit", default=20, min=0, max=100) or 20  # 0 means the default
        # Bounded: past int64 the database cannot take the OFFSET (was a 500; found by fuzzing).
        offset = params.int("offset", default=0, min=0, max=2**62)
        expand = params.bool("expand_tasks")
        jobs = permissions.visible_jobs(request.user)
        name = params.str("name")
        if name:
            jobs = jobs.filter(name__iexact=name)
        rows, next_token, prev_token = page(
            services.with_rows(jobs), limit=limit, offset=offset, token=params.str("page_token")
        )
        paged = self.api_version != "2.1"
        body: dict = {
            "jobs": [wire.base_job(job, expand_tasks=expand, paged=paged) for job in rows],
            "has_more": bool(next_token),
        }
        if next_token:
            body["next_page_token"] = next_token
        if prev_token:
            body["prev_page_token"] = prev_token
        return Response(body)


@extend_schema(tags=["Jobs"], request=s.UpdateJobRequestSerializer, responses=s.EmptySerializer)
class UpdateJobView(JobsApiView):
    """Partial update: top-level fields replaced, tasks/job_clusters/parameters merged by key."""

    def post(self, request: Request) -> Response:
        params = Params.of(request)
        job = _job(request, params, permissions.MANAGE)
        new_settings = params.dict("new_settings", default={})
        fields_to_remove = params.list("fields_to_remove", default=[])
        services.update_job(
            user=request.user, job=job, new_settings=new_settings, fields_to_remove=fields_to_remove
        )
        return Response(warnings_body(job))


@extend_schema(tags=["Jobs"], request=s.ResetJobRequestSerializer, responses=s.EmptySerializer)
class ResetJobView(JobsApiView):
    def post(self, request: Request) -> Response:
        params = Params.of(request)
        job = _job(request, params, permissions.MANAGE)
        services.reset_job(user=request.user, job=job, new_settings=_settings_body(params, "new_settings"))
        return Response(warnings_body(job))


@extend_schema(tags=["Jobs"], request=s.JobIdRequestSerializer, responses=s.EmptySerializer)
class DeleteJobView(JobsApiView):
    def post(self, request: Request) -> Response:
        params = Params.of(request)
        job = _job(request, params, permissions.MANAGE)
        services.delete_job(user=request.user, job=job)
        return Response({})


# -- permissions ---------------------------------------------------------------------------------


def _permission_job(request: Request, job_id: str, level: str) -> Job:
    """The permissions API names the job in its path; unknown ids are 404 there."""
    if not job_id.isdigit() or not Job.objects.filter(pk=int(job_id)).exists():
        raise not_found(f"Job {job_id} does not exist.")
    return permissions.get_job_for(request.user, int(job_id), level)


@extend_schema(tags=["Permissions"])
class JobPermissionsView(APIView):
    @extend_schema(responses=s.ObjectPermissionsSerializer)
    def get(self, request: Request, job_id: str) -> Response:
        return Response(wire.job_permissions(_permission_job(request, job_id, permissions.VIEW)))

    @extend_schema(request=s.SetPermissionsRequestSerializer, responses=s.ObjectPermissionsSerializer)
    def put(self, request: Request, job_id: str) -> Response:
        """Replace the job's access-control list (the owner stays unless IS_OWNER names another)."""
        return self._change(request, job_id, replace=True)

    @extend_schema(request=s.SetPermissionsRequestSerializer, responses=s.ObjectPermissionsSerializer)
    def patch(self, request: Request, job_id: str) -> Response:
        """Add or change the listed entries, keeping the others."""
        return self._change(request, job_id, replace=False)

    def _change(self, request: Request, job_id: str, *, replace: bool) -> Response:
        job = _permission_job(request, job_id, permissions.MANAGE)
        acl = Params.of(request).list("access_control_list", default=[])
        job = services.set_permissions(user=request.user, job=job, acl=acl, replace=replace)
        return Response(wire.job_permissions(job))


@extend_schema(tags=["Permissions"], responses=s.PermissionLevelsSerializer)
class JobPermissionLevelsView(APIView):
    def get(self, request: Request, job_id: str) -> Response:
        _permission_job(request, job_id, permissions.VIEW)
        return Response(wire.permission_levels())


# -- versions (the editor's history panel) ---------------------------------------------------------


@extend_schema(tags=["Job versions (UI)"], responses=s.VersionListSerializer)
class JobVersionsView(APIView):
    def get(self, request: Request, job_id: int) -> Response:
        job = permissions.get_job_for(request.user, job_id, permissions.VIEW)
        versions = job.versions.select_related("author").order_by("-version")
        return Response({"versions": [wire.version_summary(v) for v in versions]})


def _version(job: Job, number: int):
    version = job.versions.select_related("author").filter(version=number).first()
    if version is None:
        raise not_found(f"Job {job.pk} has no version {number}.")
    return version


@extend_schema(tags=["Job versions (UI)"], responses=s.VersionSerializer)
class JobVersionView(APIView):
    def get(self, request: Request, job_id: int, version: int) -> Response:
        job = permissions.get_job_for(request.user, job_id, permissions.VIEW)
        return Response(wire.version_object(_version(job, version)))


@extend_schema(tags=["Job versions (UI)"], request=None, responses=s.VersionSerializer)
class RestoreJobVersionView(APIView):
    """Make a past version current again; written as a new version (change "restore")."""

    def post(self, request: Request, job_id: int, version: int) -> Response:
        job = permissions.get_job_for(request.user, job_id, permissions.MANAGE)
        _version(job, version)
        services.restore_version(user=request.user, job=job, version=version)
        return Response(
            wire.version_object(job.versions.select_related("author").order_by("-version").first())
        )
