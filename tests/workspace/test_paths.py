"""Workspace paths map onto files under LAKEFLOW_HOME/workspace and can never leave it."""

from __future__ import annotations

import pytest

from lakeflow.api.errors import ApiError
from lakeflow.workspace import paths


@pytest.fixture
def root(lakeflow_home):
    return paths.root()


def test_the_root_is_under_lakeflow_home_read_at_call_time(lakeflow_home, settings, tmp_path):
    assert paths.root() == (lakeflow_home / "workspace").resolve()
    settings.LAKEFLOW_HOME = tmp_path / "elsewhere"
    assert paths.root() == (tmp_path / "elsewhere" / "workspace").resolve()


@pytest.mark.parametrize(
    ("path", "relative"),
    [
        ("/Users/ann/etl.py", "Users/ann/etl.py"),
        ("/Workspace/Users/ann/etl.py", "Users/ann/etl.py"),
        ("/Workspace", ""),
        ("/", ""),
        ("//Shared///data//", "Shared/data"),
    ],
)
def test_users_and_workspace_paths_name_the_same_tree(root, path, relative):
    assert paths.resolve(path) == (root / relative if relative else root)


@pytest.mark.parametrize(
    "path",
    [
        "../etc/passwd",
        "/../etc/passwd",
        "/Workspace/../../etc",
        "/Users/ann/../../../etc/passwd",
        "/Users/./ann",
        "/Users/ann\x00.py",
        "/Users/ann\n.py",
        "etc/passwd",
        "",
        "/Users/" + "x" * 300,
        "/Users/ann/.lakeflow-tmp-abc",
    ],
)
def test_paths_that_could_escape_or_confuse_are_rejected(root, path):
    with pytest.raises(ApiError) as raised:
        paths.resolve(path)
    assert raised.value.error_code == "INVALID_PARAMETER_VALUE"
    assert raised.value.status_code == 400


def test_a_symlink_out_of_the_root_is_rejected(root, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("secret")
    (root / "Shared").mkdir()
    (root / "Shared" / "link").symlink_to(outside)
    for path in ("/Shared/link", "/Shared/link/secret.txt", "/Shared/link/new.txt"):
        with pytest.raises(ApiError, match="outside the workspace"):
            paths.resolve(path)


def test_a_symlink_inside_the_root_is_followed(root):
    (root / "Shared" / "real").mkdir(parents=True)
    (root / "Shared" / "alias").symlink_to(root / "Shared" / "real")
    assert paths.resolve("/Shared/alias/x.py") == root / "Shared" / "real" / "x.py"


@pytest.mark.parametrize(
    ("stored", "text"),
    [
        ("etl.ipynb", '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}'),
        ("etl.py", "# Databricks notebook source\nprint(1)\n"),
        ("etl.sql", "-- Databricks notebook source\nSELECT 1\n"),
    ],
)
def test_notebook_file_finds_the_stored_notebook(root, stored, text):
    (root / "Users" / "ann").mkdir(parents=True)
    (root / "Users" / "ann" / stored).write_text(text)
    assert paths.notebook_file("/Workspace/Users/ann/etl") == root / "Users" / "ann" / stored
    assert paths.notebook_file(f"/Users/ann/{stored}") == root / "Users" / "ann" / stored


def test_a_plain_python_file_is_not_a_notebook(root):
    (root / "Shared").mkdir()
    (root / "Shared" / "etl.py").write_text("print(1)\n")
    with pytest.raises(ApiError) as raised:
        paths.notebook_file("/Shared/etl")
    assert raised.value.error_code == "RESOURCE_DOES_NOT_EXIST"
