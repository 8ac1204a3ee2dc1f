"""Clusters API 2.1 through the HTTP client: specs, errors, listing, events, permissions.

No worker is started here (nothing runs the supervisor): clusters stay where the API put them.
"""

from __future__ import annotations

import pytest

from compute.choices import ClusterState
from compute.lifecycle import transition
from compute.models import Cluster

SPEC = {"cluster_name": "analytics", "spark_version": "python-3.11", "num_workers": 2}


@pytest.fixture
def admin_api(client_for, admin_user):
    return client_for(admin_user)


def create(client, **overrides):
    return client.post("/api/2.1/clusters/create", {**SPEC, **overrides}, format="json")


def test_an_admin_creates_a_pending_cluster_with_a_databricks_style_id(admin_api):
    response = create(admin_api, spark_env_vars={"A": "1"}, custom_tags={"team": "x"}, node_type_id="n1")
    assert response.status_code == 200, response.json()
    cluster_id = response.json()["cluster_id"]
    assert len(cluster_id.split("-")) == 3
    body = admin_api.get("/api/2.1/clusters/get", {"cluster_id": cluster_id}).json()
    assert body["state"] == "PENDING"
    assert body["cluster_source"] == "API"
    assert body["spark_env_vars"] == {"A": "1"}
    assert body["custom_tags"] == {"team": "x"}
    assert body["node_type_id"] == "n1"
    assert body["num_workers"] == 2
    assert body["creator_user_name"] == "admin"


def test_the_2_0_paths_are_aliases(admin_api):
    cluster_id = create(admin_api).json()["cluster_id"]
    assert admin_api.get("/api/2.0/clusters/get", {"cluster_id": cluster_id}).status_code == 200


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"num_workers": -1}, "num_workers must not be negative"),
        ({"num_workers": None, "autoscale": {"min_workers": 4, "max_workers": 2}}, "must not be greater"),
        ({"autoscale": {"min_workers": 1, "max_workers": 2}}, "may set only one of num_workers, autoscale"),
        ({"num_workers": 1000}, "num_workers must be at most"),
        ({"autotermination_minutes": 3}, "autotermination_minutes must be 0 (never) or between 10"),
        ({"spark_version": None}, "spark_version is required"),
        ({"data_security_mode": "SINGLE_USER"}, "single_user_name is required"),
    ],
)
def test_a_bad_spec_is_refused_with_a_message_naming_the_field(admin_api, overrides, message):
    response = create(admin_api, **overrides)
    assert response.status_code == 400
    assert message in response.json()["message"]
    assert not Cluster.objects.exists()


def test_a_wrongly_typed_field_is_a_malformed_request(admin_api):
    response = create(admin_api, num_workers="two")
    assert response.status_code == 400
    assert response.json()["error_code"] == "MALFORMED_REQUEST"


def test_an_unknown_cluster_is_reported_as_databricks_does(admin_api):
    response = admin_api.get("/api/2.1/clusters/get", {"cluster_id": "0000-000000-nothere0"})
    assert response.status_code == 400
    assert response.json() == {
        "error_code": "INVALID_PARAMETER_VALUE",
        "message": "Cluster 0000-000000-nothere0 does not exist",
    }


def test_a_user_without_the_entitlement_cannot_create_clusters(api):
    response = create(api)
    assert response.status_code == 403
    assert "allow-cluster-create" in response.json()["message"]


def test_a_user_an_admin_allowed_can_create_clusters(client_for, member):
    from django.contrib.auth.models import Permission

    member.user_permissions.add(
        Permission.objects.get(codename="add_cluster", content_type__app_label="compute")
    )
    assert create(client_for(member)).status_code == 200


def test_list_filters_by_cluster_source_and_pages(admin_api, admin_user):
    from compute import services

    for index in range(3):
        create(admin_api, cluster_name=f"c{index}")
    services.create_cluster(user=admin_user, spec={"cluster_name": "job"}, source="JOB", kind="JOB")
    everything = admin_api.get("/api/2.1/clusters/list").json()["clusters"]
    assert len(everything) == 4
    jobs_only = admin_api.get("/api/2.1/clusters/list", {"filter_by.cluster_sources": "JOB"}).json()
    assert [c["cluster_name"] for c in jobs_only["clusters"]] == ["job"]
    first = admin_api.get("/api/2.1/clusters/list", {"page_size": 2}).json()
    assert len(first["clusters"]) == 2
    second = admin_api.get(
        "/api/2.1/clusters/list", {"page_size": 2, "page_token": first["next_page_token"]}
    ).json()
    assert len(second["clusters"]) == 2
    assert "next_page_token" not in second
    names = {c["cluster_name"] for c in first["clusters"] + second["clusters"]}
    assert names == {"c0", "c1", "c2", "job"}


def test_events_are_typed_filtered_and_paged(admin_api):
    cluster_id = create(admin_api).json()["cluster_id"]
    cluster = Cluster.objects.get(cluster_id=cluster_id)
    transition(cluster, ClusterState.RUNNING)
    transition(cluster, ClusterState.TERMINATING)
    transition(cluster, ClusterState.TERMINATED)
    body = admin_api.post(
        "/api/2.1/clusters/events", {"cluster_id": cluster_id, "order": "ASC"}, format="json"
    )
    assert [e["type"] for e in body.json()["events"]] == ["CREATING", "RUNNING", "TERMINATING"]
    page = admin_api.post(
        "/api/2.1/clusters/events", {"cluster_id": cluster_id, "limit": 2, "order": "DESC"}, format="json"
    ).json()
    assert [e["type"] for e in page["events"]] == ["TERMINATING", "RUNNING"]
    assert page["total_count"] == 3
    rest = admin_api.post("/api/2.1/clusters/events", page["next_page"], format="json").json()
    assert [e["type"] for e in rest["events"]] == ["CREATING"]
    only = admin_api.post(
        "/api/2.1/clusters/events", {"cluster_id": cluster_id, "event_types": ["RUNNING"]}, format="json"
    ).json()
    assert [e["type"] for e in only["events"]] == ["RUNNING"]


def test_starting_a_running_cluster_is_an_invalid_state(admin_api):
    cluster_id = create(admin_api).json()["cluster_id"]
    transition(Cluster.objects.get(cluster_id=cluster_id), ClusterState.RUNNING)
    response = admin_api.post("/api/2.1/clusters/start", {"cluster_id": cluster_id}, format="json")
    assert response.status_code == 409
    assert "unexpected state RUNNING" in response.json()["message"]


def test_delete_terminates_and_permanent_delete_hides_the_cluster(admin_api):
    cluster_id = create(admin_api).json()["cluster_id"]
    assert (
        admin_api.post("/api/2.1/clusters/delete", {"cluster_id": cluster_id}, format="json").status_code
        == 200
    )
    assert Cluster.objects.get(cluster_id=cluster_id).state == ClusterState.TERMINATING
    admin_api.post("/api/2.1/clusters/permanent-delete", {"cluster_id": cluster_id}, format="json")
    assert admin_api.get("/api/2.1/clusters/get", {"cluster_id": cluster_id}).status_code == 400
    assert admin_api.get("/api/2.1/clusters/list").json()["clusters"] == []


def test_resize_of_a_running_cluster_sets_the_new_target(admin_api):
    cluster_id = create(admin_api).json()["cluster_id"]
    transition(Cluster.objects.get(cluster_id=cluster_id), ClusterState.RUNNING)
    response = admin_api.post(
        "/api/2.1/clusters/resize",
        {"cluster_id": cluster_id, "autoscale": {"min_workers": 1, "max_workers": 3}},
        format="json",
    )
    assert response.status_code == 200
    cluster = Cluster.objects.get(cluster_id=cluster_id)
    assert cluster.state == ClusterState.RESIZING
    assert (cluster.autoscale_min_workers, cluster.autoscale_max_workers, cluster.target_workers) == (1, 3, 1)


def test_node_types_and_spark_versions_describe_this_installation(api):
    node = api.get("/api/2.1/clusters/list-node-types").json()["node_types"][0]
    assert node["node_type_id"] == "lakeflow-local"
    assert node["num_cores"] >= 1 and node["memory_mb"] > 0
    versions = api.get("/api/2.1/clusters/spark-versions").json()["versions"]
    assert versions[0]["key"].startswith("python-3.")


# -- permissions matrix -------------------------------------------------------------------------

ACTIONS = [
    ("get", "ATTACH"),
    ("events", "ATTACH"),
    ("start", "RESTART"),
    ("delete", "RESTART"),
    ("edit", "MANAGE"),
]
RANK = {None: -1, "CAN_ATTACH_TO": 0, "CAN_RESTART": 1, "CAN_MANAGE": 2}
NEEDED = {"ATTACH": 0, "RESTART": 1, "MANAGE": 2}


@pytest.mark.parametrize("granted", [None, "CAN_ATTACH_TO", "CAN_RESTART", "CAN_MANAGE"])
@pytest.mark.parametrize(("action", "needs"), ACTIONS)
def test_the_permission_matrix(admin_api, client_for, member, granted, action, needs):
    cluster_id = create(admin_api).json()["cluster_id"]
    cluster = Cluster.objects.get(cluster_id=cluster_id)
    transition(cluster, ClusterState.ERROR, message="x")  # a state where start/delete/edit are all legal
    if granted:
        admin_api.patch(
            f"/api/2.0/permissions/clusters/{cluster_id}",
            {"access_control_list": [{"user_name": "member", "permission_level": granted}]},
            format="json",
        )
    client = client_for(member)
    if action == "get":
        response = client.get("/api/2.1/clusters/get", {"cluster_id": cluster_id})
    else:
        response = client.post(
            f"/api/2.1/clusters/{action}", {**SPEC, "cluster_id": cluster_id}, format="json"
        )
    allowed = RANK[granted] >= NEEDED[needs]
    assert (response.status_code == 200) == allowed, response.json()
    if not allowed:
        assert response.status_code == 403


def test_permissions_api_lists_the_creator_grants_and_levels(admin_api, member):
    cluster_id = create(admin_api).json()["cluster_id"]
    response = admin_api.put(
        f"/api/2.0/permissions/clusters/{cluster_id}",
        {"access_control_list": [{"user_name": "member", "permission_level": "CAN_RESTART"}]},
        format="json",
    )
    assert response.status_code == 200
    acl = {
        e.get("user_name") or e.get("group_name"): e["all_permissions"][0]["permission_level"]
        for e in response.json()["access_control_list"]
    }
    assert acl == {"admin": "CAN_MANAGE", "member": "CAN_RESTART", "admins": "CAN_MANAGE"}
    body = admin_api.get(f"/api/2.0/permissions/clusters/{cluster_id}").json()
    assert body["object_id"] == f"/clusters/{cluster_id}"
    levels = admin_api.get(f"/api/2.0/permissions/clusters/{cluster_id}/permissionLevels").json()
    assert [x["permission_level"] for x in levels["permission_levels"]] == [
        "CAN_ATTACH_TO",
        "CAN_RESTART",
        "CAN_MANAGE",
    ]


def test_an_unknown_permission_level_is_refused(admin_api, member):
    cluster_id = create(admin_api).json()["cluster_id"]
    response = admin_api.patch(
        f"/api/2.0/permissions/clusters/{cluster_id}",
        {"access_control_list": [{"user_name": "member", "permission_level": "IS_OWNER"}]},
        format="json",
    )
    assert response.status_code == 400
    assert "permission_level must be one of" in response.json()["message"]


def test_edit_of_a_terminated_cluster_replaces_the_spec_and_records_it(admin_api):
    cluster_id = create(admin_api).json()["cluster_id"]
    cluster = Cluster.objects.get(cluster_id=cluster_id)
    transition(cluster, ClusterState.RUNNING)
    transition(cluster, ClusterState.TERMINATING)
    transition(cluster, ClusterState.TERMINATED)
    body = {**SPEC, "cluster_id": cluster_id, "num_workers": 4, "spark_env_vars": {"MODE": "edited"}}
    assert admin_api.post("/api/2.1/clusters/edit", body, format="json").status_code == 200
    got = admin_api.get("/api/2.1/clusters/get", {"cluster_id": cluster_id}).json()
    assert (got["state"], got["num_workers"], got["spark_env_vars"]) == ("TERMINATED", 4, {"MODE": "edited"})
    assert Cluster.objects.get(cluster_id=cluster_id).events.filter(type="EDITED").exists()


def test_edit_of_a_running_cluster_restarts_it(admin_api):
    cluster_id = create(admin_api).json()["cluster_id"]
    transition(Cluster.objects.get(cluster_id=cluster_id), ClusterState.RUNNING)
    admin_api.post("/api/2.1/clusters/edit", {**SPEC, "cluster_id": cluster_id}, format="json")
    assert Cluster.objects.get(cluster_id=cluster_id).state == ClusterState.RESTARTING


def test_events_accept_any_databricks_event_type(admin_api):
    cluster_id = create(admin_api).json()["cluster_id"]
    body = {"cluster_id": cluster_id, "event_types": ["AUTOSCALING_STATS_REPORT"]}
    response = admin_api.post("/api/2.1/clusters/events", body, format="json")
    assert response.status_code == 200
    assert response.json()["events"] == []
    bad = admin_api.post(
        "/api/2.1/clusters/events", {"cluster_id": cluster_id, "event_types": ["x y"]}, format="json"
    )
    assert bad.status_code == 400
