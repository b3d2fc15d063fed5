"""The laptop's keys: made once, kept outside the data folder (or in a keychain), readable by
the user only, the same in every process."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys

import pytest
from bundle_helpers import add_finalized
from keyring.backend import KeyringBackend

from cyberdesk.trust import keys, secretstore

FINGERPRINT = r"[A-Z2-7]{4}(-[A-Z2-7]{4}){7}"


def _in_process(code: str) -> str:
    """Run `code` in a fresh interpreter with the test's environment; its output."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=dict(os.environ), timeout=60, check=True)
    return done.stdout.strip()


def test_keys_are_made_once_in_a_private_folder_outside_the_data_folder(cyberdesk_home):
    key = keys.laptop_key()
    folder = secretstore.keys_dir()
    files = sorted(p.name for p in folder.iterdir())
    assert files == ["signing-ed25519.key"]
    assert stat.S_IMODE((folder / files[0]).stat().st_mode) == 0o600
    assert not folder.is_relative_to(cyberdesk_home)
    assert not any(p.suffix == ".key" for p in cyberdesk_home.rglob("*"))
    assert keys.laptop_key().public_bytes == key.public_bytes
    keys.database_key()
    assert sorted(p.name for p in folder.iterdir()) == ["database.key", "signing-ed25519.key"]


@pytest.mark.slow
def test_another_process_uses_the_same_keys():
    here = keys.laptop_key().fingerprint
    there = _in_process("from cyberdesk.trust import keys; print(keys.laptop_key().fingerprint)")
    assert there == here
    assert _in_process("from cyberdesk.trust import keys; print(keys.database_key().hex())") == \
        keys.database_key().hex()


@pytest.mark.slow
def test_processes_starting_together_make_one_key():
    code = "from cyberdesk.trust import keys; print(keys.database_key().hex())"
    started = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True,
                                env=dict(os.environ)) for _ in range(3)]
    outputs = {process.communicate(timeout=60)[0].strip() for process in started}
    assert len(outputs) == 1
    assert len(bytes.fromhex(outputs.pop())) == 32


def test_fingerprint_signature_and_verification():
    key = keys.laptop_key()
    assert len(key.public_bytes) == 32
    assert re.fullmatch(FINGERPRINT, key.fingerprint)
    signature = key.sign(b"manifest")
    assert keys.verify(key.public_bytes, signature, b"manifest")
    assert not keys.verify(key.public_bytes, signature, b"manifesT")
    assert not keys.verify(key.public_bytes, signature[:-1] + bytes([signature[-1] ^ 1]), b"manifest")
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    other = keys.LaptopKey(Ed25519PrivateKey.generate())
    assert not keys.verify(other.public_bytes, signature, b"manifest")
    assert not keys.verify(b"short", signature, b"manifest")
    assert other.fingerprint != key.fingerprint


def test_an_unreadable_key_file_is_one_line_naming_it():
    folder = secretstore.keys_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "database.key").mkdir()  # a folder where the file should be: cannot be read
    with pytest.raises(secretstore.SecretError) as caught:
        secretstore.load("database")
    message = str(caught.value)
    assert str(folder / "database.key") in message
    assert "\n" not in message and "Error" not in message


class MemoryKeychain(KeyringBackend):
    """A keychain backend that lives in memory: the code path of a machine with a keychain."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.entries.get((service, username))

    def set_password(self, service, username, password):
        self.entries[(service, username)] = password

    def delete_password(self, service, username):
        self.entries.pop((service, username), None)


def test_with_a_keychain_the_keys_go_there_and_no_file_is_written(monkeypatch, tmp_path):
    import keyring

    monkeypatch.delenv("CYBERDESK_KEYS")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    keychain = MemoryKeychain()
    previous = keyring.get_keyring()
    keyring.set_keyring(keychain)
    try:
        assert secretstore.place().kind == secretstore.KEYCHAIN
        key = keys.database_key()
        assert keychain.entries == {(secretstore.SERVICE, keys.DATABASE_KEY): key.hex()}
        assert not (tmp_path / "config").exists()
        assert keys.database_key() == key
    finally:
        keyring.set_keyring(previous)


def test_without_a_keychain_no_key_is_made_unless_files_were_chosen(monkeypatch, tmp_path):
    monkeypatch.delenv("CYBERDESK_KEYS")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    import keyring
    from keyring.backends import fail

    folder = tmp_path / "config" / "CyberDesk-keys"
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        with pytest.raises(secretstore.KeychainUnavailable) as caught:
            keys.database_key()
        assert "キーチェーン" in str(caught.value) and "\n" not in str(caught.value)
        assert not folder.exists()  # nothing generated during the outage
        secretstore.choose_files()  # the agent's choice (cyberdesk key --use-file)
        where = secretstore.place()
        assert where == secretstore.Place(secretstore.FILE, str(folder))
        keys.database_key()
        assert (folder / "database.key").is_file()
    finally:
        keyring.set_keyring(previous)


class SwitchableKeychain(MemoryKeychain):
    """A keychain that can be away (a locked session, a Secret Service not started yet)."""

    away = False

    def get_password(self, service, username):
        if self.away:
            raise RuntimeError("the keychain is not reachable")
        return super().get_password(service, username)

    def set_password(self, service, username, password):
        if self.away:
            raise RuntimeError("the keychain is not reachable")
        super().set_password(service, username, password)


def test_keychain_off_start_keychain_on_the_same_data_opens(monkeypatch, tmp_path):
    """The recovery path of docs/security.md: one start without the keychain changes nothing."""
    import keyring

    from cyberdesk.services.laptop import KeysUnreachable, open_store

    monkeypatch.delenv("CYBERDESK_KEYS")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    keychain = SwitchableKeychain()
    previous = keyring.get_keyring()
    keyring.set_keyring(keychain)
    try:
        with open_store() as store:
            [interview_id] = add_finalized(store)
        fingerprint = keys.laptop_key().fingerprint
        keys._cached.cache_clear()
        keychain.away = True
        with pytest.raises(KeysUnreachable) as caught:  # the app offers to try again
            open_store()
        assert "キーチェーン" in str(caught.value)
        assert not (tmp_path / "config").exists()  # no stray key folder
        keychain.away = False
        with open_store() as store:
            assert store.get(interview_id).customer.company_name
        assert keys.laptop_key().fingerprint == fingerprint  # head office still knows it
    finally:
        keyring.set_keyring(previous)
        keys._cached.cache_clear()


def test_a_lost_key_is_never_replaced_while_the_database_exists(tmp_path):
    from cyberdesk.services.laptop import open_store
    from cyberdesk.store.database import StoreError

    with open_store() as store:
        add_finalized(store)
    (secretstore.keys_dir() / "database.key").unlink()
    keys._cached.cache_clear()
    with pytest.raises(StoreError) as caught:
        open_store()
    assert "cyberdesk.sqlite3" in str(caught.value)
    assert not (secretstore.keys_dir() / "database.key").exists()


@pytest.mark.parametrize("damage", ["garbage", "fifo", "zero", "large"])
def test_a_damaged_key_file_is_one_line_naming_it(damage):
    folder = secretstore.keys_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "database.key"
    if damage == "garbage":
        path.write_text("not a key\n")
    elif damage == "fifo":
        os.mkfifo(path)
    elif damage == "zero":
        path.symlink_to("/dev/zero")
    else:
        path.write_text("0" * 64 + " " * 5000)
    keys._cached.cache_clear()
    with pytest.raises(secretstore.SecretError) as caught:
        keys.database_key()
    assert str(path) in str(caught.value) and "\n" not in str(caught.value)


def test_the_keys_folder_is_refused_inside_the_data_folder(monkeypatch, cyberdesk_home):
    monkeypatch.setenv("CYBERDESK_KEYS", str(cyberdesk_home / "keys"))
    keys._cached.cache_clear()
    with pytest.raises(secretstore.SecretError) as caught:
        keys.database_key()
    assert "CYBERDESK_KEYS" in str(caught.value)
