"""The engines behind SQL warehouses: open a connection, split a script, bind parameters, run.

No Django here on purpose: the sql_task child process (runs/executors/sql_runner.py) imports this
module with nothing but the warehouse's connection target. A target is one string:

- ``duckdb:///abs/path/file.duckdb`` (``duckdb://:memory:`` for a throwaway one): embedded DuckDB;
- ``postgresql://user:pw@host:port/db`` (``postgres://`` too): a PostgreSQL server, via psycopg.

Parameters are always *bound* (never pasted into the SQL text): markers such as ``:name``
(Statement Execution API) or ``{{name}}`` (sql_task files) are rewritten to the engine's
positional placeholder by walking sqlglot's tokens, so markers inside string literals and
comments are left alone and a value can never become SQL.
"""

from __future__ import annotations

import datetime as dt
import decimal
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import sqlglot
from sqlglot.tokens import Token, TokenType

DUCKDB_PREFIX = "duckdb://"
POSTGRES_PREFIXES = ("postgresql://", "postgres://")
# A DuckDB file may be open read-write by one process at a time; others wait this long for it.
DUCKDB_LOCK_WAIT_SECONDS = 30.0


class SqlError(Exception):
    """The engine refused a statement: its message, and the line (1-based, in the statement)."""

    def __init__(self, message: str, *, line: int | None = None, sql_state: str | None = None):
        super().__init__(message)
        self.message = message
        self.line = line
        self.sql_state = sql_state


@dataclass
class Column:
    name: str
    type_name: str  # Databricks' ColumnInfoTypeName: INT, LONG, STRING, DECIMAL ...
    type_text: str  # the engine's own spelling, e.g. DECIMAL(18,3)


@dataclass
class QueryResult:
    columns: list[Column]
    rows: list[list[Any]]  # at most `limit` rows, Python values
    total_row_count: int  # rows the query produced (may exceed len(rows) when truncated)
    truncated: bool = False


@dataclass
class Statement:
    """One statement of a script: its text and the 1-based line of the script it starts on."""

    text: str
    line: int


@dataclass
class Bound:
    sql: str
    values: list[Any] = field(default_factory=list)


class Engine(Protocol):
    dialect: str  # sqlglot dialect name: "duckdb" or "postgres"

    def execute(self, sql: str, values: list[Any], *, limit: int | None = None) -> QueryResult | None: ...
    def interrupt(self) -> None: ...
    def close(self) -> None: ...


def dialect_of(target: str) -> str:
    if target.startswith(DUCKDB_PREFIX):
        return "duckdb"
    if target.startswith(POSTGRES_PREFIXES):
        return "postgres"
    raise ValueError(
        f"Unknown warehouse connection {redact(target)!r}: use duckdb:///path or postgresql://..."
    )


def redact(target: str) -> str:
    """The target with any password replaced, for display."""
    return re.sub(r"(://[^:/@]+:)[^@]*@", r"\1***@", target)


# -- scripts and markers -------------------------------------------------------------------------


def split_statements(script: str, dialect: str) -> list[Statement]:
    """Split on top-level semicolons as sqlglot's tokenizer sees them (not inside strings,
    comments or dollar-quoted bodies), keeping each statement's original text and first line."""
    try:
        tokens = sqlglot.tokenize(script, read=dialect)
    except sqlglot.errors.TokenError as error:
        raise SqlError(f"Could not read the SQL: {error}") from None
    statements: list[Statement] = []
    start = 0
    for token in tokens:
        if token.token_type == TokenType.SEMICOLON:
            _add_statement(statements, script, start, token.start)
            start = token.end + 1
    _add_statement(statements, script, start, len(script))
    return statements


def _add_statement(statements: list[Statement], script: str, start: int, end: int) -> None:
    text = script[start:end]
    if not _has_code(text):
        return
    # Start at the statement's first non-blank character so engine line numbers line up.
    offset = len(text) - len(text.lstrip())
    line = script.count("\n", 0, start + offset) + 1
    statements.append(Statement(text.strip(), line))


def _has_code(text: str) -> bool:
    without_comments = re.sub(r"--[^\n]*|/\*.*?\*/", "", text, flags=re.S)
    return bool(without_comments.strip())


def bind(sql: str, values: Mapping[str, Any], *, dialect: str, style: str) -> Bound:
    """Rewrite parameter markers to the engine's positional placeholder.

    ``style`` is ``"colon"`` (``:name``, only for names in ``values``: anything else, such as an
    array slice ``a[1:n]``, is left to the engine) or ``"braces"`` (``{{name}}``; an unknown name
    is an error, because Databricks would fail the task the same way).
    """
    placeholder = "?" if dialect == "duckdb" else "%s"
    tokens = sqlglot.tokenize(sql, read=dialect)
    pieces: list[str] = []
    bound: list[Any] = []
    cursor = 0
    index = 0
    while index < len(tokens):
        match = _marker_at(tokens, index, style)
        if match is None:
            index += 1
            continue
        name, first, last = match
        if name not in values:
            if style == "braces":
                raise SqlError(f"No value for parameter {{{{{name}}}}}", line=tokens[first].line)
            index += 1
            continue
        pieces.append(_escape(sql[cursor : tokens[first].start], dialect))
        pieces.append(placeholder)
        bound.append(values[name])
        cursor = tokens[last].end + 1
        index = last + 1
    pieces.append(_escape(sql[cursor:], dialect))
    if not bound:
        return Bound(sql, [])
    return Bound("".join(pieces), bound)


def _marker_at(tokens: list[Token], i: int, style: str) -> tuple[str, int, int] | None:
    """(name, first token, last token) when a marker starts at token i."""
    kinds = [t.token_type for t in tokens[i : i + 5]]
    if style == "colon":
        if len(kinds) >= 2 and kinds[0] == TokenType.COLON and tokens[i].end + 1 == tokens[i + 1].start:
            name = tokens[i + 1]
            if name.token_type == TokenType.VAR or name.text.isidentifier():
                return name.text, i, i + 1
        return None
    if kinds[:2] == [TokenType.L_BRACE, TokenType.L_BRACE] and kinds[3:5] == [TokenType.R_BRACE] * 2:
        name = tokens[i + 2]
        adjacent = tokens[i].end + 1 == tokens[i + 1].start and tokens[i + 3].end + 1 == tokens[i + 4].start
        if adjacent and re.fullmatch(r"[A-Za-z_][\w.]*", name.text):
            return name.text, i, i + 4
    return None


def _escape(text: str, dialect: str) -> str:
    # psycopg reads every % in a query that has parameters as a placeholder; %% is a literal %.
    return text.replace("%", "%%") if dialect == "postgres" else text


# -- typed values ---------------------------------------------------------------------------------

_INT_TYPES = {"INT", "INTEGER", "BIGINT", "SMALLINT", "TINYINT", "LONG", "SHORT", "BYTE"}


def typed_value(value: str | None, type_name: str | None) -> Any:
    """A Statement Execution API parameter ({name, value, type}) as the Python value to bind."""
    if value is None:
        return None
    kind = (type_name or "STRING").upper().split("(")[0].strip()
    if kind in _INT_TYPES:
        return int(value)
    if kind in ("DOUBLE", "FLOAT", "REAL"):
        return float(value)
    if kind in ("DECIMAL", "NUMERIC"):
        return decimal.Decimal(value)
    if kind == "BOOLEAN":
        if value.lower() not in ("true", "false"):
            raise ValueError(f"{value!r} is not a BOOLEAN")
        return value.lower() == "true"
    if kind == "DATE":
        return dt.date.fromisoformat(value)
    if kind in ("TIMESTAMP", "TIMESTAMP_NTZ"):
        return dt.datetime.fromisoformat(value)
    return value


def as_text(value: Any) -> str | None:
    """One cell of a JSON_ARRAY result: every value as a string, NULL as null (Databricks)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep="T")
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    return str(value)


_DUCKDB_TYPES = {
    "INTEGER": "INT", "BIGINT": "LONG", "HUGEINT": "DECIMAL", "SMALLINT": "SHORT", "TINYINT": "BYTE",
    "UINTEGER": "LONG", "UBIGINT": "DECIMAL", "USMALLINT": "INT", "UTINYINT": "SHORT",
    "VARCHAR": "STRING", "DOUBLE": "DOUBLE", "FLOAT": "FLOAT", "REAL": "FLOAT", "BOOLEAN": "BOOLEAN",
    "DATE": "DATE", "BLOB": "BINARY", "INTERVAL": "INTERVAL", "UUID": "STRING", "JSON": "STRING",
    "NULL": "NULL", "TIME": "STRING",
}  # fmt: skip
_POSTGRES_TYPES = {
    "int4": "INT", "int8": "LONG", "int2": "SHORT", "text": "STRING", "varchar": "STRING", "bpchar": "CHAR",
    "float8": "DOUBLE", "float4": "FLOAT", "numeric": "DECIMAL", "bool": "BOOLEAN", "date": "DATE",
    "timestamp": "TIMESTAMP", "timestamptz": "TIMESTAMP", "bytea": "BINARY", "interval": "INTERVAL",
    "json": "STRING", "jsonb": "STRING", "uuid": "STRING", "name": "STRING",
}  # fmt: skip


def _duckdb_type(text: str) -> str:
    upper = text.upper()
    if upper.startswith("DECIMAL"):
        return "DECIMAL"
    if upper.startswith("TIMESTAMP"):
        return "TIMESTAMP"
    if upper.endswith("[]") or upper.startswith("LIST"):
        return "ARRAY"
    if upper.startswith("STRUCT"):
        return "STRUCT"
    if upper.startswith("MAP"):
        return "MAP"
    return _DUCKDB_TYPES.get(upper, "STRING")


# -- the engines ------------------------------------------------------------------------------------


class DuckDBEngine:
    dialect = "duckdb"

    def __init__(self, path: str, *, lock_wait: float = DUCKDB_LOCK_WAIT_SECONDS):
        import duckdb

        self._duckdb = duckdb
        deadline = time.monotonic() + lock_wait
        while True:
            try:
                self.conn = duckdb.connect(path)
                return
            except duckdb.IOException as error:
                # Another process holds the file's write lock: wait for it, as a queue would.
                if "lock" not in str(error).lower() or time.monotonic() > deadline:
                    raise SqlError(f"Could not open the warehouse database: {error}") from None
                time.sleep(0.1)

    def execute(self, sql: str, values: list[Any], *, limit: int | None = None) -> QueryResult | None:
        try:
            self.conn.execute(sql, values or None)
            if self.conn.description is None:
                return None
            columns = [Column(d[0], _duckdb_type(str(d[1])), str(d[1])) for d in self.conn.description]
            return _collect(self.conn.fetchmany, columns, limit)
        except self._duckdb.Error as error:
            raise _sql_error(str(error)) from None

    def interrupt(self) -> None:
        self.conn.interrupt()

    def close(self) -> None:
        self.conn.close()


class PostgresEngine:
    dialect = "postgres"

    def __init__(self, url: str, *, connect_timeout: int = 10):
        import psycopg

        self._psycopg = psycopg
        try:
            self.conn = psycopg.connect(url, autocommit=True, connect_timeout=connect_timeout)
        except psycopg.Error as error:
            raise SqlError(f"Could not connect to the warehouse: {error}") from None

    def execute(self, sql: str, values: list[Any], *, limit: int | None = None) -> QueryResult | None:
        try:
            with self.conn.cursor() as cursor:
                cursor.execute(sql, values or None)
                if cursor.description is None:
                    return None
                columns = []
                for d in cursor.description:
                    info = self.conn.adapters.types.get(d.type_code)
                    name = info.name if info else "text"
                    columns.append(Column(d.name, _POSTGRES_TYPES.get(name, "STRING"), name.upper()))
                return _collect(cursor.fetchmany, columns, limit)
        except self._psycopg.Error as error:
            state = getattr(error, "sqlstate", None)
            raise _sql_error(str(error), sql_state=state) from None

    def interrupt(self) -> None:
        self.conn.cancel_safe()

    def close(self) -> None:
        self.conn.close()


def _collect(fetchmany, columns: list[Column], limit: int | None) -> QueryResult:
    """Keep at most `limit` rows but count them all (the manifest's total_row_count)."""
    rows: list[list[Any]] = []
    total = 0
    while batch := fetchmany(1000):
        total += len(batch)
        room = (limit - len(rows)) if limit is not None else len(batch)
        rows.extend(list(row) for row in batch[: max(room, 0)])
    return QueryResult(columns, rows, total, truncated=limit is not None and total > limit)


def _sql_error(text: str, *, sql_state: str | None = None) -> SqlError:
    """The engine's first line as the message, and the statement line it points at."""
    line = re.search(r"^LINE (\d+):", text, re.M)
    first = next((part.strip() for part in text.splitlines() if part.strip()), text)
    return SqlError(first, line=int(line.group(1)) if line else None, sql_state=sql_state)


def open_engine(target: str) -> Engine:
    dialect = dialect_of(target)
    if dialect == "duckdb":
        path = target[len(DUCKDB_PREFIX) :]
        return DuckDBEngine(":memory:" if path in ("", ":memory:") else path)
    return PostgresEngine(target)


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def use_schema(engine: Engine, schema: str, *, create: bool = False) -> None:
    """Make `schema` the default for unqualified names (the Statement API's `schema`, a
    pipeline's target schema, which is created when missing)."""
    quoted = quote_ident(schema)
    if create:
        engine.execute(f"CREATE SCHEMA IF NOT EXISTS {quoted}", [])
    if engine.dialect == "duckdb":
        engine.execute(f"SET schema = '{schema.replace(chr(39), chr(39) * 2)}'", [])
    else:
        engine.execute(f"SET search_path TO {quoted}", [])
