"""Every test gets its own data folder (CYBERDESK_HOME), key folder (CYBERDESK_KEYS) and Japanese
as the language."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

pytest_plugins = ["office_fixtures"]  # office_url: head office's tests on SQLite and on PostgreSQL

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True)
def cyberdesk_home(tmp_path_factory, monkeypatch) -> Path:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("CYBERDESK_HOME", str(home))
    # The laptop's keys in a folder of the test's own (secretstore's fallback, never a keychain).
    monkeypatch.setenv("CYBERDESK_KEYS", str(tmp_path_factory.mktemp("keys")))
    for variable in ("CYBERDESK_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)  # the command line's language: Japanese
    monkeypatch.setenv("LANG", "C.UTF-8")
    from cyberdesk.catalogue import installed
    from cyberdesk.i18n import set_language

    installed.cache_clear()
    set_language("ja")
    yield home
    installed.cache_clear()


PILOT = "allow_unencrypted = true  # the tests' default: bundles signed, not encrypted\n"


def deployment_text(recipients: list[str] | None = None, extra: str = "", key=None) -> str:
    """A deployment file naming head office's signing key: `key`, else this test's (see
    `office_key`)."""
    from cyberdesk.services import messages

    key = key or messages.read_office_key(Path(os.environ["CYBERDESK_OFFICE_SIGNING_KEY"]))
    quoted = ", ".join(f'"{r}"' for r in recipients or [])
    listed = f"recipients = [{quoted}]\n" if recipients else ""
    return (f'format = "cyberdesk.deployment"\nversion = 1\n{listed}'
            f'office_signing_key = "{messages.public_text(key.public_bytes)}"\n{extra}')


def pilot_deployment(home: Path, key=None) -> None:
    """The tests' usual deployment file in `home`: plain bundles allowed (a pilot), head office's
    key `key` (a new one when None: for fixtures made before a test's own key)."""
    from cyberdesk.services import messages

    home.mkdir(parents=True, exist_ok=True)
    (home / "deployment.toml").write_text(
        deployment_text(extra=PILOT, key=key or messages.new_office_key()), encoding="utf-8")


@pytest.fixture(autouse=True)
def office_key(cyberdesk_home, tmp_path_factory, monkeypatch):
    """Head office's signing key for this test (CYBERDESK_OFFICE_SIGNING_KEY, which intake reads)
    and a pilot deployment file naming it in the data folder, so that the laptop sends (signed,
    not encrypted) and believes this head office's receipts. Tests of encryption write their own."""
    from cyberdesk.services import messages

    key = messages.new_office_key()
    path = tmp_path_factory.mktemp("office") / "office-key.signing.txt"
    path.write_text(key.file_text(), encoding="ascii")
    monkeypatch.setenv("CYBERDESK_OFFICE_SIGNING_KEY", str(path))
    pilot_deployment(cyberdesk_home, key)
    return key


@pytest.fixture(autouse=True)
def _processes_only_in_marked_tests(request, monkeypatch):
    """A test that starts a process is marked `slow` (or `postgres`): the fast tier
    (`scripts/test --fast`) leaves those out, so an unmarked one would slow it silently."""
    if request.node.get_closest_marker("slow") or request.node.get_closest_marker("postgres"):
        return
    import subprocess

    def refuse(self, args, *rest, **kwargs):
        raise AssertionError(f"{request.node.nodeid} starts a process ({args!r}): mark it slow")

    monkeypatch.setattr(subprocess.Popen, "_execute_child", refuse)


@pytest.fixture
def store():
    """The database of the test's own data folder, opened as the app opens it."""
    from cyberdesk.services.laptop import open_store

    with open_store() as opened:
        yield opened


@pytest.fixture
def answers(monkeypatch):
    """Every dialog the app opens is answered from this queue (None when it runs dry)."""
    from gui_helpers import Answers

    from cyberdesk.gui import dialogs

    stand_in = Answers()
    monkeypatch.setattr(dialogs, "responder", stand_in)
    return stand_in


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


@contextlib.contextmanager
def tmpfs(folder: Path, options: str) -> Iterator[Path]:
    """A real tmpfs at `folder` (a drive that is full, read-only or vanishes), unmounted after.
    Mounting needs root: elsewhere the test is skipped with the reason, never failed."""
    import subprocess

    folder.mkdir(exist_ok=True)
    if os.geteuid() != 0:
        pytest.skip("needs root to mount a tmpfs (a real full or read-only drive)")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"this machine cannot mount a tmpfs: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


@pytest.fixture
def app(qapp):
    """The app in Japanese with the bundled font, as the agent starts it (and left so)."""
    from cyberdesk.gui.qt_setup import apply_language, install_font

    install_font(qapp)
    apply_language(qapp, "ja")
    yield qapp
    apply_language(qapp, "ja")
