"""``--db`` takes the URLs people type: plain ``sqlite:///`` and ``postgresql://`` get the async
driver; anything else is one clear line, not a SQLAlchemy traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from server import cli
from server.storage import Store, UserStore
from server.storage.urls import BadDatabaseURL, database_url


@pytest.mark.parametrize(("typed", "used"), [
    ("sqlite:///var/wf.db", "sqlite+aiosqlite:///var/wf.db"),
    ("sqlite+aiosqlite:///var/wf.db", "sqlite+aiosqlite:///var/wf.db"),
    ("postgresql://wf@db:5432/wf", "postgresql+asyncpg://wf@db:5432/wf"),
    ("postgres://wf:pw@db/wf", "postgresql+asyncpg://wf:pw@db/wf"),
    ("postgresql+asyncpg://wf@db/wf", "postgresql+asyncpg://wf@db/wf"),
])
def test_plain_forms_get_the_async_driver(typed: str, used: str) -> None:
    assert database_url(typed) == used


@pytest.mark.parametrize(("typed", "says"), [
    ("mysql://u@h/d", "unsupported database 'mysql'"),
    ("postgresql+psycopg2://u:secret@h/d", "driver 'psycopg2' is not served"),
    ("sqlite://", "names no database file"),
    ("/var/wf.db", "not a database URL"),
])
def test_other_forms_say_what_to_write(typed: str, says: str) -> None:
    with pytest.raises(BadDatabaseURL) as info:
        database_url(typed)
    message = str(info.value)
    assert says in message and "sqlite:///" in message and "postgresql://" in message
    assert "secret" not in message and "\n" not in message


async def test_store_opens_the_plain_forms(db_url: str) -> None:
    plain = db_url.replace("+aiosqlite", "").replace("+asyncpg", "")
    assert "+" not in plain.split("://")[0]
    store = await Store.open(plain)
    try:
        await UserStore(store).add("u1", role="province", jurisdiction="330000", password_hash="h")
        assert [u.name for u in await UserStore(store).all()] == ["u1"]
    finally:
        await store.close()


def test_user_command_takes_the_plain_form_and_refuses_others_in_one_line(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'wf.db'}"

    def user(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "watchfloor", "user", *args],
                              input=stdin, capture_output=True, text=True, timeout=60)

    added = user("add", "zhang", "--role", "province", "--jurisdiction", "330000", "--db", db,
                 stdin="a long enough password\n")
    assert added.returncode == 0, added.stderr
    listed = user("list", "--db", db)
    assert listed.returncode == 0 and "zhang" in listed.stdout
    refused = user("list", "--db", "mysql://u@h/d")
    assert refused.returncode == 1
    assert "Traceback" not in refused.stderr
    assert refused.stderr.count("\n") == 1 and "postgresql://" in refused.stderr


def test_server_command_refuses_an_unusable_url_in_one_line(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--db", "sqlite://", "--port", "0"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("watchfloor server: ") and err.count("\n") == 1
