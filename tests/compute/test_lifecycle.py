"""The cluster state machine: every FROM -> TO pair, allowed or refused, over the one table."""

from __future__ import annotations

import itertools

import pytest

from compute.choices import ClusterState
from compute.lifecycle import ALLOWED, EVENT_ON_ENTER, IllegalTransition, transition
from compute.models import Cluster

STATES = list(ClusterState)


@pytest.fixture
def make(admin_user):
    def at(state: str) -> Cluster:
        return Cluster.objects.create(cluster_name="c", state=state, creator=admin_user)

    return at


@pytest.mark.parametrize(("source", "target"), list(itertools.product(STATES, STATES)))
def test_every_transition_follows_the_table(make, source, target):
    cluster = make(source)
    if target in ALLOWED[source]:
        transition(cluster, target, message="why")
        cluster.refresh_from_db()
        assert cluster.state == target and cluster.state_message == "why"
        types = list(cluster.events.values_list("type", flat=True))
        assert types == ([EVENT_ON_ENTER[target]] if target in EVENT_ON_ENTER else [])
    else:
        with pytest.raises(IllegalTransition):
            transition(cluster, target)
        cluster.refresh_from_db()
        assert cluster.state == source and not cluster.events.exists()


def test_terminated_is_left_only_by_starting(make):
    assert ALLOWED[ClusterState.TERMINATED] == {ClusterState.PENDING}


def test_starting_resets_the_termination_and_stamps_the_start(make):
    cluster = make(ClusterState.TERMINATED)
    cluster.termination_reason = {"code": "INACTIVITY"}
    cluster.save()
    transition(cluster, ClusterState.PENDING, event="STARTING")
    cluster.refresh_from_db()
    assert cluster.termination_reason is None and cluster.start_time is not None
    assert list(cluster.events.values_list("type", flat=True)) == ["STARTING"]


def test_an_error_records_the_reason(make):
    cluster = make(ClusterState.PENDING)
    transition(cluster, ClusterState.ERROR, message="boom")
    event = cluster.events.get()
    assert event.type == "ADD_NODES_FAILED"
    assert event.details["reason"]["code"] == "INIT_FAILURE"
