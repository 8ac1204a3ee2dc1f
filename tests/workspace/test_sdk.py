"""The official databricks-sdk drives the workspace and token APIs unchanged."""

from __future__ import annotations

import base64
import io
import json

import pytest
from databricks.sdk.errors import NotFound, ResourceAlreadyExists
from databricks.sdk.service.workspace import ExportFormat, ImportFormat, Language, ObjectType

pytestmark = pytest.mark.django_db(transaction=True)

NOTEBOOK = {
    "cells": [
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source": "x = 1"}
    ],
    "metadata": {},
    "nbformat": 4,
    "nbformat_minor": 5,
}


def test_the_sdk_uploads_lists_downloads_and_deletes_files(sdk):
    home = "/Users/owner/sdk"
    sdk.workspace.mkdirs(home)
    blob = bytes(range(256)) * 10
    sdk.workspace.upload(f"{home}/lib.jar", io.BytesIO(blob), format=ImportFormat.AUTO)
    sdk.workspace.upload(f"{home}/report.ipynb", json.dumps(NOTEBOOK).encode(), format=ImportFormat.AUTO)
    sdk.workspace.upload(f"{home}/etl.py", b"print('hi')\n", language=Language.PYTHON)

    listed = {o.path: o.object_type for o in sdk.workspace.list(home)}
    assert listed == {
        f"{home}/lib.jar": ObjectType.FILE,
        f"{home}/report": ObjectType.NOTEBOOK,
        f"{home}/etl": ObjectType.NOTEBOOK,
    }
    assert sdk.workspace.download(f"{home}/lib.jar").read() == blob
    assert b"print('hi')" in sdk.workspace.download(f"{home}/etl").read()

    status = sdk.workspace.get_status(f"/Workspace{home}/report")
    assert status.object_type == ObjectType.NOTEBOOK and status.language == Language.PYTHON
    exported = sdk.workspace.export(f"{home}/report", format=ExportFormat.JUPYTER)
    assert json.loads(base64.b64decode(exported.content))["cells"][0]["source"] == "x = 1"

    with pytest.raises(ResourceAlreadyExists):
        sdk.workspace.upload(f"{home}/lib.jar", b"again", format=ImportFormat.AUTO)
    sdk.workspace.upload(f"{home}/lib.jar", b"again", format=ImportFormat.AUTO, overwrite=True)
    assert sdk.workspace.download(f"{home}/lib.jar").read() == b"again"

    sdk.workspace.delete(home, recursive=True)
    with pytest.raises(NotFound):
        sdk.workspace.get_status(home)


def test_the_sdk_imports_base64_content(sdk):
    sdk.workspace.import_(
        "/Users/owner/q",
        content=base64.b64encode(b"SELECT 42").decode(),
        language=Language.SQL,
        format=ImportFormat.SOURCE,
    )
    assert sdk.workspace.get_status("/Users/owner/q").language == Language.SQL
    recursive = list(sdk.workspace.list("/Users", recursive=True))
    assert [o.path for o in recursive] == ["/Users/owner/q"]
