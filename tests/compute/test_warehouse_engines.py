"""Splitting scripts and binding parameters: the engine module, against real DuckDB and PostgreSQL."""

from __future__ import annotations

import pytest

from compute import warehouse_engines as engines


def test_it_splits_on_top_level_semicolons_only():
    script = (
        "-- a comment; here\nSELECT ';' AS a;\n\n/* c; */ SELECT 2;\n"
        "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql"
    )
    parts = engines.split_statements(script, "postgres")
    assert [p.text for p in parts] == [
        "-- a comment; here\nSELECT ';' AS a",
        "/* c; */ SELECT 2",
        "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql",
    ]
    assert [p.line for p in parts] == [1, 4, 5]


def test_it_drops_empty_and_comment_only_statements():
    assert engines.split_statements(";;\n-- only a comment\n", "duckdb") == []


@pytest.mark.parametrize("dialect, placeholder", [("duckdb", "?"), ("postgres", "%s")])
def test_it_rewrites_brace_markers_outside_literals(dialect, placeholder):
    bound = engines.bind(
        "SELECT {{a}}, '{{a}}', {{b}} -- {{a}}", {"a": 1, "b": "x"}, dialect=dialect, style="braces"
    )
    assert bound.sql == f"SELECT {placeholder}, '{{{{a}}}}', {placeholder} -- {{{{a}}}}"
    assert bound.values == [1, "x"]


def test_an_unknown_brace_marker_is_an_error_naming_it():
    with pytest.raises(engines.SqlError, match=r"No value for parameter \{\{missing\}\}"):
        engines.bind("SELECT 1\n, {{missing}}", {}, dialect="duckdb", style="braces")


def test_colon_markers_leave_casts_and_unknown_names_alone():
    bound = engines.bind("SELECT :a::int, x[1:n], :b", {"a": "1", "b": 2}, dialect="postgres", style="colon")
    assert bound.sql == "SELECT %s::int, x[1:n], %s"


def test_percent_signs_are_escaped_for_psycopg_when_binding():
    bound = engines.bind("SELECT '50%', {{a}}", {"a": 1}, dialect="postgres", style="braces")
    assert bound.sql == "SELECT '50%%', %s"


@pytest.mark.parametrize("kind", ["duckdb", "postgres"])
def test_an_injection_attempt_stays_a_literal(kind, tmp_path, request):
    target = (
        f"duckdb://{tmp_path / 'w.duckdb'}" if kind == "duckdb" else request.getfixturevalue("postgres_url")
    )
    engine = engines.open_engine(target)
    try:
        evil = "x'); DROP TABLE victims; --"
        engine.execute("CREATE TEMPORARY TABLE victims (name text)", [])
        engine.execute("INSERT INTO victims VALUES ('alice')", [])
        bound = engines.bind(
            "SELECT {{name}} AS echoed", {"name": evil}, dialect=engine.dialect, style="braces"
        )
        result = engine.execute(bound.sql, bound.values)
        assert result.rows == [[evil]]
        assert engine.execute("SELECT count(*) FROM victims", []).rows == [[1]]
    finally:
        engine.close()


@pytest.mark.parametrize("kind", ["duckdb", "postgres"])
def test_an_engine_error_carries_its_message_and_line(kind, tmp_path, request):
    target = (
        f"duckdb://{tmp_path / 'w.duckdb'}" if kind == "duckdb" else request.getfixturevalue("postgres_url")
    )
    engine = engines.open_engine(target)
    try:
        with pytest.raises(engines.SqlError) as caught:
            engine.execute("SELECT 1\nFROM no_such_table_here", [])
        assert "no_such_table_here" in caught.value.message
        assert caught.value.line == 2
    finally:
        engine.close()


def test_results_are_limited_but_counted(tmp_path):
    engine = engines.open_engine(f"duckdb://{tmp_path / 'w.duckdb'}")
    result = engine.execute("SELECT range AS n FROM range(2500)", [], limit=10)
    engine.close()
    assert len(result.rows) == 10
    assert result.total_row_count == 2500
    assert result.truncated
    assert [c.type_name for c in result.columns] == ["LONG"]


@pytest.mark.parametrize(
    "value, type_name, expected",
    [
        ("5", "INT", 5),
        ("1.5", "DOUBLE", 1.5),
        ("true", "BOOLEAN", True),
        ("x", None, "x"),
        (None, "INT", None),
    ],
)
def test_statement_parameters_become_typed_values(value, type_name, expected):
    assert engines.typed_value(value, type_name) == expected


def test_passwords_are_masked_for_display():
    assert engines.redact("postgresql://bob:s3cret@db:5432/x") == "postgresql://bob:***@db:5432/x"
