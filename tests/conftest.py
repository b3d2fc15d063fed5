"""Every test gets its own data folder (CYBERDESK_HOME) and Japanese as the language."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True)
def cyberdesk_home(tmp_path_factory, monkeypatch) -> Path:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("CYBERDESK_HOME", str(home))
    monkeypatch.delenv("CYBERDESK_LANG", raising=False)
    from cyberdesk.catalogue import installed
    from cyberdesk.i18n import set_language

    installed.cache_clear()
    set_language("ja")
    yield home
    installed.cache_clear()


@pytest.fixture
def catalogue():
    from cyberdesk.catalogue import installed

    return installed().current()


def run_cli(*args: str, env: dict[str, str] | None = None, input: str | None = None):
    """Run `python -m cyberdesk ARGS` as a real process (how agents and head office use it)."""
    import subprocess

    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "cyberdesk", *args],
        capture_output=True, text=True, env=full_env, input=input, timeout=120,
    )
