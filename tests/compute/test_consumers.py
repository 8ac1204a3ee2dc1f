"""Compute websockets through the full ASGI stack: who may connect to /ws/compute/ and
/ws/clusters/<id>/, and that committed cluster and warehouse changes arrive in the REST shapes."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async

from compute import services
from compute import warehouses as warehouse_services
from compute.choices import ClusterPermissionLevel
from compute.models import ClusterPermission, Warehouse
from lakeflow.consumers import CLOSE_DENIED, CLOSE_NOT_FOUND, CLOSE_UNAUTHENTICATED
from tests.conftest import token_for
from tests.runs.test_consumers import ORIGIN, bearer, connect, next_of_type, run_async, session

SPEC = {"cluster_name": "live", "spark_version": "python-3.11", "num_workers": 1}


@pytest.fixture
def cluster(transactional_db, owner):
    return services.create_cluster(user=owner, spec=SPEC)


@pytest.fixture
def warehouse(transactional_db, owner):
    return warehouse_services.create_warehouse(user=owner, fields={"name": "wh"})


def paths(cluster) -> list[str]:
    return ["/ws/compute/", f"/ws/clusters/{cluster.cluster_id}/"]


def outcome(path: str, headers) -> tuple[bool, int | None]:
    async def scenario():
        communicator, connected, code = await connect(path, headers)
        if connected:
            await communicator.disconnect()
        return connected, code

    return run_async(scenario)


@pytest.mark.parametrize("which", [0, 1], ids=["compute", "cluster"])
@pytest.mark.parametrize("headers", [bearer, session], ids=["bearer", "session"])
def test_the_creator_connects_with_a_token_or_the_session_cookie(cluster, owner, which, headers):
    assert outcome(paths(cluster)[which], headers(owner)) == (True, None)


@pytest.mark.parametrize("which", [0, 1], ids=["compute", "cluster"])
def test_an_anonymous_socket_is_refused_with_4401(cluster, which):
    assert outcome(paths(cluster)[which], [ORIGIN]) == (False, CLOSE_UNAUTHENTICATED)


@pytest.mark.parametrize("which", [0, 1], ids=["compute", "cluster"])
@pytest.mark.parametrize("origin", [b"http://evil.example", None])
def test_a_foreign_or_missing_origin_is_refused(cluster, owner, which, origin):
    headers = [(b"authorization", f"Bearer {token_for(owner)}".encode())]
    if origin is not None:
        headers.append((b"origin", origin))
    assert outcome(paths(cluster)[which], headers)[0] is False


def test_a_cluster_socket_needs_can_attach_to_like_clusters_get(cluster, member, outsider):
    path = f"/ws/clusters/{cluster.cluster_id}/"
    assert outcome(path, bearer(outsider)) == (False, CLOSE_DENIED)
    ClusterPermission.objects.create(cluster=cluster, user=member, level=ClusterPermissionLevel.CAN_ATTACH_TO)
    assert outcome(path, bearer(member)) == (True, None)


@pytest.mark.parametrize("cluster_id", ["0000-000000-missing0", "no%20such"])
def test_an_unknown_cluster_is_refused_with_4404(transactional_db, owner, cluster_id):
    assert outcome(f"/ws/clusters/{cluster_id}/", bearer(owner)) == (False, CLOSE_NOT_FOUND)


def test_a_termination_reaches_both_sockets_in_the_clusters_get_and_events_shapes(cluster, owner, client_for):
    api = client_for(owner)
    sent = bearer(owner)

    async def scenario():
        compute, ok1, _ = await connect("/ws/compute/", sent)
        one, ok2, _ = await connect(f"/ws/clusters/{cluster.cluster_id}/", sent)
        assert ok1 and ok2
        await database_sync_to_async(services.terminate_cluster)(cluster=cluster, user=owner)
        got = (
            await next_of_type(compute, "cluster.updated"),
            await next_of_type(one, "cluster.event"),
            await next_of_type(one, "cluster.updated"),
        )
        await compute.disconnect()
        await one.disconnect()
        return got

    on_compute, event, on_cluster = run_async(scenario)
    rest = api.get("/api/2.1/clusters/get", {"cluster_id": cluster.cluster_id}).json()
    assert on_compute["cluster"]["state"] == "TERMINATING"
    assert on_compute["cluster"] == on_cluster["cluster"] == rest
    events = api.post("/api/2.1/clusters/events", {"cluster_id": cluster.cluster_id}, format="json").json()
    assert event == {"type": "cluster.event", "cluster_id": cluster.cluster_id, "event": events["events"][0]}
    assert event["event"]["type"] == "TERMINATING"


def test_the_compute_socket_leaves_out_clusters_the_user_cannot_see(cluster, warehouse, owner, outsider):
    sent = bearer(outsider)

    async def scenario():
        socket, ok, _ = await connect("/ws/compute/", sent)
        assert ok
        await database_sync_to_async(services.terminate_cluster)(cluster=cluster, user=owner)
        await database_sync_to_async(warehouse_services.stop_warehouse)(user=owner, warehouse_id=warehouse.id)
        first = await socket.receive_json_from(5)  # the warehouse: every user sees warehouses
        assert await socket.receive_nothing(0.3)
        await socket.disconnect()
        return first

    assert run_async(scenario)["type"] == "warehouse.updated"


@pytest.mark.parametrize("operation", ["stop", "start"])
def test_warehouse_start_and_stop_reach_the_compute_socket_in_the_warehouse_get_shape(
    warehouse, owner, client_for, operation
):
    if operation == "start":
        warehouse_services.stop_warehouse(user=owner, warehouse_id=warehouse.id)
    change = getattr(warehouse_services, f"{operation}_warehouse")
    sent = bearer(owner)

    async def scenario():
        socket, ok, _ = await connect("/ws/compute/", sent)
        assert ok
        await database_sync_to_async(change)(user=owner, warehouse_id=warehouse.id)
        message = await next_of_type(socket, "warehouse.updated")
        await socket.disconnect()
        return message

    message = run_async(scenario)
    rest = client_for(owner).get(f"/api/2.0/sql/warehouses/{warehouse.id}").json()
    assert message["warehouse"] == rest
    assert rest["state"] == {"stop": "STOPPED", "start": "RUNNING"}[operation]


def test_a_deleted_warehouse_and_a_permanently_deleted_cluster_are_announced(cluster, warehouse, owner):
    sent = bearer(owner)

    async def scenario():
        socket, ok, _ = await connect("/ws/compute/", sent)
        assert ok
        await database_sync_to_async(warehouse_services.delete_warehouse)(
            user=owner, warehouse_id=warehouse.id
        )
        await database_sync_to_async(services.permanent_delete_cluster)(cluster=cluster, user=owner)
        got = await next_of_type(socket, "warehouse.deleted"), await next_of_type(socket, "cluster.deleted")
        await socket.disconnect()
        return got

    gone_warehouse, gone_cluster = run_async(scenario)
    assert gone_warehouse == {"type": "warehouse.deleted", "id": warehouse.id}
    assert gone_cluster == {"type": "cluster.deleted", "cluster_id": cluster.cluster_id}
    assert not Warehouse.objects.filter(id=warehouse.id).exists()


def test_only_committed_changes_are_published(cluster, owner):
    """A transition rolled back with its transaction sends nothing."""
    from django.db import transaction

    def terminate_then_roll_back():
        try:
            with transaction.atomic():
                services.terminate_cluster(cluster=cluster, user=owner)
                raise RuntimeError("roll back")
        except RuntimeError:
            pass

    sent = bearer(owner)

    async def scenario():
        socket, ok, _ = await connect(f"/ws/clusters/{cluster.cluster_id}/", sent)
        assert ok
        await database_sync_to_async(terminate_then_roll_back)()
        quiet = await socket.receive_nothing(0.3)
        await socket.disconnect()
        return quiet

    assert run_async(scenario)
