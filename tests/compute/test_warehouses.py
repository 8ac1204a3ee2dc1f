"""/api/2.0/sql/warehouses through the HTTP client and the official SDK."""

from __future__ import annotations

import pytest

from compute.models import DEFAULT_WAREHOUSE_ID, Warehouse

pytestmark = pytest.mark.django_db


def test_a_default_duckdb_warehouse_exists_out_of_the_box(api, lakeflow_home):
    response = api.get("/api/2.0/sql/warehouses")
    assert response.status_code == 200
    (default,) = response.json()["warehouses"]
    assert default["id"] == DEFAULT_WAREHOUSE_ID
    assert default["state"] == "RUNNING"
    assert default["lakeflow_connection"] == f"duckdb://{lakeflow_home}/warehouses/default.duckdb"


def test_it_creates_gets_edits_and_deletes_a_warehouse(api):
    created = api.post(
        "/api/2.0/sql/warehouses", {"name": "analytics", "cluster_size": "Small"}, format="json"
    )
    assert created.status_code == 200, created.json()
    warehouse_id = created.json()["id"]
    got = api.get(f"/api/2.0/sql/warehouses/{warehouse_id}").json()
    assert (got["name"], got["cluster_size"], got["state"], got["creator_name"]) == (
        "analytics",
        "Small",
        "RUNNING",
        "owner",
    )
    assert got["odbc_params"]["path"] == f"/sql/1.0/warehouses/{warehouse_id}"
    edit = api.post(f"/api/2.0/sql/warehouses/{warehouse_id}/edit", {"auto_stop_mins": 30}, format="json")
    assert edit.status_code == 200
    assert api.get(f"/api/2.0/sql/warehouses/{warehouse_id}").json()["auto_stop_mins"] == 30
    assert api.delete(f"/api/2.0/sql/warehouses/{warehouse_id}").status_code == 200
    assert (
        api.get(f"/api/2.0/sql/warehouses/{warehouse_id}").json()["error_code"] == "RESOURCE_DOES_NOT_EXIST"
    )


@pytest.mark.parametrize(
    "body, status, words",
    [
        ({}, 400, "name"),
        ({"name": "w", "cluster_size": "Huge"}, 400, "cluster_size"),
        ({"name": "w", "auto_stop_mins": 5}, 400, "auto_stop_mins"),
        ({"name": "w", "min_num_clusters": 3, "max_num_clusters": 2}, 400, "max_num_clusters"),
        ({"name": "w", "lakeflow_connection": "mysql://x"}, 400, "lakeflow_connection"),
        ({"name": "w", "lakeflow_connection": "duckdb://relative.duckdb"}, 400, "absolute"),
        ({"name": "w", "lakeflow_connection": "postgresql://nobody@127.0.0.1:1/x"}, 400, "Cannot reach"),
        ({"name": "w", "enable_photon": "yes"}, 400, "enable_photon"),
    ],
)
def test_create_refuses_bad_fields_and_writes_nothing(api, body, status, words):
    response = api.post("/api/2.0/sql/warehouses", body, format="json")
    assert response.status_code == status
    assert words in response.json()["message"]
    assert not Warehouse.objects.exclude(id=DEFAULT_WAREHOUSE_ID).exists()


def test_names_are_unique(api):
    api.post("/api/2.0/sql/warehouses", {"name": "dup"}, format="json")
    response = api.post("/api/2.0/sql/warehouses", {"name": "dup"}, format="json")
    assert (response.status_code, response.json()["error_code"]) == (409, "RESOURCE_ALREADY_EXISTS")


def test_only_the_creator_or_an_admin_manages_a_warehouse(api, client_for, member, admin_user):
    warehouse_id = api.post("/api/2.0/sql/warehouses", {"name": "mine"}, format="json").json()["id"]
    response = client_for(member).post(f"/api/2.0/sql/warehouses/{warehouse_id}/stop", {}, format="json")
    assert response.status_code == 403
    assert client_for(admin_user).post(f"/api/2.0/sql/warehouses/{warehouse_id}/stop").status_code == 200
    assert Warehouse.objects.get(id=warehouse_id).state == "STOPPED"


def test_the_default_warehouse_cannot_be_deleted(client_for, admin_user):
    response = client_for(admin_user).delete(f"/api/2.0/sql/warehouses/{DEFAULT_WAREHOUSE_ID}")
    assert response.status_code == 409


def test_a_postgres_warehouse_masks_its_password(api, postgres_url):
    url = postgres_url.replace("postgres@", "postgres:hunter2@")
    created = api.post("/api/2.0/sql/warehouses", {"name": "pg", "lakeflow_connection": url}, format="json")
    assert created.status_code == 200, created.json()
    shown = api.get(f"/api/2.0/sql/warehouses/{created.json()['id']}").json()["lakeflow_connection"]
    assert "hunter2" not in shown and "***" in shown


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_the_sdk_manages_warehouses(sdk, postgres_url):
    from databricks.sdk.service.sql import EndpointTagPair, EndpointTags, State

    created = sdk.warehouses.create_and_wait(
        name="sdk-pg",
        cluster_size="X-Small",
        auto_stop_mins=10,
        tags=EndpointTags(
            custom_tags=[
                EndpointTagPair(key="lakeflow.connection", value=postgres_url),
                EndpointTagPair(key="team", value="data"),
            ]
        ),
    )
    assert created.state == State.RUNNING
    assert created.tags.custom_tags[0].key == "team"
    assert {w.name for w in sdk.warehouses.list()} >= {"sdk-pg", "Lakeflow default warehouse"}
    assert sdk.warehouses.stop_and_wait(created.id).state == State.STOPPED
    assert sdk.warehouses.start_and_wait(created.id).state == State.RUNNING
    sdk.warehouses.edit(created.id, name="sdk-pg-2")
    assert sdk.warehouses.get(created.id).name == "sdk-pg-2"
    sdk.warehouses.delete(created.id)
    assert not Warehouse.objects.filter(id=created.id).exists()


def test_idle_warehouses_stop_after_auto_stop_mins(owner):
    from datetime import timedelta

    from django.utils import timezone

    from compute.warehouses import ensure_default_warehouse, stop_idle_warehouses

    ensure_default_warehouse()  # auto_stop_mins 0: never stops
    idle = Warehouse.objects.create(name="idle", auto_stop_mins=10, creator=owner)
    busy = Warehouse.objects.create(
        name="busy", auto_stop_mins=10, creator=owner, last_used_at=timezone.now()
    )
    later = timezone.now() + timedelta(minutes=9)
    Warehouse.objects.filter(id=idle.id).update(created_at=timezone.now() - timedelta(minutes=5))
    assert stop_idle_warehouses(now=later) == [idle.id]
    assert Warehouse.objects.get(id=busy.id).state == "RUNNING"
    assert Warehouse.objects.get(id=DEFAULT_WAREHOUSE_ID).state == "RUNNING"
