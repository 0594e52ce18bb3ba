"""`consortia backup` and `consortia restore` on the test run's own database (SQLite or, with
DATABASE_URL, PostgreSQL) and a real MEDIA_ROOT: a round trip with full parity, and every
refusal leaving the database and the files exactly as they were."""

import hashlib
import io
import json
import os
import tarfile
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from consortia.cli import main
from consortia.core.backup import DATABASE_FILES, read_archive, row_counts
from consortia.directory.models import Organisation, Role

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


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into any directory")
def test_backup_to_unwritable_directory_exits_2(tmp_path, capsys):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)

    code = main(["backup", "--output", str(locked / "b.tar.gz")])

    assert code == 2
    assert "is not writable" in capsys.readouterr().err
    assert list(locked.iterdir()) == []
