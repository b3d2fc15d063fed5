"""The keys in a real Secret Service (gnome-keyring on a session D-Bus of the test's own): kept
there and not in files, and looked up off the window's path — the app looks the key up on a
thread while Qt starts, so the window waits only for what is left of it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

MAKE = """
from cyberdesk.services.laptop import open_store
from cyberdesk.trust import secretstore
with open_store() as store:
    store.set_setting("language", "ja")
print(secretstore.place().kind, flush=True)
"""

TIMED = """
import json, os, sys, time
from cyberdesk.gui import app

looked_up = {}
look_up, key = app.KeyLookup._look_up, app.KeyLookup.key

def timed_look_up(self):
    started = time.perf_counter()
    look_up(self)
    looked_up["lookup_ms"] = (time.perf_counter() - started) * 1000

def timed_key(self):
    started = time.perf_counter()
    try:
        return key(self)
    finally:
        looked_up["wait_ms"] = (time.perf_counter() - started) * 1000

def report(code, end=os._exit):
    print(json.dumps(looked_up), flush=True)
    end(code)

app.KeyLookup._look_up, app.KeyLookup.key = timed_look_up, timed_key
os._exit = report
from cyberdesk.cli.main import main
main(["gui", "--smoke"])
"""


def in_keyring_session(tmp_path: Path, *scripts: str) -> list[str]:
    """Each script's output, run one after the other in one D-Bus session with an unlocked
    gnome-keyring: what a desktop Linux offers (no key folder: the keychain is used)."""
    home = tmp_path / "user"
    home.mkdir(mode=0o700)
    env = {key: value for key, value in os.environ.items() if key != "CYBERDESK_KEYS"}
    env.update(HOME=str(home), XDG_RUNTIME_DIR=str(home), XDG_DATA_HOME=str(home / "data"),
               XDG_CONFIG_HOME=str(home / "config"), QT_QPA_PLATFORM="offscreen")
    for number, script in enumerate(scripts):
        (tmp_path / f"script{number}.py").write_text(script, encoding="utf-8")
    runs = "; ".join(f'"{sys.executable}" "{tmp_path / f"script{n}.py"}" > "{tmp_path / f"out{n}"}"'
                     for n in range(len(scripts)))
    result = subprocess.run(
        ["dbus-run-session", "--", "sh", "-c",
         f"printf test | gnome-keyring-daemon --unlock --components=secrets >/dev/null && {runs}"],
        env=env, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    return [(tmp_path / f"out{n}").read_text(encoding="utf-8") for n in range(len(scripts))]


@pytest.mark.skipif(not (shutil.which("dbus-run-session") and shutil.which("gnome-keyring-daemon")),
                    reason="needs Debian's dbus and gnome-keyring (scripts/test installs them)")
def test_the_key_is_looked_up_in_the_secret_service_beside_the_window(tmp_path, cyberdesk_home):
    made, timed = in_keyring_session(tmp_path, MAKE, TIMED)
    assert made.strip() == "keychain"
    assert not list((tmp_path / "user").rglob("*.key"))  # in the keychain, never in a file
    figures = json.loads(timed.splitlines()[-1])
    print(f"key lookup in the Secret Service {figures['lookup_ms']:.0f} ms; the window waited "
          f"{figures['wait_ms']:.0f} ms for it")
    assert figures["wait_ms"] < figures["lookup_ms"]


EARLIER = """
import keyring
keyring.set_password("CyberDesk", "earlier", "ab" * 32)  # as versions that went through keyring did
"""

BOTH_WAYS = """
import keyring
from cyberdesk.trust import keys, secretservice, secretstore
print(secretservice.applies(), type(secretstore._keychain()).__name__)
print(secretstore.load("earlier") == "ab" * 32)
made = keys.database_key().hex()  # made now, directly
from keyring.backends import SecretService  # what keyring picks on this desktop
print(SecretService.Keyring().get_password("CyberDesk", keys.DATABASE_KEY) == made)
"""


@pytest.mark.skipif(not (shutil.which("dbus-run-session") and shutil.which("gnome-keyring-daemon")),
                    reason="needs Debian's dbus and gnome-keyring (scripts/test installs them)")
def test_the_secret_service_spoken_to_directly_shares_its_entries_with_keyring(tmp_path,
                                                                              cyberdesk_home):
    """Without keyring's ~0.3 s of loading, the same entries: a key an earlier version kept
    through keyring is found, and one kept now is what keyring reads."""
    _earlier, both = in_keyring_session(tmp_path, EARLIER, BOTH_WAYS)
    assert both.splitlines() == ["True SecretServiceKeychain", "True", "True"]
