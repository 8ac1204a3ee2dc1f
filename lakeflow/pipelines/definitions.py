"""Reading a pipeline's SQL: dataset definitions, expectations, and the order to build them.

A pipeline source is SQL (a .sql file or a SQL source notebook, whose cell markers are comments)
holding statements such as

    CREATE OR REFRESH STREAMING TABLE orders_clean (
      CONSTRAINT valid_id EXPECT (id IS NOT NULL) ON VIOLATION DROP ROW
    ) AS SELECT * FROM STREAM(LIVE.orders_raw)

Kinds: ``MATERIALIZED VIEW`` (``LIVE TABLE``), ``STREAMING TABLE`` and ``TEMPORARY VIEW``
(``LIVE VIEW``). Expectations act by their clause: none = warn and keep, ``DROP ROW``, ``FAIL
UPDATE``. The DLT-only parts (the header, the constraint list, ``LIVE.``, ``STREAM(...)``) are
read from sqlglot's tokens; what remains is a plain query for the warehouse's engine, whose table
references (sqlglot's parse) give the dependency order. Pure functions: no database.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlglot
from sqlglot import exp
from sqlglot.tokens import Token, TokenType

from compute import warehouse_engines as engines

MATERIALIZED_VIEW = "MATERIALIZED_VIEW"
STREAMING_TABLE = "STREAMING_TABLE"
TEMPORARY_VIEW = "TEMPORARY_VIEW"
WARN, DROP, FAIL = "WARN", "DROP", "FAIL"
STREAM_PLACEHOLDER = "__lakeflow_stream_{}"
_SKIPPED_CLAUSES = {"COMMENT", "TBLPROPERTIES", "PARTITIONED", "CLUSTER", "LOCATION", "USING", "BY"}


class DefinitionError(Exception):
    """A pipeline source that cannot be read; the message names the file and line."""


@dataclass
class Expectation:
    name: str
    condition: str
    action: str  # WARN / DROP / FAIL


@dataclass
class Dataset:
    name: str
    kind: str
    query: str  # the engine's SQL; streaming reads appear as STREAM_PLACEHOLDER.format(i)
    streams: list[str] = field(default_factory=list)  # the SQL of each streaming read (table or function)
    expectations: list[Expectation] = field(default_factory=list)
    depends_on: list[str] = field(default_factory=list)
    source: str = ""  # "path:line", for messages

    def plain_query(self) -> str:
        """The query reading every streaming source in full (materialized views, full refresh)."""
        query = self.query
        for index, inner in enumerate(self.streams):
            # A table name or a table function: either stands where the STREAM(...) read stood.
            query = query.replace(STREAM_PLACEHOLDER.format(index), inner)
        return query


def _upper(token: Token) -> str:
    return token.text.upper()


def _matching(tokens: list[Token], start: int) -> int:
    """Index of the R_PAREN closing the L_PAREN at `start`."""
    depth = 0
    for index in range(start, len(tokens)):
        if tokens[index].token_type == TokenType.L_PAREN:
            depth += 1
        elif tokens[index].token_type == TokenType.R_PAREN:
            depth -= 1
            if depth == 0:
                return index
    raise DefinitionError("unbalanced parentheses")


def _header(tokens: list[Token]) -> tuple[str, int] | None:
    """(kind, index of the first token after the kind words) for a dataset definition."""
    words = [_upper(t) for t in tokens[:7]]
    if not words or words[0] != "CREATE":
        return None
    index = 1
    if words[index : index + 2] == ["OR", "REFRESH"] or words[index : index + 2] == ["OR", "REPLACE"]:
        index += 2
    rest = words[index:]
    for prefix, kind in (
        (["STREAMING", "TABLE"], STREAMING_TABLE), (["STREAMING", "LIVE", "TABLE"], STREAMING_TABLE),
        (["INCREMENTAL", "LIVE", "TABLE"], STREAMING_TABLE), (["MATERIALIZED", "VIEW"], MATERIALIZED_VIEW),
        (["LIVE", "TABLE"], MATERIALIZED_VIEW), (["TEMPORARY", "VIEW"], TEMPORARY_VIEW),
        (["TEMPORARY", "LIVE", "VIEW"], TEMPORARY_VIEW), (["TEMP", "VIEW"], TEMPORARY_VIEW),
        (["LIVE", "VIEW"], TEMPORARY_VIEW),
    ):  # fmt: skip
        if rest[: len(prefix)] == prefix:
            return kind, index + len(prefix)
    return None


def _expectation(tokens: list[Token], text: str, where: str) -> Expectation | None:
    """One element of the definition's parenthesized list: an expectation, or None (a column)."""
    if not tokens or tokens[0].token_type != TokenType.CONSTRAINT:
        return None
    if len(tokens) < 4 or _upper(tokens[2]) != "EXPECT" or tokens[3].token_type != TokenType.L_PAREN:
        raise DefinitionError(f"{where}: expected CONSTRAINT <name> EXPECT (<condition>)")
    close = _matching(tokens, 3)
    condition = text[tokens[3].end + 1 : tokens[close].start].strip()
    tail = " ".join(_upper(t) for t in tokens[close + 1 :])
    actions = {"": WARN, "ON VIOLATION DROP ROW": DROP, "ON VIOLATION FAIL UPDATE": FAIL}
    if tail not in actions:
        raise DefinitionError(
            f"{where}: unknown expectation clause {tail!r} (use ON VIOLATION DROP ROW or FAIL UPDATE)"
        )
    return Expectation(tokens[1].text, condition, actions[tail])


def _split_elements(tokens: list[Token]) -> list[list[Token]]:
    elements: list[list[Token]] = [[]]
    depth = 0
    for token in tokens:
        if token.token_type == TokenType.L_PAREN:
            depth += 1
        elif token.token_type == TokenType.R_PAREN:
            depth -= 1
        if token.token_type == TokenType.COMMA and depth == 0:
            elements.append([])
        else:
            elements[-1].append(token)
    return [element for element in elements if element]


def _rewrite_query(query: str) -> tuple[str, list[str]]:
    """Drop ``LIVE.`` qualifiers; replace ``STREAM(x)`` / ``STREAM x`` reads with placeholders."""
    tokens = sqlglot.tokenize(query, read="duckdb")
    out: list[str] = []
    streams: list[str] = []
    cursor = 0
    index = 0
    while index < len(tokens):
        token = tokens[index]
        nxt = tokens[index + 1] if index + 1 < len(tokens) else None
        if _upper(token) == "LIVE" and nxt is not None and nxt.token_type == TokenType.DOT:
            out.append(query[cursor : token.start])
            cursor = nxt.end + 1
            index += 2
            continue
        if (
            _upper(token) == "STREAM"
            and nxt is not None
            and nxt.token_type in (TokenType.L_PAREN, TokenType.VAR)
        ):
            if nxt.token_type == TokenType.L_PAREN:
                close = _matching(tokens, index + 1)
                inner, end = query[nxt.end + 1 : tokens[close].start], tokens[close].end
            else:
                last = index + 1
                while last + 2 < len(tokens) and tokens[last + 1].token_type == TokenType.DOT:
                    last += 2
                inner, end = query[nxt.start : tokens[last].end + 1], tokens[last].end
            out.append(query[cursor : token.start])
            out.append(STREAM_PLACEHOLDER.format(len(streams)))
            streams.append(_rewrite_query(inner)[0].strip())
            cursor = end + 1
            index = next((i for i, t in enumerate(tokens) if t.start > end), len(tokens))
            continue
        index += 1
    out.append(query[cursor:])
    return "".join(out), streams


def parse_statement(text: str, where: str) -> Dataset | None:
    """The dataset a statement defines, or None when it is not a definition (e.g. SET, USE)."""
    tokens = sqlglot.tokenize(text, read="duckdb")
    header = _header(tokens)
    if header is None:
        return None
    kind, index = header
    if index >= len(tokens):
        raise DefinitionError(f"{where}: the definition has no name")
    name_token = index
    while name_token + 2 < len(tokens) and tokens[name_token + 1].token_type == TokenType.DOT:
        name_token += 2  # schema.name: the pipeline's target schema decides where it goes
    name = tokens[name_token].text
    index = name_token + 1
    expectations: list[Expectation] = []
    while index < len(tokens) and tokens[index].token_type != TokenType.ALIAS:
        token = tokens[index]
        if token.token_type == TokenType.L_PAREN:
            close = _matching(tokens, index)
            for element in _split_elements(tokens[index + 1 : close]):
                if (expectation := _expectation(element, text, where)) is not None:
                    expectations.append(expectation)
            index = close + 1
        elif _upper(token) in _SKIPPED_CLAUSES or token.token_type in (TokenType.STRING, TokenType.VAR):
            index += 1
        else:
            raise DefinitionError(f"{where}: unexpected {token.text!r} before AS in the definition of {name}")
    if index >= len(tokens):
        raise DefinitionError(f"{where}: the definition of {name} has no AS <query>")
    query, streams = _rewrite_query(text[tokens[index].end + 1 :].strip())
    seen = {e.name.lower() for e in expectations}
    if len(seen) != len(expectations):
        raise DefinitionError(f"{where}: {name} names an expectation twice")
    return Dataset(
        name=name, kind=kind, query=query, streams=streams, expectations=expectations, source=where
    )


def _references(dataset: Dataset) -> set[str]:
    """Lower-cased names of the tables the query reads (CTE names excluded)."""
    query = dataset.plain_query()
    try:
        tree = sqlglot.parse_one(query, read="duckdb")
    except sqlglot.errors.ParseError:
        # Engine-specific SQL sqlglot cannot parse: fall back to every identifier token.
        return {
            t.text.lower() for t in sqlglot.tokenize(query, read="duckdb") if t.token_type == TokenType.VAR
        }
    ctes = {cte.alias_or_name.lower() for cte in tree.find_all(exp.CTE)}
    return {table.name.lower() for table in tree.find_all(exp.Table)} - ctes


def parse_sources(sources: list[tuple[str, str]]) -> list[Dataset]:
    """All datasets of (path, SQL text) sources, each with its dependencies, in build order."""
    datasets: dict[str, Dataset] = {}
    for path, text in sources:
        for statement in engines.split_statements(text, "duckdb"):
            where = f"{path}:{statement.line}"
            dataset = parse_statement(statement.text, where)
            if dataset is None:
                continue
            key = dataset.name.lower()
            if key in datasets:
                raise DefinitionError(f"{where}: {dataset.name} is already defined at {datasets[key].source}")
            datasets[key] = dataset
    if not datasets:
        raise DefinitionError(
            "The pipeline's sources define no dataset (CREATE MATERIALIZED VIEW / STREAMING TABLE)."
        )
    for key, dataset in datasets.items():
        dataset.depends_on = sorted((_references(dataset) & set(datasets)) - {key})
    return _order(datasets)


def _order(datasets: dict[str, Dataset]) -> list[Dataset]:
    """Topological order (Kahn), definition order among equals; a cycle is an error naming it."""
    remaining = {key: set(d.depends_on) for key, d in datasets.items()}
    ordered: list[Dataset] = []
    while remaining:
        ready = [key for key, deps in remaining.items() if not deps]
        if not ready:
            cycle = ", ".join(datasets[key].name for key in remaining)
            raise DefinitionError(f"The datasets depend on each other in a cycle: {cycle}")
        for key in ready:
            ordered.append(datasets[key])
            del remaining[key]
        for deps in remaining.values():
            deps.difference_update(ready)
    return ordered
