"""Reading an export back (``tracker import``): a JSON file or a folder of CSV files.

An import streams: the file is read a piece at a time, each row converted and written in
chunks of :data:`IMPORT_CHUNK` through the store's bulk path (COPY on PostgreSQL, see
:mod:`tracker.store.bulk`), all inside the caller's one transaction, so that memory holds one
chunk whatever the export's size and a broken row anywhere leaves nothing.  The format is
:mod:`tracker.store.transfer`'s.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, BinaryIO, NoReturn

from sqlalchemy import Boolean, Date, DateTime, Float, Integer, Table, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from tracker.errors import ConflictError, InputError, driver_reason
from tracker.models import Assessment, Issue, table_of
from tracker.store.transfer import _LATER_TABLES, FORMAT_NAME, FORMAT_VERSION, TABLES

#: Rows converted and written at a time.
IMPORT_CHUNK = 5_000
#: Bytes read from an export at a time.
READ_BYTES = 1 << 20
#: The longest single value (one row) an export may hold.
MAX_VALUE_CHARS = 64 << 20

#: One event of an export read in order: ``(table, place, line, row)``; a row of None opens
#: the table (so that an empty table is known to be present).
ExportEvent = tuple[str, str, int | None, dict[str, Any] | None]
#: (done, total, what) — how a long import reports its progress.
Progress = Callable[[int, int, str], None]


def export_size(path: Path) -> int:
    """The bytes an import of ``path`` reads (for its progress)."""
    if path.is_dir():
        return sum(f.stat().st_size for f in path.glob("*.csv"))
    return path.stat().st_size if path.exists() else 0


def read_export(path: Path, progress: Progress | None = None) -> Iterator[ExportEvent]:
    """The tables and rows of a JSON export file or a folder of CSV files, in file order,
    read a piece at a time (see :data:`ExportEvent`); ``progress`` hears the bytes read.

    Each row carries its place and line for messages.  A file that is not an export, or
    breaks off, raises :class:`InputError` naming the file and line when it is reached.
    """
    if path.is_dir():
        return _read_csv_folder(path, progress)
    if not path.exists():
        raise InputError("no such file or folder", path=str(path))
    return _JsonExport(path, progress).events()


_WHITESPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


class _JsonExport:
    """Walks a JSON export by hand down to its rows, and decodes each row with :mod:`json`'s
    own decoder on a window of the file: memory holds a piece of the file and one row.

    The top level must be ``{"format": …, "version": …, "tables": {name: [row, …], …}}`` with
    ``format`` and ``version`` before ``tables`` (as ``tracker export`` writes it)."""

    def __init__(self, path: Path, progress: Progress | None) -> None:
        self.path, self.progress = path, progress
        self.total = export_size(path)
        self.read = 0
        self.buffer = ""
        self.at = 0  # position in buffer
        self.line = 1  # line of buffer[0]
        self.ended = False
        self.decoder = codecs.getincrementaldecoder("utf-8")()
        self.handle: BinaryIO | None = None

    # -- reading
    def events(self) -> Iterator[ExportEvent]:
        with self.path.open("rb") as self.handle:
            yield from self._document()

    def _more(self) -> bool:
        """Read the next piece into the buffer (dropping what was consumed); False at the end."""
        if self.ended:
            return False
        assert self.handle is not None
        data = self.handle.read(READ_BYTES)
        self.read += len(data)
        try:
            piece = self.decoder.decode(data, final=not data)
        except UnicodeDecodeError:
            self._fail("not a tracker export: the file is not UTF-8 text", self.at)
        self.line += self.buffer.count("\n", 0, self.at)
        self.buffer = self.buffer[self.at :] + piece
        self.at = 0
        if not data:
            self.ended = True
        if self.progress is not None:
            self.progress(self.read, self.total, "import")
        return True

    def _line_at(self, position: int) -> int:
        return self.line + self.buffer.count("\n", 0, position)

    def _fail(self, message: str, position: int) -> NoReturn:
        raise InputError(
            message,
            path=str(self.path),
            line=self._line_at(position),
            hint="give a file written by 'tracker export'",
        )

    def _peek(self) -> str:
        """The next character that is not white space ('' at the end of the file)."""
        while True:
            self.at = _WHITESPACE.match(self.buffer, self.at).end()  # type: ignore[union-attr]
            if self.at < len(self.buffer):
                return self.buffer[self.at]
            if not self._more():
                return ""

    def _expect(self, allowed: str, what: str) -> str:
        found = self._peek()
        if not found or found not in allowed:
            shown = repr(found) if found else "the end of the file"
            self._fail(f"not a tracker export: expected {what}, found {shown}", self.at)
        self.at += 1
        return found

    def _value(self) -> Any:
        """The next JSON value, decoded whole (read on until it is complete)."""
        self._peek()
        while True:
            try:
                value, end = _DECODER.raw_decode(self.buffer, self.at)
            except json.JSONDecodeError as exc:
                if len(self.buffer) - self.at > MAX_VALUE_CHARS:
                    self._fail("a value longer than 64 MB: is this a tracker export?", self.at)
                if self._more():
                    continue
                self._fail(f"not a tracker export: {exc.msg}", exc.pos)
            # a number or word that ends where the buffer does may go on in the next piece
            if end == len(self.buffer) and not self.ended and self._more():
                continue
            self.at = end
            return value

    def _items(self, close: str) -> Iterator[int]:
        """Walk the items of the object or array just opened: yields the line each starts
        on, after which the caller consumes the item."""
        if self._peek() == close:
            self.at += 1
            return
        while True:
            self._peek()
            yield self._line_at(self.at)
            if self._expect("," + close, f"',' or '{close}'") == close:
                return

    def _key(self) -> str:
        if self._peek() != '"':
            self._expect('"', "a name in double quotes")
        key = self._value()
        self._expect(":", "':'")
        return str(key)

    # -- the document
    def _document(self) -> Iterator[ExportEvent]:
        self._expect("{", "'{'")
        head: dict[str, Any] = {}
        has_tables = False
        for _line in self._items("}"):
            key = self._key()
            if key != "tables":
                head[key] = self._value()
                continue
            self._check_head(head)
            has_tables = True
            self._expect("{", "the 'tables' object")
            for _table_line in self._items("}"):
                yield from self._table(self._key())
        if not has_tables:
            self._check_head(head)
            raise InputError("the export has no 'tables'", path=str(self.path))
        if self._peek():
            self._fail("not a tracker export: text after the export's end", self.at)

    def _check_head(self, head: dict[str, Any]) -> None:
        if head.get("format") != FORMAT_NAME:
            raise InputError(
                "not a tracker export (no 'format': 'tracker-export' before its tables)",
                path=str(self.path),
                hint="to read other tables of verdicts use 'tracker ingest'",
            )
        if head.get("version") != FORMAT_VERSION:
            raise InputError(
                f"unsupported export version {head.get('version')!r}", path=str(self.path)
            )

    def _table(self, name: str) -> Iterator[ExportEvent]:
        known = name in _TABLE_NAMES
        if self._peek() != "[":
            if known:
                self._fail(f"table {name!r} is not a list of objects", self.at)
            self._value()  # another program's addition: not ours to read
            return
        self._expect("[", "'['")
        if known:
            yield name, str(self.path), None, None
        for line in self._items("]"):
            row = self._value()
            if not known:
                continue
            if not isinstance(row, dict):
                raise InputError(
                    f"table {name!r} is not a list of objects", path=str(self.path), line=line
                )
            yield name, str(self.path), line, row


_TABLE_NAMES = {table.name for table in TABLES}


def _read_csv_folder(folder: Path, progress: Progress | None) -> Iterator[ExportEvent]:
    """The CSV files of an export folder, checked present first, then read row by row."""
    targets = []
    for table in TABLES:
        target = folder / f"{table.name}.csv"
        if target.exists():
            targets.append((table, target))
        elif table.name not in _LATER_TABLES:  # older exports lack the later ones
            raise InputError(
                f"missing {target.name}",
                path=str(folder),
                hint="a CSV export is a folder with one file per table, "
                "as 'tracker export --format csv' writes",
            )
    return _csv_events(targets, export_size(folder), progress)


def _csv_events(
    targets: list[tuple[Table, Path]], total: int, progress: Progress | None
) -> Iterator[ExportEvent]:
    done = 0
    for table, target in targets:
        where = str(target)
        try:
            with target.open("rb") as raw, io.TextIOWrapper(raw, "utf-8", newline="") as handle:
                reader = csv.reader(handle)
                header = next(reader, None)
                if header is None:
                    raise InputError("empty file", path=where)
                yield table.name, where, None, None
                for number, row in enumerate(reader):
                    if not row:
                        continue
                    if len(row) != len(header):
                        raise InputError(
                            f"{len(row)} fields where the header has {len(header)}",
                            path=where,
                            line=reader.line_num,
                        )
                    values = {k: (v if v != "" else None) for k, v in zip(header, row, strict=True)}
                    yield table.name, where, reader.line_num, values
                    if progress is not None and number % IMPORT_CHUNK == 0:
                        progress(done + raw.tell(), total, "import")
        except (UnicodeDecodeError, csv.Error) as exc:
            raise InputError(f"cannot read CSV: {exc}", path=where) from None
        done += target.stat().st_size
        if progress is not None:
            progress(done, total, "import")


Converter = Callable[[Any], Any]


def _to_bool(value: Any) -> bool:
    return value if isinstance(value, bool) else str(value).lower() in {"true", "1", "yes", "t"}


def _to_datetime(value: Any) -> datetime:
    parsed = datetime.fromisoformat(str(value))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _to_date(value: Any) -> date:
    return date.fromisoformat(str(value))


def _converter(kind: Any) -> Converter:
    if isinstance(kind, Boolean):
        return _to_bool
    if isinstance(kind, Integer):
        return int
    if isinstance(kind, Float):
        return float
    if isinstance(kind, DateTime):
        return _to_datetime
    if isinstance(kind, Date):
        return _to_date
    return str


class _RowReader:
    """Checks and converts one table's rows (values read from JSON or CSV) to its columns."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.columns = [
            (c.name, c.nullable or c.primary_key, c.nullable or c.name == "id", _converter(c.type))
            for c in table.columns
        ]

    def __call__(self, row: dict[str, Any], where: str, line: int | None) -> dict[str, Any]:
        out: dict[str, Any] = {}
        name = self.table.name
        for column, may_be_empty, may_be_missing, convert in self.columns:
            if column not in row:
                if not may_be_missing:
                    raise InputError(
                        f"table {name}: column {column!r} is missing", path=where, line=line
                    )
                out[column] = None
                continue
            value = row[column]
            if value is None:
                if not may_be_empty:
                    raise InputError(f"table {name}: {column} is empty", path=where, line=line)
                out[column] = None
                continue
            try:
                out[column] = convert(value)
            except (TypeError, ValueError):
                raise InputError(
                    f"table {name}: bad {column} {value!r}", path=where, line=line
                ) from None
        return out


def check_empty(session: Session) -> None:
    """An import goes into an empty database only."""
    for model in (Issue, Assessment):
        count = (
            session.connection().execute(select(func.count()).select_from(table_of(model))).scalar()
        )
        if count:
            raise ConflictError(
                f"the database is not empty ({count} rows in {model.__tablename__})",
                hint="import into a new database (--db new.db); to add verdicts from tables use "
                "'tracker ingest'",
            )


def import_data(
    session: Session, events: Iterable[ExportEvent], progress: Progress | None = None
) -> dict[str, int]:
    """Write an export (:func:`read_export`'s events) into this empty database, ids kept, a
    chunk at a time through the bulk path (:func:`tracker.store.bulk.bulk_load`); return the
    rows per table.  The caller's transaction makes it all or nothing."""
    from tracker.store.assessments import backfill_renderings
    from tracker.store.bulk import bulk_load
    from tracker.store.rows import copy_line, write_rows

    check_empty(session)
    connection = session.connection()
    issue_table = table_of(Issue)
    order = {table.name: number for number, table in enumerate(TABLES)}
    tables = {table.name: table for table in TABLES}
    counts = dict.fromkeys(order, 0)
    seen: list[str] = []
    merges: list[tuple[int, int]] = []
    chunk: list[dict[str, Any]] = []
    places: list[tuple[str, int | None]] = []  # where each row of the chunk came from
    current: tuple[Table, _RowReader, str] | None = None

    def flush() -> None:
        if current is None or not chunk:
            return
        try:
            write_rows(connection, current[0], chunk)
        except IntegrityError as exc:
            row = copy_line(exc)  # PostgreSQL names the row of the COPY
            where, line = places[row - 1] if row and row <= len(places) else (current[2], None)
            raise InputError(
                f"the export is inconsistent: {driver_reason(exc)}",
                path=where,
                line=line,
                hint="was it edited by hand? nothing was imported",
            ) from None
        counts[current[0].name] += len(chunk)
        chunk.clear()
        places.clear()

    with bulk_load(session, progress):
        for name, where, line, row in events:
            if row is None:  # a new table
                flush()
                if name in seen or (seen and order[name] < order[seen[-1]]):
                    raise InputError(
                        f"table {name!r} comes again or after {seen[-1]!r}",
                        path=where,
                        line=line,
                        hint="the tables go in the order 'tracker export' writes them: "
                        + ", ".join(order),
                    )
                seen.append(name)
                current = (tables[name], _RowReader(tables[name]), where)
                continue
            assert current is not None
            values = current[1](row, where, line)
            if current[0] is issue_table and values["merged_into_id"]:
                merges.append((values["id"], values["merged_into_id"]))
                values["merged_into_id"] = None  # set below, once every issue is in
            chunk.append(values)
            places.append((where, line))
            if len(chunk) >= IMPORT_CHUNK:
                flush()
        flush()
        for issue_id, target in merges:
            connection.execute(
                update(issue_table)
                .where(issue_table.c.id == issue_id)
                .values(merged_into_id=target)
            )
        if "rendering" not in seen:  # an older export: every assessment is its own rendering
            counts["rendering"] = backfill_renderings(connection)
        if connection.dialect.name == "postgresql":
            for table in TABLES:
                connection.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"coalesce((SELECT max(id) FROM {table.name}), 0) + 1, false)"
                )
    return counts
