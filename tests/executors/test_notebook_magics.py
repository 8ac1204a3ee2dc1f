"""Databricks magics → kernel code (runs.executors.notebook_magics) and the %sql result shapes
(lakeflow.runtime.sql): pure functions, no kernel."""

from __future__ import annotations

import copy
import decimal
import pickle

import nbformat
import pytest

from lakeflow.runtime.sql import Row, SqlResult, result_of, to_html, typed
from runs.executors.notebook_magics import Loaded, MagicError, magic_of, parse_run, run_path, translate


def notebook(*cells: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    for source in cells:
        if source.startswith("MD "):
            nb.cells.append(nbformat.v4.new_markdown_cell(source[3:]))
        else:
            nb.cells.append(nbformat.v4.new_code_cell(source))
    return nb


def loader_of(files: dict[str, nbformat.NotebookNode]):
    """A loader over in-memory notebooks keyed by absolute path."""

    def load(referrer: str, written: str) -> Loaded:
        import posixpath

        path = run_path(posixpath.dirname(referrer), written)
        if path not in files:
            raise MagicError(f"{path} not found")
        return Loaded(path, path, files[path])

    return load


def translated(*cells: str, files: dict | None = None) -> list[str]:
    top = Loaded("/W/main", "/W/main", notebook(*cells))
    return [cell.source for cell in translate(top, loader=loader_of(files or {})).cells]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("x = 1", ("", "x = 1")),
        ("%sql\nSELECT 1", ("sql", "SELECT 1")),
        ("%sql SELECT 1\nFROM t", ("sql", "SELECT 1\nFROM t")),
        ("%run ./helper", ("run", "./helper")),
        ("%%sh\necho", ("", "%%sh\necho")),
        ("%SCALA\nval x = 1", ("scala", "val x = 1")),
        ("\n%python\nprint(1)", ("python", "print(1)")),
    ],
)
def test_magic_of_reads_the_first_line(source, expected):
    assert magic_of(source) == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("print(1)", "print(1)"),
        ("%python\nprint(1)", "print(1)"),
        ("%sql\nSELECT 1; SELECT 2", "%%sql\nSELECT 1; SELECT 2"),
        ("%sql SELECT 1", "%%sql\nSELECT 1"),
        ("%sh\nls -l", "%%sh\nls -l"),
        ("%pip install requests", "%pip install requests"),
        ("%%time\nx = 1", "%%time\nx = 1"),
        ("%matplotlib inline", "%matplotlib inline"),
    ],
)
def test_a_cell_becomes_what_the_kernel_runs(cell, expected):
    assert translated(cell) == [expected]


@pytest.mark.parametrize(
    ("cell", "words"),
    [
        ("%scala\nval x = 1", ["%scala in cell 2", "Scala cells cannot run here"]),
        ("%r\nx <- 1", ["%r in cell 2", "R cells cannot run here"]),
        ("%fs ls /", ["%fs in cell 2", "not supported"]),
    ],
)
def test_other_languages_fail_naming_the_cell(cell, words):
    with pytest.raises(MagicError) as error:
        translated("MD # title", cell)
    assert all(word in str(error.value) for word in words)


@pytest.mark.parametrize(
    ("argument", "path", "arguments"),
    [
        ("./helper", "./helper", {}),
        ('../lib/h $a="x y" $b=2', "../lib/h", {"a": "x y", "b": "2"}),
        ("/Workspace/Users/ann/h $day='mon'", "/Workspace/Users/ann/h", {"day": "mon"}),
    ],
)
def test_parse_run_reads_the_path_and_widget_arguments(argument, path, arguments):
    target = parse_run(argument)
    assert (target.path, target.arguments) == (path, arguments)


@pytest.mark.parametrize("argument", ["", "./h a=1", "./h $1x=2", './h $a="open'])
def test_parse_run_refuses_what_databricks_refuses(argument):
    with pytest.raises(MagicError):
        parse_run(argument)


@pytest.mark.parametrize(
    ("where", "written", "expected"),
    [
        ("/Workspace/Users/ann", "./helper", "/Workspace/Users/ann/helper"),
        ("/Workspace/Users/ann", "../bob/h", "/Workspace/Users/bob/h"),
        ("/Workspace/Users/ann", "helper", "/Workspace/Users/ann/helper"),
        ("/Workspace/Users/ann", "/Users/x/h", "/Users/x/h"),
        ("notebooks", "./lib/h", "notebooks/lib/h"),
        ("", "./h", "h"),
    ],
)
def test_run_paths_are_relative_to_the_referring_notebook(where, written, expected):
    assert run_path(where, written) == expected


def test_run_inlines_the_other_notebooks_code_cells_recursively():
    files = {
        "/W/lib/helper": notebook("MD # Helpers", "def double(x):\n    return 2 * x", "%run ./base"),
        "/W/lib/base": notebook("%sql\nSELECT 1", "BASE = 1"),
    }
    cells = translated("%run ./lib/helper", "print(double(BASE))", files=files)
    assert cells[0].startswith("# %run ./lib/helper  (inlined by Lakeflow from /W/lib/helper)")
    assert "def double(x):\n    return 2 * x" in cells[0]
    assert "# %run ./base  (inlined by Lakeflow from /W/lib/base)" in cells[0]
    assert "get_ipython().run_cell_magic('sql', '', 'SELECT 1\\n')" in cells[0]
    assert "BASE = 1" in cells[0] and "# Helpers" not in cells[0]
    compile(cells[0], "cell", "exec")  # plain Python, whatever the inlined cells were
    assert cells[1] == "print(double(BASE))"


def test_run_arguments_become_widget_values_around_the_inlined_code():
    cell = translated('%run ./h $day="mon"', files={"/W/h": notebook("x = 1")})[0]
    push = "dbutils.widgets._push({'day': 'mon'})"
    assert cell.index(push) < cell.index("x = 1") < cell.index("dbutils.widgets._pop()")


@pytest.mark.parametrize(
    ("cells", "files", "words"),
    [
        (["x = 1", "%run ./missing"], {}, ["%run ./missing in cell 2: /W/missing not found"]),
        (
            ["%run ./a"],
            {"/W/a": notebook("%run ./main"), "/W/main": notebook()},
            ["cycle (/W/main -> /W/a -> /W/main)"],
        ),
        (
            ["%run ./a"],
            {"/W/a": notebook("%run ./a")},
            ["%run ./a in cell 1 of /W/a", "cycle (/W/a -> /W/a)"],
        ),
        (["%run ./a"], {"/W/a": notebook("y = 1", "%scala\n1")}, ["%scala in cell 2 of /W/a"]),
        (["%run ./a\nx = 1"], {"/W/a": notebook("y = 1")}, ["alone in its cell"]),
    ],
)
def test_bad_runs_fail_naming_the_cell_and_path(cells, files, words):
    with pytest.raises(MagicError) as error:
        translated(*cells, files=files)
    assert all(word in str(error.value) for word in words), str(error.value)


@pytest.mark.parametrize(
    ("value", "type_name", "expected"),
    [
        ("42", "INT", 42),
        ("42", "LONG", 42),
        ("1.5", "DOUBLE", 1.5),
        ("1.50", "DECIMAL", decimal.Decimal("1.50")),
        ("true", "BOOLEAN", True),
        ("2026-01-02", "DATE", "2026-01-02"),
        (None, "INT", None),
        ("NaN?", "INT", "NaN?"),
    ],
)
def test_result_values_take_their_column_type(value, type_name, expected):
    assert typed(value, type_name) == expected


def test_a_statement_answer_becomes_rows_by_position_and_name():
    answer = {
        "manifest": {
            "schema": {
                "columns": [{"name": "n", "type_name": "INT"}, {"name": "label", "type_name": "STRING"}]
            },
            "total_row_count": 2,
        },
        "result": {"data_array": [["1", "a"], ["2", None]]},
    }
    result = result_of(answer)
    assert result.columns == ["n", "label"] and result == [(1, "a"), (2, None)]
    assert result[0]["label"] == "a" and result[1].n == 2 and result[0].asDict() == {"n": 1, "label": "a"}
    assert pickle.loads(pickle.dumps(result[0])).label == "a"  # noqa: S301 - our own bytes
    assert copy.copy(result[0]) == (1, "a")
    assert "<th>label</th>" in result._repr_html_() and "<td>null</td>" in result._repr_html_()


def test_the_html_table_escapes_and_caps_rows():
    rows = [Row([f"<b>{i}</b>"], ("v",)) for i in range(5)]
    table = to_html(["v"], rows, limit=2)
    assert "&lt;b&gt;1&lt;/b&gt;" in table and "<b>2" not in table and "first 2 of 5 rows" in table
    assert to_html([], []) == "<p>OK</p>" and SqlResult([], []).columns == []
