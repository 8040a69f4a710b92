"""Backups, restore and the drill, against the real PostgreSQL (pg_dump and
pg_restore from the pgserver wheel for the embedded server).

Transactional tests: pg_dump reads what is committed, from its own session.
"""

import io
import json
import tarfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from psycopg import sql

from cases.models import Case
from cases.services.documents import document_upload
from core import backups
from core.backups import (
    BackupError,
    Database,
    backup_create,
    backup_prune,
    backup_restore,
    backup_source,
    find_tool,
)
from core.backups import database as backup_database
from core.tasks import backup_daily, backup_drill_weekly
from tests.factories import CaseFactory, UserFactory

transactional = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def empty_database():
    """A new, empty database on the same server, dropped afterwards."""
    server = backup_source()
    target = server.with_name(f"waymark_restore_test_{datetime.now(UTC):%H%M%S%f}")
    with server.connect(autocommit=True) as conn:
        conn.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(sql.Identifier(target.name))
        )
    yield target
    with server.connect(autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(target.name))
        )


def drill_databases() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT datname FROM pg_database WHERE datname LIKE 'waymark_drill_%%'")
        return [row[0] for row in cursor.fetchall()]


def tables_in(database: Database) -> list[str]:
    with database.connect() as conn:
        rows = conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        return sorted(row[0] for row in rows)


def read_manifest(archive: Path) -> dict:
    with tarfile.open(archive) as tar:
        return json.load(tar.extractfile("manifest.json"))


def rewrite_archive(archive: Path, out: Path, *, manifest=None, members=None) -> Path:
    """A copy of ``archive`` with its manifest or some members changed."""
    with tarfile.open(archive) as source, tarfile.open(out, "w") as copy:
        for member in source:
            content = source.extractfile(member).read()
            if member.name == "manifest.json" and manifest:
                content = json.dumps(manifest(json.loads(content))).encode()
            if members and member.name in members:
                content = members[member.name](content)
            member.size = len(content)
            copy.addfile(member, io.BytesIO(content))
    return out


def upload(case, user, content=PDF, name="statement.pdf"):
    return document_upload(
        actor=user,
        case=case,
        uploaded_file=SimpleUploadedFile(name, content, content_type="application/pdf"),
        description="Witness statement",
    )


@transactional
def test_the_drill_restores_the_demo_data_with_every_count_and_checksum(
    settings, media, tmp_path, capsys
):
    settings.WAYMARK_DEMO = True
    call_command("seed_demo", stdout=io.StringIO())
    lead = UserFactory(username="drill.lead", is_superuser=True)
    document = upload(Case.objects.filter(status="open").order_by("pk").first(), lead)

    call_command("backup", out=str(tmp_path / "backups"))

    [archive] = (tmp_path / "backups").iterdir()
    assert backups.ARCHIVE_PATTERN.match(archive.name)
    assert archive.stat().st_mode & 0o077 == 0
    manifest = read_manifest(archive)
    assert manifest["tables"]["public.cases_case"] == Case.objects.count() >= 40
    assert manifest["tables"]["public.cases_casedocument"] == 1
    assert manifest["files"][document.file.name]["sha256"] == document.sha256
    assert manifest["waymark_version"] == backups.waymark_version() != "unknown"
    assert "0001_initial" in manifest["migrations"]["cases"]
    assert manifest["database"]["dump_sha256"]

    capsys.readouterr()
    call_command("backup", verify=str(archive))
    out = capsys.readouterr().out
    assert "Restore drill passed" in out
    assert f"{len(manifest['tables'])} tables" in out
    assert drill_databases() == []

    # The same archive with one row count and one file changed fails, naming both.
    changed = rewrite_archive(
        archive,
        tmp_path / "changed.tar",
        manifest=lambda m: {
            **m,
            "tables": {**m["tables"], "public.cases_case": m["tables"]["public.cases_case"] + 1},
        },
        members={f"media/{document.file.name}": lambda content: content + b"tampered"},
    )
    with pytest.raises(CommandError, match="2 difference"):
        call_command("backup", verify=str(changed))
    err = capsys.readouterr().err
    assert "Restore drill FAILED" in err
    assert "table public.cases_case has" in err
    assert f"file {document.file.name} does not match its SHA-256" in err
    assert drill_databases() == []


@transactional
def test_restore_fills_an_empty_database_and_directory_and_checks_them(
    media, tmp_path, empty_database, capsys
):
    worker = UserFactory(username="restore.worker")
    case = CaseFactory()
    document = upload(case, worker)
    archive = backup_create(out_dir=tmp_path / "backups").path
    restored_media = tmp_path / "restored-media"

    call_command(
        "restore",
        str(archive),
        database_url=url_of(empty_database),
        media_root=str(restored_media),
    )

    assert "Restore succeeded" in capsys.readouterr().out
    assert (restored_media / document.file.name).read_bytes() == PDF
    with empty_database.connect() as conn:
        assert conn.execute("SELECT reference FROM cases_case").fetchall() == [(case.reference,)]


@transactional
def test_restore_refuses_a_database_or_directory_that_is_not_empty(media, tmp_path, empty_database):
    archive = backup_create(out_dir=tmp_path / "backups").path
    with empty_database.connect(autocommit=True) as conn:
        conn.execute("CREATE TABLE someone_elses (id int)")

    with pytest.raises(CommandError, match="is not empty: restore only into an empty database"):
        call_command(
            "restore", str(archive), database_url=url_of(empty_database), media_root="/nowhere"
        )
    occupied = tmp_path / "occupied"
    occupied.mkdir()
    (occupied / "keep.txt").write_text("mine")
    with pytest.raises(CommandError, match="is not empty: restore only into an empty directory"):
        call_command(
            "restore", str(archive), database_url=url_of(empty_database), media_root=str(occupied)
        )
    assert (occupied / "keep.txt").read_text() == "mine"
    assert tables_in(empty_database) == ["someone_elses"]


@transactional
def test_a_dump_that_does_not_match_its_checksum_is_refused_before_anything_is_restored(
    media, tmp_path, empty_database
):
    archive = backup_create(out_dir=tmp_path / "backups").path
    broken = rewrite_archive(
        archive,
        tmp_path / "broken.tar",
        manifest=lambda m: {**m, "database": {**m["database"], "dump_sha256": "0" * 64}},
    )
    with pytest.raises(BackupError, match="checksum does not match"):
        backup_restore(archive=broken, database=empty_database, media_root=tmp_path / "m")
    assert tables_in(empty_database) == []


@transactional
def test_an_encrypted_archive_opens_only_with_its_identity(settings, media, tmp_path, capsys):
    from pyrage import x25519

    identity = x25519.Identity.generate()
    settings.WAYMARK_BACKUP_ENCRYPTION_KEY = [str(identity.to_public())]
    CaseFactory()
    archive = backup_create(out_dir=tmp_path / "backups").path
    assert archive.name.endswith(".tar.age")
    assert archive.read_bytes().startswith(b"age-encryption.org/v1")
    assert b"cases_case" not in archive.read_bytes()

    with pytest.raises(CommandError, match="is encrypted: give the age identity file"):
        call_command("backup", verify=str(archive))
    wrong = tmp_path / "wrong.txt"
    wrong.write_text(f"# another key\n{x25519.Identity.generate()}\n")
    with pytest.raises(CommandError, match="could not be decrypted"):
        call_command("backup", verify=str(archive), identity=str(wrong))
    right = tmp_path / "key.txt"
    right.write_text(f"# created: today\n# public key: {identity.to_public()}\n{identity}\n")
    capsys.readouterr()
    call_command("backup", verify=str(archive), identity=str(right))
    assert "Restore drill passed" in capsys.readouterr().out
    assert drill_databases() == []


def test_an_encryption_key_that_is_not_an_age_key_is_refused_with_the_setting_named(
    settings, tmp_path
):
    settings.WAYMARK_BACKUP_ENCRYPTION_KEY = ["ssh-rsa AAAA"]
    with pytest.raises(BackupError, match="WAYMARK_BACKUP_ENCRYPTION_KEY must be age public keys"):
        backup_create(out_dir=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_only_the_newest_n_archives_are_kept(tmp_path):
    names = [f"waymark-backup-2026110{day}T021500Z.tar" for day in range(1, 6)]
    for name in [*names, "notes.txt"]:
        (tmp_path / name).write_text("x")
    deleted = backup_prune(out_dir=tmp_path, keep=2)
    assert [p.name for p in deleted] == names[:3]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*names[3:], "notes.txt"])


@transactional
def test_the_daily_task_backs_up_and_keeps_the_last_n(settings, media, tmp_path):
    settings.WAYMARK_BACKUP_DIR = tmp_path / "backups"
    settings.WAYMARK_BACKUP_KEEP = 1
    settings.WAYMARK_BACKUP_DIR.mkdir()
    old = settings.WAYMARK_BACKUP_DIR / "waymark-backup-20200101T000000Z.tar"
    old.write_text("an old archive")
    path = backup_daily()
    assert [p.name for p in settings.WAYMARK_BACKUP_DIR.iterdir()] == [Path(path).name]
    assert backup_drill_weekly() is True
    assert mail.outbox == []


@transactional
def test_a_failed_backup_or_drill_emails_the_administrators(settings, media, tmp_path):
    admin = UserFactory(username="sysadmin", is_staff=True, email="admin@example.org")
    UserFactory(username="someone", email="someone@example.org")
    settings.WAYMARK_BACKUP_ALERT_EMAILS = ["ops@example.org"]
    settings.WAYMARK_BACKUP_DIR = tmp_path / "backups"
    settings.WAYMARK_BACKUP_ENCRYPTION_KEY = ["not-a-key"]

    assert backup_daily() is None
    assert backup_drill_weekly() is False

    backup_mail, drill_mail = mail.outbox
    assert sorted(backup_mail.to) == [admin.email, "ops@example.org"]
    assert backup_mail.subject == "Waymark: the daily backup failed"
    assert "WAYMARK_BACKUP_ENCRYPTION_KEY" in backup_mail.body
    assert drill_mail.subject == "Waymark: the weekly restore drill failed"
    assert "no backup" in drill_mail.body


def test_beat_runs_the_backup_daily_and_the_drill_weekly(settings):
    entries = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert entries["core.backup_daily"].hour == {settings.WAYMARK_BACKUP_HOUR}
    assert entries["core.backup_drill_weekly"].day_of_week == {0}


def test_the_pgserver_tools_serve_the_embedded_server_and_the_system_tools_one_they_can_read(
    monkeypatch,
):
    versions = {"/usr/bin/pg_dump": 15, "/wheel/pg_dump": 18}
    monkeypatch.setattr(backup_database, "_tool_major", versions.get)
    monkeypatch.setattr(backup_database.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(backup_database, "_pgserver_bin", lambda: Path("/wheel"))
    monkeypatch.setattr(Path, "exists", lambda self: str(self) in versions)

    assert find_tool("pg_dump", server_major=18, prefer_embedded=True) == "/wheel/pg_dump"
    assert find_tool("pg_dump", server_major=15, prefer_embedded=False) == "/usr/bin/pg_dump"
    # The system's pg_dump is older than the server: the wheel's is used instead.
    assert find_tool("pg_dump", server_major=16, prefer_embedded=False) == "/wheel/pg_dump"
    with pytest.raises(BackupError, match="Install postgresql-client-19"):
        find_tool("pg_dump", server_major=19, prefer_embedded=False)


def test_a_database_url_gives_the_tools_its_password_through_the_environment_only():
    database = Database.from_url("postgres://owner:s3cret@db.example:5433/waymark?sslmode=require")
    env = database.tool_env()
    assert (env["PGHOST"], env["PGPORT"], env["PGUSER"], env["PGDATABASE"]) == (
        "db.example",
        "5433",
        "owner",
        "waymark",
    )
    assert (env["PGPASSWORD"], env["PGSSLMODE"]) == ("s3cret", "require")
    with pytest.raises(BackupError, match="must be a PostgreSQL URL"):
        Database.from_url("mysql://x@y/z")


def url_of(database: Database) -> str:
    from urllib.parse import quote

    return f"postgres://{database.user}@{quote(database.host, safe='')}/{database.name}"


@transactional
def test_names_in_an_archive_that_would_escape_the_directory_are_not_written(
    media, tmp_path, empty_database
):
    archive = backup_create(out_dir=tmp_path / "backups").path
    evil = rewrite_archive(archive, tmp_path / "evil.tar")
    with tarfile.open(evil, "a") as tar:
        for name in ("media/../escaped.txt", "media//tmp/escaped.txt"):
            info = tarfile.TarInfo(name)
            info.size = 4
            tar.addfile(info, io.BytesIO(b"evil"))
    result = backup_restore(archive=evil, database=empty_database, media_root=tmp_path / "m")
    assert not (tmp_path / "escaped.txt").exists()
    assert result.differences == [
        "file media/../escaped.txt is in the archive but not in the manifest",
        "file media//tmp/escaped.txt is in the archive but not in the manifest",
    ]
