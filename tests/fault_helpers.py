"""Faults made real: a command run as an unprivileged user (root reads and writes everything,
and CI runs as root), and a mounted tmpfs (conftest.tmpfs) turned read-only."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

NOBODY = 65534


def _unprivileged(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command  # already an ordinary user: permissions apply
    return ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *command]


def _own_keys(root: Path) -> Path:
    """The test's laptop keys, copied for that user as theirs (the database is encrypted with
    them): a folder only they can enter."""
    keys = root / "keys"
    shutil.copytree(os.environ["CYBERDESK_KEYS"], keys)
    for path in (keys, *keys.iterdir()):
        path.chmod(0o700 if path.is_dir() else 0o600)
        if os.geteuid() == 0:
            os.chown(path, NOBODY, NOBODY)
    return keys


def run_cli_as_nobody(files: dict[str, bytes], prepare: Callable[[Path], None], *args: str,
                      after: Callable[[Path], None] | None = None):
    """`cyberdesk ARGS` ("{root}" replaced) as an ordinary user, in a folder outside the tests'
    private temporary folder (which that user could not enter), removed afterwards."""
    root = Path(tempfile.mkdtemp(prefix="cyberdesk-nobody-"))
    try:
        root.chmod(0o755)
        home = root / "home"
        home.mkdir(mode=0o777)
        home.chmod(0o777)
        for name, data in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        for folder, _dirs, names in os.walk(root):
            os.chmod(folder, 0o777 if Path(folder) == home else 0o755)
            for name in names:
                os.chmod(Path(folder) / name, 0o644)
        if os.geteuid() == 0:
            for folder, _dirs, _names in os.walk(home):
                os.chown(folder, NOBODY, NOBODY)
        keys = _own_keys(root)
        prepare(root)
        env = {**os.environ, "CYBERDESK_HOME": str(home), "CYBERDESK_KEYS": str(keys)}
        done = subprocess.run(
            _unprivileged([sys.executable, "-m", "cyberdesk",
                           *(arg.replace("{root}", str(root)) for arg in args)]),
            capture_output=True, text=True, env=env, timeout=120)
        if after:
            after(root)
        return done
    finally:
        for folder, dirs, _names in os.walk(root):
            for name in dirs:
                with contextlib.suppress(OSError):
                    os.chmod(Path(folder) / name, 0o755)
        shutil.rmtree(root, ignore_errors=True)


def remount_read_only(path: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(path)], check=True)
