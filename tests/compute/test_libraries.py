"""Libraries API 2.0: a wheel installed into the cluster's own environment, for real (pip)."""

from __future__ import annotations

import base64
import hashlib
import subprocess
import zipfile

import pytest

from compute import services
from compute.libraries import cluster_python
from compute.models import ClusterLibrary
from tests.compute.conftest import wait_until


def build_wheel(directory, name: str = "lakeflow_demo_lib", version: str = "1.0") -> str:
    """A minimal pure-Python wheel (a module exposing ANSWER = 42), written by hand."""
    path = directory / f"{name}-{version}-py3-none-any.whl"
    dist = f"{name}-{version}.dist-info"
    files = {
        f"{name}.py": "ANSWER = 42\n",
        f"{dist}/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n",
        f"{dist}/WHEEL": "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = []
    with zipfile.ZipFile(path, "w") as wheel:
        for file, text in files.items():
            wheel.writestr(file, text)
            digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=").decode()
            record.append(f"{file},sha256={digest},{len(text.encode())}")
        record.append(f"{dist}/RECORD,,")
        wheel.writestr(f"{dist}/RECORD", "\n".join(record) + "\n")
    return str(path)


@pytest.fixture
def cluster(transactional_db, admin_user):
    return services.create_cluster(
        user=admin_user, spec={"cluster_name": "libs", "spark_version": "python-3.11"}
    )


@pytest.mark.slow
def test_a_wheel_is_installed_into_the_cluster_environment(client_for, admin_user, cluster, tmp_path):
    api = client_for(admin_user)
    wheel = build_wheel(tmp_path)
    response = api.post(
        "/api/2.0/libraries/install",
        {"cluster_id": cluster.cluster_id, "libraries": [{"whl": wheel}]},
        format="json",
    )
    assert response.status_code == 200
    wait_until(
        lambda: (
            ClusterLibrary.objects.filter(status="INSTALLED").exists()
            or ClusterLibrary.objects.filter(status="FAILED").exists()
        ),
        what="install finished",
    )
    status = api.get("/api/2.0/libraries/cluster-status", {"cluster_id": cluster.cluster_id}).json()
    assert status["library_statuses"][0]["status"] == "INSTALLED", status
    python = cluster_python(cluster.cluster_id)
    done = subprocess.run(
        [str(python), "-c", "import lakeflow_demo_lib; print(lakeflow_demo_lib.ANSWER)"],
        capture_output=True,
        text=True,
    )
    assert done.stdout.strip() == "42"


def test_a_missing_wheel_fails_with_the_reason(client_for, admin_user, cluster):
    api = client_for(admin_user)
    api.post(
        "/api/2.0/libraries/install",
        {"cluster_id": cluster.cluster_id, "libraries": [{"whl": "/Workspace/nope.whl"}]},
        format="json",
    )
    row = wait_until(lambda: ClusterLibrary.objects.filter(status="FAILED").first(), what="FAILED")
    assert "does not exist" in row.messages[0]


def test_uninstall_marks_for_restart_and_maven_is_skipped(client_for, admin_user, cluster):
    api = client_for(admin_user)
    api.post(
        "/api/2.0/libraries/install",
        {"cluster_id": cluster.cluster_id, "libraries": [{"maven": {"coordinates": "g:a:1"}}]},
        format="json",
    )
    api.post(
        "/api/2.0/libraries/uninstall",
        {"cluster_id": cluster.cluster_id, "libraries": [{"maven": {"coordinates": "g:a:1"}}]},
        format="json",
    )
    statuses = api.get("/api/2.0/libraries/all-cluster-statuses").json()["statuses"]
    assert statuses[0]["library_statuses"][0]["status"] == "UNINSTALL_ON_RESTART"


@pytest.mark.parametrize(
    ("library", "message"),
    [
        ({"pypi": {}}, "libraries[0].pypi.package is required."),
        ({"whl": "a.whl", "jar": "b.jar"}, "libraries[0] must set exactly one of"),
    ],
)
def test_bad_library_objects_are_refused(client_for, admin_user, cluster, library, message):
    response = client_for(admin_user).post(
        "/api/2.0/libraries/install",
        {"cluster_id": cluster.cluster_id, "libraries": [library]},
        format="json",
    )
    assert response.status_code == 400
    assert message in response.json()["message"]
