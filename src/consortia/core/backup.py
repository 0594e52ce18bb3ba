"""Backing up and restoring a whole deployment: the database and every uploaded file, in one
``.tar.gz`` archive with a manifest that restore checks before it changes anything.

The archive holds ``database.sqlite3`` (the SQLite online backup API, consistent while the app
keeps writing) or ``database.pgdump`` (``pg_dump --format=custom`` of a snapshot whose row counts
are taken in the same transaction), ``media/<path>`` for every file under ``MEDIA_ROOT``, and
``manifest.json`` last, naming the SHA-256 of everything before it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.apps import apps
from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection, connections

from consortia.core import clock

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
MEDIA_PREFIX = "media/"
# What `migrate` itself loads into an empty database: rows there do not make a database "in use".
REFERENCE_MODELS = {
    "contenttypes.contenttype",
    "auth.permission",
    "directory.country",
    "directory.topic",
}


class BackupError(Exception):
    """Bad input or a refused operation; nothing stored was changed."""


class RestoreMismatch(Exception):
    """The restore ran but the database does not hold what the manifest says."""


@dataclass(frozen=True)
class Manifest:
    format_version: int
    created_at: str
    vendor: str
    database_sha256: str
    migrations: dict[str, str]
    tables: dict[str, int]
    files: dict[str, str]
    raw: dict[str, Any] = field(repr=False, compare=False)

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


@dataclass(frozen=True)
class Summary:
    path: Path
    vendor: str
    tables: int
    rows: int
    files: int


# --- backup -----------------------------------------------------------------------------------
def create_backup(output: Path, *, now: datetime | None = None) -> Summary:
    """Write the database and every uploaded file to ``output`` (a new ``.tar.gz``). The archive
    appears under its name only once complete."""
    output = Path(output)
    _check_output(output)
    media_root = _media_root()
    vendor = connection.vendor
    if vendor not in DATABASE_FILES:
        raise BackupError(f"cannot back up a {vendor} database (SQLite and PostgreSQL only)")
    try:
        with tempfile.TemporaryDirectory(prefix=".backup-", dir=output.parent) as work:
            database = Path(work) / DATABASE_FILES[vendor]
            if vendor == "sqlite":
                tables, migrations = _dump_sqlite(database)
            else:
                tables, migrations = _dump_postgres(database)
            partial = Path(work) / "archive.tar.gz"
            with tarfile.open(partial, "w:gz") as archive:
                database_sha256 = _add_file(archive, database, DATABASE_FILES[vendor])
                files = {}
                for relative in _media_files(media_root):
                    try:
                        files[relative] = _add_file(
                            archive, media_root / relative, MEDIA_PREFIX + relative
                        )
                    except FileNotFoundError:  # deleted since the listing: not in the database
                        continue
                manifest = {
                    "format_version": FORMAT_VERSION,
                    "created_at": (now or clock.now()).isoformat(),
                    "database": {
                        "vendor": vendor,
                        "file": DATABASE_FILES[vendor],
                        "sha256": database_sha256,
                    },
                    "migrations": migrations,
                    "tables": tables,
                    "files": files,
                }
                body = json.dumps(manifest, indent=2, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(body)
                info.mtime = int(clock.now().timestamp())
                archive.addfile(info, _BytesReader(body))
            os.chmod(partial, 0o600)  # confidential applications and messages are inside
            os.replace(partial, output)
    except OSError as error:
        raise BackupError(f"could not write {output}: {error}") from None
    return Summary(output, vendor, len(tables), sum(tables.values()), len(files))


def _check_output(output: Path) -> None:
    if output.is_dir():
        raise BackupError(f"--output {output} is a directory; give the archive's file name")
    if output.exists():
        raise BackupError(f"--output {output} already exists; choose a new name")
    if not output.parent.is_dir():
        raise BackupError(f"--output {output}: directory {output.parent} does not exist")
    if not os.access(output.parent, os.W_OK | os.X_OK):
        raise BackupError(f"--output {output}: directory {output.parent} is not writable")


def _media_root() -> Path:
    if not isinstance(default_storage, FileSystemStorage):
        raise BackupError(
            f"uploads are kept by {type(default_storage).__name__}, not on the file system; "
            "back them up with that storage's own tools"
        )
    return Path(settings.MEDIA_ROOT)


def _media_files(root: Path) -> list[str]:
    found = []
    for directory, _subdirectories, names in os.walk(root):
        for name in names:
            path = Path(directory) / name
            if path.is_file() and not path.is_symlink():
                found.append(path.relative_to(root).as_posix())
    return sorted(found)


def _dump_sqlite(target: Path) -> tuple[dict[str, int], dict[str, str]]:
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        cursor = copy.cursor()
        tables = _row_counts(cursor, _sqlite_tables(cursor))
        return tables, _migration_state(cursor, tables)
    finally:
        copy.close()


def _dump_postgres(target: Path) -> tuple[dict[str, int], dict[str, str]]:
    import psycopg
    from psycopg.conninfo import make_conninfo

    # One repeatable-read snapshot serves the counts, the migration state and pg_dump itself.
    with psycopg.connect(make_conninfo(**_postgres_parameters())) as snapshot:
        snapshot.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        snapshot.read_only = True
        with snapshot.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            row = cursor.fetchone()
            assert row is not None
            tables = _row_counts(cursor, _postgres_tables(cursor))
            migrations = _migration_state(cursor, tables)
            _run_postgres_tool(
                ["pg_dump", "--format=custom", f"--snapshot={row[0]}", f"--file={target}"]
            )
    return tables, migrations


class _HashingReader:
    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.sha256 = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.sha256.update(data)
        return data


class _BytesReader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.position = 0

    def read(self, size: int = -1) -> bytes:
        end = len(self.data) if size < 0 else self.position + size
        chunk = self.data[self.position : end]
        self.position += len(chunk)
        return chunk


def _add_file(archive: tarfile.TarFile, path: Path, name: str) -> str:
    """Add ``path`` as ``name``, hashing exactly the bytes written (a file that grows meanwhile is
    cut at the size it had when opened; one that shrinks fails the backup)."""
    with path.open("rb") as stream:
        info = archive.gettarinfo(fileobj=stream, arcname=name)
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        reader = _HashingReader(stream)
        archive.addfile(info, reader)  # type: ignore[arg-type]
    return reader.sha256.hexdigest()


# --- restore ----------------------------------------------------------------------------------
def restore_backup(source: Path, *, overwrite: bool = False) -> Summary:
    """Replace the database and the uploaded files with those of the archive ``source``. Every
    check runs before anything is changed; a database in use is replaced only with
    ``overwrite``."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"--input {source} does not exist or is not a file")
    if not os.access(source, os.R_OK):
        raise BackupError(f"--input {source} is not readable")
    media_root = _media_root()
    vendor = connection.vendor
    media_root.parent.mkdir(parents=True, exist_ok=True)
    if not os.access(media_root.parent, os.W_OK | os.X_OK):
        raise BackupError(f"{media_root.parent} (where the uploads go) is not writable")
    with tempfile.TemporaryDirectory(prefix=".restore-", dir=media_root.parent) as work:
        manifest = read_archive(source, into=Path(work))
        if manifest.vendor != vendor:
            raise BackupError(
                f"{source} holds a {manifest.vendor} database but this deployment uses {vendor}; "
                "restore it on a deployment of the same kind"
            )
        unknown = _unknown_migrations(manifest)
        if unknown:
            raise BackupError(
                f"{source} was made by a newer Consortia: migrations unknown here ("
                + ", ".join(unknown[:5])
                + "); restore it with that version or a later one"
            )
        in_use = tables_in_use()
        if in_use and not overwrite:
            raise BackupError(
                "the database already holds data (" + ", ".join(in_use[:5]) + "); "
                "run again with --yes to replace it"
            )
        database = Path(work) / DATABASE_FILES[vendor]
        if vendor == "sqlite":
            _load_sqlite(database)
        else:
            _load_postgres(database)
        _swap_media(Path(work) / "media", media_root)
    _forget_cached_rows()
    _check_counts(manifest)
    return Summary(source, vendor, len(manifest.tables), manifest.rows, len(manifest.files))


def read_archive(source: Path, *, into: Path) -> Manifest:
    """Extract ``source`` into ``into`` (``database.*`` and ``media/``) and check it whole:
    readable, only the expected entries, a valid manifest, every SHA-256 as listed."""
    hashes: dict[str, str] = {}
    manifest_body = b""
    try:
        with tarfile.open(source, "r:gz") as archive:
            for member in archive:
                name = _safe_name(member)
                stream = archive.extractfile(member)
                assert stream is not None
                if name == MANIFEST:
                    manifest_body = stream.read()
                    continue
                target = into / name
                target.parent.mkdir(parents=True, exist_ok=True)
                with target.open("wb") as out:
                    reader = _HashingReader(stream)
                    shutil.copyfileobj(reader, out)  # type: ignore[misc]
                hashes[name] = reader.sha256.hexdigest()
    except (tarfile.TarError, EOFError, zlib.error, OSError) as error:
        raise BackupError(
            f"{source} is not a readable backup archive (corrupt or truncated): {error}"
        ) from None
    if not manifest_body:
        raise BackupError(f"{source} has no {MANIFEST}: not a complete Consortia backup")
    manifest = _parse_manifest(manifest_body, source)
    expected = {MEDIA_PREFIX + name: sha for name, sha in manifest.files.items()}
    expected[DATABASE_FILES[manifest.vendor]] = manifest.database_sha256
    missing = sorted(set(expected) - set(hashes))
    extra = sorted(set(hashes) - set(expected))
    wrong = sorted(name for name in expected if name in hashes and hashes[name] != expected[name])
    problems = []
    if missing:
        problems.append("missing from the archive: " + ", ".join(missing[:5]))
    if extra:
        problems.append("not in the manifest: " + ", ".join(extra[:5]))
    if wrong:
        problems.append("SHA-256 does not match the manifest: " + ", ".join(wrong[:5]))
    if problems:
        raise BackupError(f"{source} failed verification; " + "; ".join(problems))
    return manifest


def _safe_name(member: tarfile.TarInfo) -> str:
    path = PurePosixPath(member.name)
    if (
        not member.isfile()
        or path.is_absolute()
        or ".." in path.parts
        or not (
            member.name == MANIFEST
            or member.name in DATABASE_FILES.values()
            or (member.name.startswith(MEDIA_PREFIX) and len(path.parts) > 1)
        )
    ):
        raise BackupError(f"unexpected entry {member.name!r}: not a Consortia backup archive")
    return member.name


def _parse_manifest(body: bytes, source: Path) -> Manifest:
    try:
        data = json.loads(body)
        database = data["database"]
        manifest = Manifest(
            format_version=data["format_version"],
            created_at=data["created_at"],
            vendor=database["vendor"],
            database_sha256=database["sha256"],
            migrations=dict(data["migrations"]),
            tables={str(name): int(count) for name, count in data["tables"].items()},
            files={str(name): str(sha) for name, sha in data["files"].items()},
            raw=data,
        )
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise BackupError(f"{source} has an unreadable {MANIFEST}: {error!r}") from None
    if manifest.format_version != FORMAT_VERSION:
        raise BackupError(
            f"{source} is format version {manifest.format_version}; "
            f"this Consortia reads version {FORMAT_VERSION}"
        )
    if manifest.vendor not in DATABASE_FILES:
        raise BackupError(f"{source} names an unknown database vendor {manifest.vendor!r}")
    return manifest


def _unknown_migrations(manifest: Manifest) -> list[str]:
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    return sorted(
        f"{app}.{name}"
        for app, name in manifest.migrations.items()
        if app in loader.migrated_apps and (app, name) not in loader.disk_migrations
    )


def tables_in_use() -> list[str]:
    """Tables of the project's models that hold rows, other than what `migrate` loads itself."""
    existing = set(connection.introspection.table_names())
    names = sorted(
        {
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if model._meta.label_lower not in REFERENCE_MODELS
            and model._meta.managed
            and not model._meta.proxy
            and model._meta.db_table in existing
        }
    )
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        used = []
        for name in names:
            cursor.execute(f"SELECT 1 FROM {quote(name)} LIMIT 1")  # noqa: S608 (our table names)
            if cursor.fetchone():
                used.append(name)
    return used


def _load_sqlite(database: Path) -> None:
    """Copy the verified temporary file into the live database with the backup API: one write
    transaction, so every connection (this one, a running server's) sees all old or all new."""
    copy = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        check = copy.execute("PRAGMA integrity_check").fetchone()
        if not check or check[0] != "ok":
            raise BackupError(f"the archived SQLite database fails its integrity check: {check}")
        connection.ensure_connection()
        if connection.in_atomic_block:
            raise BackupError("cannot restore inside a transaction")
        copy.backup(connection.connection)
    except sqlite3.Error as error:
        raise BackupError(f"could not load the archived SQLite database: {error}") from None
    finally:
        copy.close()


def _load_postgres(dump: Path) -> None:
    connections.close_all()  # hold no locks that pg_restore's DROP TABLE would wait on
    _run_postgres_tool(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={_postgres_parameters()['dbname']}",
            str(dump),
        ]
    )


def _swap_media(staged: Path, media_root: Path) -> None:
    staged.mkdir(exist_ok=True)
    previous = media_root.parent / f".media-before-restore-{os.getpid()}"
    if media_root.exists():
        os.replace(media_root, previous)
    os.replace(staged, media_root)
    shutil.rmtree(previous, ignore_errors=True)


def _forget_cached_rows() -> None:
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


def _check_counts(manifest: Manifest) -> None:
    counts = row_counts()
    differ = {
        name: (count, counts.get(name))
        for name, count in manifest.tables.items()
        if counts.get(name) != count
    }
    if differ:
        detail = ", ".join(
            f"{name}: {want} expected, {got} found" for name, (want, got) in differ.items()
        )
        raise RestoreMismatch(f"after the restore, row counts differ from the manifest: {detail}")


# --- both -------------------------------------------------------------------------------------
@contextmanager
def live_cursor() -> Iterator[Any]:
    """A DB-API cursor on the configured database, without Django's query wrapping."""
    connection.ensure_connection()
    cursor = connection.connection.cursor()
    try:
        yield cursor
    finally:
        cursor.close()


def row_counts() -> dict[str, int]:
    """Rows per table of the configured database, counted the way the manifest counts them."""
    with live_cursor() as cursor:
        if connection.vendor == "sqlite":
            return _row_counts(cursor, _sqlite_tables(cursor))
        return _row_counts(cursor, _postgres_tables(cursor))


def _sqlite_tables(cursor: Any) -> list[tuple[str, str]]:
    cursor.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    )
    return [(name, _quoted(name)) for (name,) in cursor.fetchall()]


def _postgres_tables(cursor: Any) -> list[tuple[str, str]]:
    cursor.execute(
        "SELECT schemaname, tablename FROM pg_tables "
        "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') "
        "AND schemaname NOT LIKE 'pg_toast%' ORDER BY schemaname, tablename"
    )
    return [
        (
            table if schema == "public" else f"{schema}.{table}",
            f"{_quoted(schema)}.{_quoted(table)}",
        )
        for schema, table in cursor.fetchall()
    ]


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _row_counts(cursor: Any, tables: Sequence[tuple[str, str]]) -> dict[str, int]:
    counts = {}
    for name, quoted in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {quoted}")  # noqa: S608 (names from the catalogue)
        counts[name] = int(cursor.fetchone()[0])
    return counts


def _migration_state(cursor: Any, tables: dict[str, int]) -> dict[str, str]:
    """The latest applied migration of each app (none in a database never migrated)."""
    if "django_migrations" not in tables:
        return {}
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
    return {app: name for app, name in cursor.fetchall()}


def _postgres_parameters() -> dict[str, str]:
    settings_dict = connections["default"].settings_dict
    parameters = {
        "dbname": settings_dict.get("NAME") or "",
        "user": settings_dict.get("USER") or "",
        "password": settings_dict.get("PASSWORD") or "",
        "host": settings_dict.get("HOST") or "",
        "port": str(settings_dict.get("PORT") or ""),
    }
    sslmode = (settings_dict.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        parameters["sslmode"] = sslmode
    return {key: value for key, value in parameters.items() if value}


def _run_postgres_tool(command: list[str]) -> None:
    parameters = _postgres_parameters()
    environment = {
        **os.environ,
        "PGDATABASE": parameters.get("dbname", ""),
        "PGUSER": parameters.get("user", ""),
        "PGPASSWORD": parameters.get("password", ""),
        "PGHOST": parameters.get("host", ""),
        "PGPORT": parameters.get("port", ""),
    }
    if "sslmode" in parameters:
        environment["PGSSLMODE"] = parameters["sslmode"]
    environment = {key: value for key, value in environment.items() if value != ""}
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (PostgreSQL client tools are needed)")
    result = subprocess.run(  # noqa: S603 (fixed tool names, our own arguments)
        command, env=environment, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")
