"""`consortia backup` and `consortia restore` on the test run's own database (SQLite or, with
DATABASE_URL, PostgreSQL) and a real MEDIA_ROOT: a round trip with full parity, and every
refusal leaving the database and the files exactly as they were."""

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import threading
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from consortia.accounts.models import User
from consortia.accounts.services import erase_account
from consortia.cli import main
from consortia.core.backup import (
    DATABASE_FILES,
    create_backup,
    read_archive,
    restore_backup,
    row_counts,
)
from consortia.core.models import AuditEvent
from consortia.directory.models import Membership, Organisation, Person, Role

from .factories.directory import MembershipFactory, OrganisationFactory

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _media() -> dict[str, str]:
    root = Path(settings.MEDIA_ROOT)
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _state() -> tuple[dict[str, int], dict[str, str]]:
    return row_counts(), _media()


@pytest.fixture
def members() -> list[Organisation]:
    organisations = []
    for index, name in enumerate(["Alpha Robotics", "Бета Платежи", "伽马 Materials"]):
        organisation = OrganisationFactory(name=name, topics=["artificial-intelligence"])
        MembershipFactory(organisation=organisation, role=Role.OWNER)
        MembershipFactory(organisation=organisation, role=Role.MEMBER)
        organisation.logo.save(f"logo-{index}.png", ContentFile(PNG + bytes([index])))
        organisations.append(organisation)
    nested = Path(settings.MEDIA_ROOT) / "agreements" / "2026" / "Меморандум.pdf"
    nested.parent.mkdir(parents=True)
    nested.write_bytes(b"%PDF-1.4 memorandum")
    return organisations


@pytest.fixture
def archive(members: list[Organisation], tmp_path: Path, capsys: Any) -> Path:
    path = tmp_path / "backups" / "consortia.tar.gz"
    path.parent.mkdir()
    assert main(["backup", "--output", str(path)]) == 0
    capsys.readouterr()
    return path


def _members_of(path: Path) -> dict[str, bytes]:
    with tarfile.open(path, "r:gz") as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers()}  # type: ignore[union-attr]


def _write(path: Path, members: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for name, body in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(body)
            tar.addfile(info, io.BytesIO(body))
    return path


def test_backup_writes_database_files_and_manifest_of_what_is_stored(archive, tmp_path):
    expected_rows, expected_files = _state()

    manifest = read_archive(archive, into=tmp_path / "check")

    assert archive.stat().st_mode & 0o777 == 0o600
    assert manifest.format_version == 1
    assert manifest.vendor == connection.vendor
    assert manifest.tables == expected_rows
    assert manifest.tables["directory_organisation"] == 3
    assert manifest.files == expected_files
    assert len(manifest.files) == 4
    assert "agreements/2026/Меморандум.pdf" in manifest.files
    latest = MigrationRecorder.Migration.objects.filter(app="directory").order_by("-id").first()
    assert manifest.migrations["directory"] == latest.name
    assert sorted(_members_of(archive)) == sorted(
        [DATABASE_FILES[connection.vendor], "manifest.json"]
        + ["media/" + name for name in expected_files]
    )


def test_restore_after_changes_brings_back_every_row_and_file(archive, members, capsys):
    rows_before, files_before = _state()
    members[0].delete()
    OrganisationFactory(name="Added after the backup")
    Path(settings.MEDIA_ROOT, members[1].logo.name).unlink()
    Path(settings.MEDIA_ROOT, "stray.txt").write_text("not in the backup")
    assert _state() != (rows_before, files_before)

    code = main(["restore", "--input", str(archive), "--yes"])

    assert code == 0
    assert _state() == (rows_before, files_before)
    assert set(Organisation.objects.values_list("name", flat=True)) == {
        "Alpha Robotics",
        "Бета Платежи",
        "伽马 Materials",
    }
    tables, rows = len(rows_before), sum(rows_before.values())
    assert f"Restored {tables} tables ({rows} rows" in capsys.readouterr().out


def test_accounts_erased_after_the_backup_stay_erased_after_restoring_it(
    archive, members, capsys, caplog
):
    """A backup made before someone erased their account holds their name; restoring it over the
    live database must not bring them back. One of the two had handed over ownership first, so
    the backup has them as the sole owner again: they are erased all the same."""
    member = Membership.objects.get(organisation=members[0], role=Role.MEMBER).person
    owner = Membership.objects.get(organisation=members[1], role=Role.OWNER).person
    Membership.objects.filter(organisation=members[1], role=Role.MEMBER).update(role=Role.OWNER)
    names = {member.full_name, owner.full_name}
    for person in (member, owner):
        erase_account(person.user, by=person.user, confirm=person.user.email)
    assert not Person.objects.filter(full_name__in=names).exists()
    logged = [r.getMessage() for r in caplog.records if r.name == "consortia.accounts.services"]
    assert logged == [
        f"account erased: {person.user_id} (joined {person.user.date_joined.isoformat()})"
        for person in (member, owner)
    ]

    code = main(["restore", "--input", str(archive), "--yes"])

    out = capsys.readouterr().out
    assert code == 0
    assert "Erased again 2 accounts erased after the backup was made: " in out
    assert not Person.objects.filter(full_name__in=names).exists()
    assert set(
        User.objects.filter(pk__in=[member.user_id, owner.user_id]).values_list(
            "email", flat=True
        )
    ) == {f"erased-{member.user_id}@erased.invalid", f"erased-{owner.user_id}@erased.invalid"}
    assert not Membership.objects.filter(person__in=[member, owner]).exists()
    assert Membership.objects.filter(organisation=members[1]).count() == 1  # left for the operator
    events = AuditEvent.objects.filter(action="account.erased")
    assert [event.data.get("after_restore") for event in events] == [True, True]


def test_a_restore_erases_again_only_the_same_account_not_one_sharing_its_id(
    archive, members, capsys
):
    """Production restored over staging: an account erased on staging shares an id with a real
    person in the backup, but not the time it joined. The real person is left alone."""
    stranger = Membership.objects.get(organisation=members[2], role=Role.MEMBER).person
    user = stranger.user
    User.objects.filter(pk=user.pk).update(date_joined=user.date_joined - timedelta(days=400))
    user.refresh_from_db()
    erase_account(user, by=user, confirm=user.email)

    code = main(["restore", "--input", str(archive), "--yes"])

    out = capsys.readouterr().out
    assert code == 0
    assert f"Accounts erased in the database being replaced (id, joined): {user.pk} " in out
    assert "Erased again" not in out
    assert Person.objects.get(pk=stranger.pk).full_name == stranger.full_name
    assert User.objects.get(pk=user.pk).erased_at is None


def test_restore_into_emptied_database_needs_no_yes(archive):
    rows_before, files_before = _state()
    call_command("flush", interactive=False, verbosity=0)
    assert row_counts()["directory_organisation"] == 0

    code = main(["restore", "--input", str(archive)])

    assert code == 0
    assert _state() == (rows_before, files_before)


def test_restore_refuses_database_with_data_without_yes(archive, capsys):
    OrganisationFactory(name="Written after the backup")
    before = _state()

    code = main(["restore", "--input", str(archive)])

    err = capsys.readouterr().err
    assert code == 2
    assert "the database already holds data (" in err
    assert "run again with --yes to replace it; nothing was changed" in err
    assert _state() == before


def test_restore_refuses_truncated_archive_and_changes_nothing(archive, tmp_path, capsys):
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    OrganisationFactory(name="Written after the backup")
    before = _state()

    code = main(["restore", "--input", str(truncated), "--yes"])

    assert code == 2
    assert "corrupt or truncated" in capsys.readouterr().err
    assert _state() == before


def test_restore_refuses_checksum_mismatch_and_changes_nothing(archive, tmp_path, capsys):
    members = _members_of(archive)
    members["media/logos/logo-0.png"] = PNG + b"tampered"
    tampered = _write(tmp_path / "tampered.tar.gz", members)
    Organisation.objects.filter(name="Alpha Robotics").delete()
    before = _state()

    code = main(["restore", "--input", str(tampered), "--yes"])

    err = capsys.readouterr().err
    assert code == 2
    assert "SHA-256 does not match the manifest: media/logos/logo-0.png" in err
    assert _state() == before


def test_restore_refuses_archive_of_the_other_vendor(archive, tmp_path, capsys):
    members = _members_of(archive)
    ours = DATABASE_FILES[connection.vendor]
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    manifest = json.loads(members.pop("manifest.json"))
    members[DATABASE_FILES[other]] = members.pop(ours)
    manifest["database"].update(vendor=other, file=DATABASE_FILES[other])
    members["manifest.json"] = json.dumps(manifest).encode()
    foreign = _write(tmp_path / "foreign.tar.gz", members)
    before = _state()

    code = main(["restore", "--input", str(foreign), "--yes"])

    assert code == 2
    assert (
        f"holds a {other} database but this deployment uses {connection.vendor}"
        in capsys.readouterr().err
    )
    assert _state() == before


def test_restore_refuses_archive_from_a_newer_version(archive, tmp_path, capsys):
    members = _members_of(archive)
    manifest = json.loads(members.pop("manifest.json"))
    manifest["migrations"]["directory"] = "9999_from_the_future"
    members["manifest.json"] = json.dumps(manifest).encode()
    newer = _write(tmp_path / "newer.tar.gz", members)
    OrganisationFactory(name="Written after the backup")
    before = _state()

    code = main(["restore", "--input", str(newer), "--yes"])

    assert code == 2
    assert "migrations unknown here (directory.9999_from_the_future)" in capsys.readouterr().err
    assert _state() == before


def test_restore_reports_row_counts_that_differ_from_the_manifest(archive, tmp_path, capsys):
    members = _members_of(archive)
    manifest = json.loads(members.pop("manifest.json"))
    manifest["tables"]["directory_organisation"] = 4
    members["manifest.json"] = json.dumps(manifest).encode()
    miscounted = _write(tmp_path / "miscounted.tar.gz", members)

    code = main(["restore", "--input", str(miscounted), "--yes"])

    assert code == 1
    assert "directory_organisation: 4 expected, 3 found" in capsys.readouterr().err


def test_restore_refuses_archive_with_unexpected_entry(archive, tmp_path, capsys):
    members = _members_of(archive)
    members["../outside.txt"] = b"escape"
    hostile = _write(tmp_path / "hostile.tar.gz", members)
    before = _state()

    code = main(["restore", "--input", str(hostile), "--yes"])

    assert code == 2
    assert "unexpected entry '../outside.txt'" in capsys.readouterr().err
    assert _state() == before
    assert not (tmp_path / "outside.txt").exists()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["restore", "--input", "{tmp}/missing.tar.gz"], "does not exist or is not a file"),
        (["backup", "--output", "{tmp}/no/such/dir/b.tar.gz"], "does not exist"),
        (["backup", "--output", "{tmp}"], "is a directory"),
        (["backup", "--output", "{tmp}/exists.tar.gz/b.tar.gz"], "does not exist"),
        (["backup", "--output", "{tmp}/exists.tar.gz"], "already exists; choose a new name"),
    ],
)
def test_bad_paths_exit_2_naming_the_problem(tmp_path, capsys, arguments, message):
    (tmp_path / "exists.tar.gz").write_bytes(b"keep me")
    arguments = [argument.format(tmp=tmp_path) for argument in arguments]

    code = main(arguments)

    assert code == 2
    assert message in capsys.readouterr().err
    assert (tmp_path / "exists.tar.gz").read_bytes() == b"keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exists.tar.gz"] + (
        ["media"] if (tmp_path / "media").exists() else []
    )


@pytest.fixture
def locked(tmp_path):
    """A directory nobody may write into: read-only by its mode, or for root (who ignores modes)
    immutable (chattr +i)."""
    path = tmp_path / "locked"
    path.mkdir(mode=0o500)
    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i", str(path)], check=True)
    yield path
    if os.geteuid() == 0:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def test_backup_to_unwritable_directory_exits_2(locked, capsys):
    code = main(["backup", "--output", str(locked / "b.tar.gz")])

    assert code == 2
    assert "is not writable" in capsys.readouterr().err
    assert list(locked.iterdir()) == []


def test_backup_while_the_app_writes_is_one_consistent_snapshot(members, tmp_path):
    stop, started = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def keep_writing() -> None:
        try:
            while not stop.is_set():
                OrganisationFactory()
                started.set()
        except BaseException as error:  # reported by the assertion below
            errors.append(error)
            started.set()
        finally:
            connection.close()

    writer = threading.Thread(target=keep_writing)
    writer.start()
    started.wait(timeout=30)
    at_start = Organisation.objects.count()
    try:
        summary = create_backup(tmp_path / "live.tar.gz")
    finally:
        stop.set()
        writer.join(timeout=60)
    at_end = Organisation.objects.count()

    assert errors == []
    manifest = read_archive(summary.path, into=tmp_path / "check")
    assert at_start <= manifest.tables["directory_organisation"] <= at_end
    assert manifest.tables["directory_organisation"] > len(members)
    assert restore_backup(summary.path, overwrite=True).rows == manifest.rows
    assert row_counts() == manifest.tables
    assert Organisation.objects.count() == manifest.tables["directory_organisation"]


def test_cli_restores_a_deployment_onto_a_new_machine(tmp_path):
    """Real processes on real data directories: back up a migrated SQLite deployment with an
    upload, restore it into an empty data directory, compare the two files table by table."""
    source, target = tmp_path / "source", tmp_path / "target"
    logo = source / "media" / "logos" / "alpha.png"
    logo.parent.mkdir(parents=True)
    logo.write_bytes(PNG)
    assert _consortia(["manage", "migrate", "-v", "0"], source).returncode == 0
    with sqlite3.connect(source / "consortia.sqlite3") as database:
        database.execute("UPDATE directory_country SET name_en = 'Renamed' WHERE code = 'RU'")

    backed_up = _consortia(["backup", "--output", str(tmp_path / "b.tar.gz")], source)
    restored = _consortia(["restore", "--input", str(tmp_path / "b.tar.gz")], target)

    assert backed_up.returncode == 0, backed_up.stderr
    assert restored.returncode == 0, restored.stderr
    assert "1 uploaded files" in restored.stdout
    assert _file_counts(target) == _file_counts(source)
    assert (target / "media" / "logos" / "alpha.png").read_bytes() == PNG
    with sqlite3.connect(target / "consortia.sqlite3") as database:
        assert database.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert database.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert database.execute(
            "SELECT name_en FROM directory_country WHERE code = 'RU'"
        ).fetchone() == ("Renamed",)
    again = _consortia(["restore", "--input", str(tmp_path / "b.tar.gz")], target)
    assert again.returncode == 0, again.stderr  # reference data alone is not "data in use"


def _consortia(arguments: list[str], data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env["CONSORTIA_DATA_DIR"] = str(data_dir)
    return subprocess.run(
        [sys.executable, "-m", "consortia.cli", *arguments],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


def _file_counts(data_dir: Path) -> dict[str, int]:
    with sqlite3.connect(data_dir / "consortia.sqlite3") as database:
        names = [
            name
            for (name,) in database.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            name: database.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]  # noqa: S608
            for name in names
        }
