"""The official databricks-sdk drives clusters unchanged: its .result() waiters poll clusters/get
until the supervisor (a thread here, as in `lakeflow dev`) has the workers up or gone."""

from __future__ import annotations

from datetime import timedelta

import pytest
from databricks.sdk.errors import NotFound, PermissionDenied
from databricks.sdk.service.compute import ClusterSource, EventType, ListClustersFilterBy, State

pytestmark = pytest.mark.slow
TIMEOUT = timedelta(seconds=60)


def test_create_start_delete_events_list_and_permanent_delete(supervisor, sdk_for, admin_user):
    w = sdk_for(admin_user)
    details = w.clusters.create(
        cluster_name="sdk", spark_version="python-3.11", num_workers=1, autotermination_minutes=60
    ).result(timeout=TIMEOUT)
    assert details.state == State.RUNNING
    assert details.cluster_source == ClusterSource.API
    cluster_id = details.cluster_id

    listed = list(w.clusters.list(filter_by=ListClustersFilterBy(cluster_sources=[ClusterSource.API])))
    assert [c.cluster_id for c in listed] == [cluster_id]
    assert list(w.clusters.list(filter_by=ListClustersFilterBy(cluster_sources=[ClusterSource.JOB]))) == []

    assert w.clusters.delete(cluster_id).result(timeout=TIMEOUT).state == State.TERMINATED
    assert w.clusters.start(cluster_id).result(timeout=TIMEOUT).state == State.RUNNING
    events = list(w.clusters.events(cluster_id, page_size=2))  # the SDK follows next_page
    types = [e.type for e in events]
    assert types[0] == EventType.RUNNING  # newest first
    assert {EventType.CREATING, EventType.STARTING, EventType.TERMINATING} <= set(types)

    w.clusters.delete(cluster_id).result(timeout=TIMEOUT)
    w.clusters.permanent_delete(cluster_id)
    with pytest.raises(NotFound):
        w.clusters.get(cluster_id)


def test_node_types_spark_versions_and_permissions(supervisor, sdk_for, admin_user, member):
    w = sdk_for(admin_user)
    assert w.clusters.list_node_types().node_types[0].node_type_id == "lakeflow-local"
    assert w.clusters.spark_versions().versions[0].key.startswith("python-")
    cluster_id = w.clusters.create(cluster_name="perm", spark_version="python-3.11", num_workers=0).cluster_id
    with pytest.raises(PermissionDenied):
        sdk_for(member).clusters.get(cluster_id)
    from databricks.sdk.service.compute import ClusterAccessControlRequest, ClusterPermissionLevel

    w.clusters.update_permissions(
        cluster_id,
        access_control_list=[
            ClusterAccessControlRequest(
                user_name="member", permission_level=ClusterPermissionLevel.CAN_ATTACH_TO
            )
        ],
    )
    assert sdk_for(member).clusters.get(cluster_id).cluster_name == "perm"
    levels = w.clusters.get_permission_levels(cluster_id).permission_levels
    assert [level.permission_level for level in levels] == [
        ClusterPermissionLevel.CAN_ATTACH_TO,
        ClusterPermissionLevel.CAN_RESTART,
        ClusterPermissionLevel.CAN_MANAGE,
    ]
