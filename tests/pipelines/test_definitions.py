"""Reading pipeline SQL: kinds, expectations, LIVE./STREAM rewriting, dependency order."""

from __future__ import annotations

import pytest

from lakeflow.pipelines.definitions import (
    DROP,
    FAIL,
    MATERIALIZED_VIEW,
    STREAMING_TABLE,
    TEMPORARY_VIEW,
    WARN,
    DefinitionError,
    parse_sources,
    parse_statement,
)


def test_it_reads_a_streaming_table_with_all_three_expectation_kinds():
    dataset = parse_statement(
        """CREATE OR REFRESH STREAMING TABLE orders_clean (
             id INT,
             CONSTRAINT valid_id EXPECT (id IS NOT NULL AND (id > 0)) ON VIOLATION DROP ROW,
             CONSTRAINT has_amount EXPECT (amount > 0) ON VIOLATION FAIL UPDATE,
             CONSTRAINT known_customer EXPECT (customer <> 'unknown')
           ) COMMENT 'clean orders' TBLPROPERTIES ('quality' = 'silver')
           AS SELECT * FROM STREAM(LIVE.orders_raw)""",
        "x.sql:1",
    )
    assert (dataset.name, dataset.kind) == ("orders_clean", STREAMING_TABLE)
    assert [(e.name, e.condition, e.action) for e in dataset.expectations] == [
        ("valid_id", "id IS NOT NULL AND (id > 0)", DROP),
        ("has_amount", "amount > 0", FAIL),
        ("known_customer", "customer <> 'unknown'", WARN),
    ]
    assert dataset.streams == ["orders_raw"]
    assert dataset.query == "SELECT * FROM __lakeflow_stream_0"
    assert dataset.plain_query() == "SELECT * FROM orders_raw"


@pytest.mark.parametrize(
    "head, kind",
    [
        ("CREATE MATERIALIZED VIEW", MATERIALIZED_VIEW),
        ("CREATE OR REFRESH MATERIALIZED VIEW", MATERIALIZED_VIEW),
        ("CREATE LIVE TABLE", MATERIALIZED_VIEW),
        ("CREATE TEMPORARY VIEW", TEMPORARY_VIEW),
        ("CREATE TEMPORARY LIVE VIEW", TEMPORARY_VIEW),
        ("CREATE STREAMING TABLE", STREAMING_TABLE),
        ("CREATE OR REFRESH STREAMING LIVE TABLE", STREAMING_TABLE),
    ],
)
def test_it_knows_every_dataset_kind(head, kind):
    assert parse_statement(f"{head} d AS SELECT 1", "x.sql:1").kind == kind


def test_statements_that_define_nothing_are_skipped():
    assert parse_statement("SET x = 1", "x.sql:1") is None


def test_it_orders_datasets_by_what_they_read():
    sources = [
        (
            "/a.sql",
            "CREATE MATERIALIZED VIEW report AS SELECT * FROM live.clean JOIN live.dims USING (id);\n"
            "CREATE STREAMING TABLE clean AS SELECT * FROM STREAM(live.raw)",
        ),
        (
            "/b.sql",
            "CREATE MATERIALIZED VIEW raw AS SELECT 1 AS id;\n"
            "CREATE TEMPORARY VIEW dims AS WITH raw AS (SELECT 2 AS id) SELECT * FROM raw",
        ),
    ]
    ordered = parse_sources(sources)
    names = [d.name for d in ordered]
    assert names.index("raw") < names.index("clean") < names.index("report")
    assert names.index("dims") < names.index("report")
    assert {d.name: d.depends_on for d in ordered}["dims"] == []  # the CTE is not the dataset


@pytest.mark.parametrize(
    "sql, words",
    [
        (
            "CREATE MATERIALIZED VIEW a AS SELECT * FROM b; CREATE MATERIALIZED VIEW b AS SELECT * FROM a",
            "cycle",
        ),
        ("CREATE MATERIALIZED VIEW a AS SELECT 1; CREATE MATERIALIZED VIEW A AS SELECT 2", "already defined"),
        ("CREATE MATERIALIZED VIEW a (CONSTRAINT c EXPECT (x) ON VIOLATION EXPLODE) AS SELECT 1", "EXPLODE"),
        ("SELECT 1", "define no dataset"),
        ("CREATE MATERIALIZED VIEW a", "no AS"),
    ],
)
def test_bad_sources_are_refused_with_a_reason(sql, words):
    with pytest.raises(DefinitionError, match=words):
        parse_sources([("/p.sql", sql)])


def test_errors_name_the_file_and_line():
    with pytest.raises(DefinitionError, match=r"/p.sql:3"):
        parse_sources(
            [("/p.sql", "CREATE MATERIALIZED VIEW a AS SELECT 1;\n\nCREATE MATERIALIZED VIEW a AS SELECT 2")]
        )
