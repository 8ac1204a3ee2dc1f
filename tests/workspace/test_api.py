"""The Workspace API (/api/2.0/workspace/*) over HTTP, in the Databricks wire format."""

from __future__ import annotations

import base64
import io
import json
import os
import zipfile

import pytest

from lakeflow.workspace import paths

pytestmark = pytest.mark.django_db

NOTEBOOK = {
    "cells": [
        {"cell_type": "markdown", "metadata": {}, "source": "# Hello"},
        {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": "print(1)"},
    ],
    "metadata": {},
    "nbformat": 4,
    "nbformat_minor": 5,
}


def b64(data: bytes | str) -> str:
    return base64.b64encode(data.encode() if isinstance(data, str) else data).decode()


def do_import(client, path, content, **fields):
    body = {"path": path, "content": b64(content), **fields}
    return client.post("/api/2.0/workspace/import", body, format="json")


def status(client, path):
    return client.get("/api/2.0/workspace/get-status", {"path": path})


def export(client, path, **query):
    return client.get("/api/2.0/workspace/export", {"path": path, **query})


def test_a_binary_file_round_trips_byte_for_byte(api):
    blob = bytes(range(256)) * 100
    assert do_import(api, "/Users/owner/lib/app-1.0-py3-none-any.whl", blob, format="AUTO").status_code == 200
    info = status(api, "/Users/owner/lib/app-1.0-py3-none-any.whl").json()
    assert info["object_type"] == "FILE" and info["size"] == len(blob)
    exported = export(api, "/Users/owner/lib/app-1.0-py3-none-any.whl").json()
    assert base64.b64decode(exported["content"]) == blob
    direct = export(api, "/Workspace/Users/owner/lib/app-1.0-py3-none-any.whl", direct_download="true")
    assert direct["Content-Type"] == "application/octet-stream"
    assert direct.content == blob


def test_an_ipynb_imported_with_auto_becomes_a_notebook_without_the_extension(api):
    assert do_import(api, "/Users/owner/report.ipynb", json.dumps(NOTEBOOK), format="AUTO").status_code == 200
    info = status(api, "/Users/owner/report").json()
    assert info["object_type"] == "NOTEBOOK" and info["language"] == "PYTHON"
    assert info["path"] == "/Users/owner/report"
    listed = api.get("/api/2.0/workspace/list", {"path": "/Users/owner"}).json()["objects"]
    assert [o["path"] for o in listed] == ["/Users/owner/report"]


def test_jupyter_import_and_export_in_every_form(api):
    do_import(api, "/Users/owner/nb", json.dumps(NOTEBOOK), format="JUPYTER")
    jupyter = export(api, "/Users/owner/nb", format="JUPYTER").json()
    assert jupyter["file_type"] == "ipynb"
    assert json.loads(base64.b64decode(jupyter["content"]))["cells"][1]["source"] == "print(1)"
    source = export(api, "/Users/owner/nb", format="SOURCE").json()
    assert source["file_type"] == "py"
    text = base64.b64decode(source["content"]).decode()
    assert text.startswith("# Databricks notebook source") and "# MAGIC %md" in text and "print(1)" in text
    html = export(api, "/Users/owner/nb", format="HTML").json()
    assert html["file_type"] == "html" and b"print" in base64.b64decode(html["content"])


def test_source_import_needs_a_language_and_makes_a_notebook(api):
    missing = do_import(api, "/Users/owner/q", "SELECT 1")
    assert missing.status_code == 400 and missing.json()["error_code"] == "INVALID_PARAMETER_VALUE"
    assert do_import(api, "/Users/owner/q", "SELECT 1", language="SQL").status_code == 200
    info = status(api, "/Users/owner/q").json()
    assert (info["object_type"], info["language"]) == ("NOTEBOOK", "SQL")
    jupyter = json.loads(base64.b64decode(export(api, "/Users/owner/q", format="JUPYTER").json()["content"]))
    assert jupyter["cells"][0]["source"] == "SELECT 1"


def test_a_python_file_with_the_notebook_header_is_a_notebook_under_auto(api):
    do_import(api, "/Users/owner/etl.py", "# Databricks notebook source\nprint(2)\n", format="AUTO")
    do_import(api, "/Users/owner/plain.py", "print(3)\n", format="AUTO")
    objects = {
        o["path"]: o["object_type"]
        for o in api.get("/api/2.0/workspace/list", {"path": "/Users/owner"}).json()["objects"]
    }
    assert objects == {"/Users/owner/etl": "NOTEBOOK", "/Users/owner/plain.py": "FILE"}


def test_import_refuses_to_overwrite_unless_asked(api):
    do_import(api, "/Users/owner/a.txt", "one", format="AUTO")
    again = do_import(api, "/Users/owner/a.txt", "two", format="AUTO")
    assert again.status_code == 409 and again.json()["error_code"] == "RESOURCE_ALREADY_EXISTS"
    assert do_import(api, "/Users/owner/a.txt", "two", format="AUTO", overwrite=True).status_code == 200
    assert export(api, "/Users/owner/a.txt", direct_download="true").content == b"two"


def test_overwriting_a_notebook_in_another_form_replaces_it(api):
    do_import(api, "/Users/owner/nb", "print(1)", language="PYTHON")
    do_import(api, "/Users/owner/nb.ipynb", json.dumps(NOTEBOOK), format="AUTO", overwrite=True)
    home = paths.resolve("/Users/owner")
    assert sorted(os.listdir(home)) == ["nb.ipynb"]


def test_a_folder_is_never_replaced_by_an_import(api):
    api.post("/api/2.0/workspace/mkdirs", {"path": "/Users/owner/dir"}, format="json")
    response = do_import(api, "/Users/owner/dir", "x", format="RAW", overwrite=True)
    assert response.status_code == 409


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"format": "DBC"}, "INVALID_PARAMETER_VALUE"),
        ({"format": "AUTO", "language": "COBOL"}, "INVALID_PARAMETER_VALUE"),
        ({"format": "AUTO", "overwrite": "yes"}, "MALFORMED_REQUEST"),
        ({"format": "JUPYTER"}, "INVALID_PARAMETER_VALUE"),  # content is not a notebook
    ],
)
def test_import_rejects_bad_fields(api, fields, code):
    response = do_import(api, "/Users/owner/x", "not a notebook", **fields)
    assert response.status_code == 400
    assert response.json()["error_code"] == code
    assert status(api, "/Users/owner/x").status_code == 404


def test_import_rejects_content_that_is_not_base64(api):
    response = api.post(
        "/api/2.0/workspace/import", {"path": "/Users/owner/x", "content": "%%%"}, format="json"
    )
    assert response.status_code == 400 and response.json()["error_code"] == "MALFORMED_REQUEST"


def test_import_enforces_the_size_limit(api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = do_import(api, "/Users/owner/big.bin", b"x" * 1001, format="AUTO")
    assert response.status_code == 400
    assert response.json()["error_code"] == "MAX_NOTEBOOK_SIZE_EXCEEDED"
    huge = do_import(api, "/Users/owner/big.bin", b"x" * 200_000, format="AUTO")
    assert huge.json()["error_code"] == "MAX_NOTEBOOK_SIZE_EXCEEDED"
    upload = io.BytesIO(b"x" * 1001)
    multipart = api.post(
        "/api/2.0/workspace/import", {"path": "/Users/owner/big.bin", "content": upload}, format="multipart"
    )
    assert multipart.json()["error_code"] == "MAX_NOTEBOOK_SIZE_EXCEEDED"
    assert status(api, "/Users/owner/big.bin").status_code == 404


def test_a_multipart_upload_works_like_the_sdk_sends_it(api):
    upload = io.BytesIO(b"\x00\x01binary")
    upload.name = "content"
    response = api.post(
        "/api/2.0/workspace/import",
        {"path": "/Users/owner/data.bin", "format": "AUTO", "overwrite": "true", "content": upload},
        format="multipart",
    )
    assert response.status_code == 200, response.json()
    assert export(api, "/Users/owner/data.bin", direct_download="true").content == b"\x00\x01binary"


@pytest.mark.parametrize(
    "path",
    [
        "../etc/passwd",
        "/Workspace/../../etc/passwd",
        "/Users/owner/../../../etc/passwd",
        "/Users/owner/a\x00b",
    ],
)
def test_path_traversal_is_rejected_everywhere(api, path):
    calls = [
        lambda: do_import(api, path, "x", format="AUTO"),
        lambda: export(api, path),
        lambda: status(api, path),
        lambda: api.get("/api/2.0/workspace/list", {"path": path}),
        lambda: api.post("/api/2.0/workspace/mkdirs", {"path": path}, format="json"),
        lambda: api.post("/api/2.0/workspace/delete", {"path": path}, format="json"),
    ]
    for call in calls:
        response = call()
        assert response.status_code == 400, response.content
        assert response.json()["error_code"] == "INVALID_PARAMETER_VALUE"


def test_a_symlink_out_of_the_root_cannot_be_read_or_written(api, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("secret")
    root = paths.root()
    (root / "Shared").mkdir()
    (root / "Shared" / "escape").symlink_to(outside)
    assert export(api, "/Shared/escape/secret.txt").status_code == 400
    assert do_import(api, "/Shared/escape/new.txt", "x", format="AUTO").status_code == 400
    assert not (outside / "new.txt").exists()
    listing = api.get("/api/2.0/workspace/list", {"path": "/Shared"})
    assert listing.json() == {}


def test_mkdirs_creates_parents_and_is_idempotent(api):
    for _ in range(2):
        assert (
            api.post("/api/2.0/workspace/mkdirs", {"path": "/Users/owner/a/b/c"}, format="json").status_code
            == 200
        )
    info = status(api, "/Workspace/Users/owner/a/b").json()
    assert info["object_type"] == "DIRECTORY" and info["path"] == "/Workspace/Users/owner/a/b"


def test_mkdirs_through_a_file_is_refused(api):
    do_import(api, "/Users/owner/f", "x", format="AUTO")
    response = api.post("/api/2.0/workspace/mkdirs", {"path": "/Users/owner/f/sub"}, format="json")
    assert response.status_code == 409
    assert response.json()["error_code"] == "RESOURCE_ALREADY_EXISTS"


def test_delete_of_a_non_empty_folder_needs_recursive(api):
    do_import(api, "/Users/owner/d/x.txt", "x", format="AUTO")
    refused = api.post("/api/2.0/workspace/delete", {"path": "/Users/owner/d"}, format="json")
    assert refused.status_code == 400 and refused.json()["error_code"] == "DIRECTORY_NOT_EMPTY"
    assert status(api, "/Users/owner/d/x.txt").status_code == 200
    done = api.post("/api/2.0/workspace/delete", {"path": "/Users/owner/d", "recursive": True}, format="json")
    assert done.status_code == 200
    assert status(api, "/Users/owner/d").json()["error_code"] == "RESOURCE_DOES_NOT_EXIST"


def test_delete_of_a_notebook_and_of_a_missing_path(api):
    do_import(api, "/Users/owner/nb", "print(1)", language="PYTHON")
    assert (
        api.post("/api/2.0/workspace/delete", {"path": "/Users/owner/nb"}, format="json").status_code == 200
    )
    missing = api.post("/api/2.0/workspace/delete", {"path": "/Users/owner/nb"}, format="json")
    assert missing.status_code == 404 and missing.json()["error_code"] == "RESOURCE_DOES_NOT_EXIST"


def test_the_root_cannot_be_deleted(client_for, admin_user):
    response = client_for(admin_user).post(
        "/api/2.0/workspace/delete", {"path": "/Workspace", "recursive": True}, format="json"
    )
    assert response.status_code == 400


def test_list_of_an_empty_folder_and_of_a_file(api):
    api.post("/api/2.0/workspace/mkdirs", {"path": "/Users/owner/empty"}, format="json")
    assert api.get("/api/2.0/workspace/list", {"path": "/Users/owner/empty"}).json() == {}
    do_import(api, "/Users/owner/f.csv", "a,b\n", format="AUTO")
    listed = api.get("/api/2.0/workspace/list", {"path": "/Users/owner/f.csv"}).json()["objects"]
    assert [(o["path"], o["object_type"], o["size"]) for o in listed] == [("/Users/owner/f.csv", "FILE", 4)]
    assert isinstance(listed[0]["object_id"], int)


def test_any_user_reads_the_workspace_but_writes_only_their_home(api, client_for, member, admin_user):
    do_import(api, "/Users/owner/shared.txt", "hello", format="AUTO")
    other = client_for(member)
    assert export(other, "/Users/owner/shared.txt", direct_download="true").content == b"hello"
    refused = do_import(other, "/Users/owner/evil.txt", "x", format="AUTO")
    assert refused.status_code == 403 and refused.json()["error_code"] == "PERMISSION_DENIED"
    assert (
        other.post(
            "/api/2.0/workspace/delete", {"path": "/Users/owner/shared.txt"}, format="json"
        ).status_code
        == 403
    )
    assert (
        other.post("/api/2.0/workspace/mkdirs", {"path": "/Users/owner/x"}, format="json").status_code == 403
    )
    assert do_import(other, "/Users/member/mine.txt", "x", format="AUTO").status_code == 200
    assert do_import(other, "/Shared/team.txt", "x", format="AUTO").status_code == 200
    admin = client_for(admin_user)
    assert (
        admin.post(
            "/api/2.0/workspace/delete", {"path": "/Users/owner/shared.txt"}, format="json"
        ).status_code
        == 200
    )


def test_the_workspace_api_needs_credentials(client):
    assert client.get("/api/2.0/workspace/list", {"path": "/"}).status_code == 401


def test_a_directory_exports_as_a_zip(api):
    do_import(api, "/Shared/proj/a.txt", "A", format="AUTO")
    do_import(api, "/Shared/proj/sub/b.txt", "B", format="AUTO")
    exported = export(api, "/Shared/proj", format="SOURCE").json()
    assert exported["file_type"] == "zip"
    with zipfile.ZipFile(io.BytesIO(base64.b64decode(exported["content"]))) as archive:
        assert sorted(archive.namelist()) == ["a.txt", "sub/b.txt"]


def test_nothing_can_be_created_inside_a_notebook_or_file(api):
    do_import(api, "/Users/owner/nb.ipynb", json.dumps(NOTEBOOK), format="AUTO")
    response = do_import(api, "/Users/owner/nb/data.csv", "a", format="AUTO")
    assert response.status_code == 400
    assert status(api, "/Users/owner/nb").json()["object_type"] == "NOTEBOOK"
