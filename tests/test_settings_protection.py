"""Settings shows what protects the data, read-only: the database's encryption, where the keys
are, this laptop's fingerprint, and the deployment file (or that bundles will not be encrypted);
what the deployment file sets cannot be changed there."""

from __future__ import annotations

import pyrage
import pytest
from conftest import deployment_text
from gui_helpers import qt_japanese  # noqa: F401 - fixtures
from PySide6.QtWidgets import QDialogButtonBox, QGroupBox, QLabel

from cyberdesk.gui.settings_dialog import SettingsDialog
from cyberdesk.trust import keys, protection, secretstore


def texts(dialog: SettingsDialog) -> list[str]:
    group = dialog.findChild(QGroupBox, "protectionGroup")
    return [label.text() for label in group.findChildren(QLabel)]


def deployment_file(home, folder, days: int = 30) -> list[str]:
    recipients = [str(pyrage.x25519.Identity.generate().to_public()) for _ in range(2)]
    (home / "deployment.toml").write_text(deployment_text(
        recipients, f"sync_folder = '{folder}'\nagency_code = \"B7777\"\nretention_days = {days}\n"),
        encoding="utf-8")
    return recipients


@pytest.fixture
def dialog(qtbot, store):
    def make() -> SettingsDialog:
        settings = SettingsDialog(store)
        qtbot.addWidget(settings)
        settings.show()
        return settings
    return make


def test_without_a_deployment_file_it_says_nothing_is_sent(dialog, cyberdesk_home):
    (cyberdesk_home / "deployment.toml").unlink()  # the tests' pilot file
    shown = texts(dialog())
    assert "IT 担当者により配備ファイルが置かれるまで、本部には何も送信しません。" in shown
    assert keys.with_check(keys.laptop_key().fingerprint) in shown
    assert any("SQLCipher" in text for text in shown)
    assert any(str(secretstore.keys_dir()) in text and "キーチェーンがありません" in text
               for text in shown)


def test_a_pilot_deployment_says_bundles_go_in_clear(dialog, office_key):
    shown = texts(dialog())  # the tests' own deployment file allows plain bundles
    assert any("暗号化されずに" in text for text in shown)
    assert office_key.fingerprint in shown


def test_the_deployment_file_is_shown_and_what_it_sets_is_read_only(dialog, store, cyberdesk_home,
                                                                    tmp_path, office_key):
    recipients = deployment_file(cyberdesk_home, tmp_path)
    settings = dialog()
    shown = "\n".join(texts(settings))
    assert office_key.fingerprint in shown and "暗号化されずに" not in shown
    assert str(cyberdesk_home / "deployment.toml") in shown
    assert all(protection.short_recipient(r) in shown for r in recipients)
    assert "30 日間" in shown
    assert settings.ui.syncFolderEdit.text() == str(tmp_path)
    assert settings.ui.syncFolderEdit.isReadOnly() and not settings.ui.browseButton.isEnabled()
    assert settings.edits["agency_code"].text() == "B7777" and settings.edits["agency_code"].isReadOnly()
    from PySide6.QtGui import QPalette

    for fixed, free in ((settings.edits["agency_code"], settings.edits["agency_name"]),
                        (settings.ui.syncFolderEdit, settings.edits["agency_name"])):
        base = QPalette.ColorRole.Base  # locked looks locked: no white box like the free fields
        assert fixed.palette().color(base) != free.palette().color(base)
        assert fixed.palette().color(base) == fixed.palette().color(QPalette.ColorRole.Window)
    settings.edits["agency_name"].setText("さくら保険サービス株式会社")
    settings.edits["agent_name"].setText("山田 花子")
    settings.edits["phone"].setText("03-1234-5678")
    settings.edits["email"].setText("yamada@sakura.example.jp")
    settings.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok).click()
    assert settings.result() == SettingsDialog.DialogCode.Accepted
    assert store.setting("sync_folder") is None  # the deployment's, not copied into the settings
    assert store.setting("agent_profile")["agency_code"] == "B7777"


def test_a_broken_deployment_file_is_shown_with_each_problem(dialog, cyberdesk_home):
    (cyberdesk_home / "deployment.toml").write_text('format = "cyberdesk.deployment"\nversion = 1\n'
                                                    'recipients = ["age1nope"]\n', encoding="utf-8")
    shown = "\n".join(texts(dialog()))
    assert "recipients[0]" in shown and "age の公開鍵ではありません" in shown
    assert "IT 担当者が配備ファイルを直すまで" in shown


def test_the_rows_name_the_keychain_when_there_is_one():
    place = secretstore.Place(secretstore.KEYCHAIN, "SecretService")
    assert "SecretService" in protection.key_place_text(place)
