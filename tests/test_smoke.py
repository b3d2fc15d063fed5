"""`cyberdesk gui --smoke`: the app started as a user starts it, in a real process, offscreen."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from conftest import run_cli
from gui_helpers import add_interview

from cyberdesk.store.store import Store

pytestmark = pytest.mark.slow
OFFSCREEN = {"QT_QPA_PLATFORM": "offscreen"}


def stored(*names: str, language: str | None = None) -> None:
    with Store.open() as store:
        for name in names:
            add_interview(store, name)
        if language:
            store.set_setting("language", language)


def test_smoke_lists_the_stored_interviews_and_exits_0():
    stored("株式会社サンプル", "有限会社テスト")
    result = run_cli("gui", "--smoke", env=OFFSCREEN)
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"\d+ ミリ秒で起動しました\(面談 2 件を表示\)。\n", result.stdout)


def test_smoke_on_a_fresh_machine_creates_the_database_and_speaks_the_chosen_language(cyberdesk_home):
    result = run_cli("gui", "--smoke", env=OFFSCREEN)
    assert result.returncode == 0, result.stderr
    assert (cyberdesk_home / "cyberdesk.sqlite3").is_file()
    stored(language="en")
    result = run_cli("gui", "--smoke", env=OFFSCREEN)
    assert re.fullmatch(r"Started in \d+ ms with 0 interviews listed\.\n", result.stdout)


def test_a_database_that_cannot_be_used_is_named_and_nothing_else_happens(cyberdesk_home):
    database = cyberdesk_home / "cyberdesk.sqlite3"
    database.write_bytes(b"not a database")
    result = run_cli("gui", "--smoke", env=OFFSCREEN)
    assert result.returncode == 1
    assert str(database) in result.stderr and "Traceback" not in result.stderr
    assert database.read_bytes() == b"not a database"


def test_start_up_imports_neither_the_pdf_library_nor_the_migrations_nor_the_orm():
    """Smoke quits once the window is shown and idle, before the ORM is warmed up: what it has
    imported is what the user waited for. The list, the counts, the language and the sync row
    are all read without SQLAlchemy."""
    stored("株式会社サンプル")  # the schema is current: no migration needed
    probe = ("import sys\nfrom cyberdesk.cli.main import main\ncode = main(['gui', '--smoke'])\n"
             "heavy = ('reportlab', 'alembic', 'sqlalchemy', 'cyberdesk.gui.wizard')\n"
             "print(sorted(m for m in heavy if m in sys.modules))\nsys.exit(code)")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120,
                            env={**os.environ, **OFFSCREEN})
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "[]"
