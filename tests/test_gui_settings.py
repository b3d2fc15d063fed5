"""The settings dialog: the agent profile checked by the model's rules and stored normalised,
the language switched at once (Qt's own buttons too), the sync folder chosen."""

from __future__ import annotations

import pytest
from gui_helpers import qt_japanese  # noqa: F401 - fixtures
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit

from cyberdesk.gui.main_window import MainWindow
from cyberdesk.gui.settings_dialog import SettingsDialog, stored_agent
from cyberdesk.i18n import _, current_language
from cyberdesk.model.interview import Agent


@pytest.fixture
def dialog(qtbot, store):
    settings = SettingsDialog(store)
    qtbot.addWidget(settings)
    settings.show()
    return settings


def fill(dialog: SettingsDialog, **values: str) -> None:
    for name, value in values.items():
        dialog.edits[name].setText(value)


def ok(dialog: SettingsDialog) -> None:
    dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok).click()


def test_the_profile_is_stored_normalised_and_read_back(dialog, store, qtbot, tmp_path, answers):
    fill(dialog, agency_name="さくら保険サービス株式会社", agent_name="山田 花子",
         phone="０３－１２３４－５６７８", email="ｙａｍａｄａ＠ｓａｋｕｒａ.example.jp",
         registration_number="２０１２３４５６７８９０", authority="保険契約の締結の代理を行います。")
    qtbot.keyClicks(dialog.edits["agency_code"], "A1234")
    answers.give(str(tmp_path))
    dialog.ui.browseButton.click()  # the folder chooser, answered with tmp_path
    ok(dialog)
    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    assert store.setting("agent_profile") == {
        "agency_name": "さくら保険サービス株式会社", "agency_code": "A1234", "agent_name": "山田 花子",
        "phone": "03-1234-5678", "email": "yamada@sakura.example.jp",
        "registration_number": "201234567890", "authority": "保険契約の締結の代理を行います。"}
    assert store.setting("sync_folder") == str(tmp_path)
    assert store.setting("language") == "ja"
    again = SettingsDialog(store)
    qtbot.addWidget(again)
    assert again.edits["phone"].text() == "03-1234-5678"
    assert again.ui.syncFolderEdit.text() == str(tmp_path)
    assert stored_agent(store) == Agent("さくら保険サービス株式会社", "A1234", "山田 花子", "03-1234-5678",
                                        "yamada@sakura.example.jp", "201234567890",
                                        "保険契約の締結の代理を行います。")


def test_a_wrong_field_is_named_next_to_it_and_nothing_is_stored(dialog, store, tmp_path):
    fill(dialog, agency_name="さくら保険", phone="03-1234-5678 内線", email="yamada-at-example")
    dialog.ui.syncFolderEdit.setText(str(tmp_path / "missing"))
    ok(dialog)
    assert dialog.isVisible() and dialog.result() != SettingsDialog.DialogCode.Accepted
    errors = {name: label.text() for name, label in dialog.errors.items() if label.isVisible()}
    assert errors == {
        "phone": _("A phone number has digits and hyphens only."),
        "email": _("This is not an e-mail address."),
        "sync_folder": _("This folder does not exist."),
    }
    assert dialog.edits["phone"].accessibleDescription() == errors["phone"]
    assert dialog.focusWidget() is dialog.edits["phone"]
    assert store.setting("agent_profile") is None
    fill(dialog, phone="03-1234-5678", email="yamada@example.jp")
    dialog.ui.syncFolderEdit.clear()
    ok(dialog)
    assert not any(label.isVisible() for label in dialog.errors.values())
    assert store.setting("agent_profile")["email"] == "yamada@example.jp"
    assert store.setting("sync_folder") is None


def test_every_input_has_an_accessible_name(dialog):
    fields = [*dialog.findChildren(QLineEdit), dialog.ui.languageCombo, dialog.ui.browseButton]
    assert all(field.accessibleName() for field in fields)


def test_switching_the_language_takes_effect_at_once(qtbot, store, qt_japanese):  # noqa: F811
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    assert window.ui.newButton.text() == "新しい面談(&N)"
    window.ui.actionSettings.trigger()
    dialog = window.settings_dialog
    assert dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Cancel).text() == "キャンセル"
    dialog.ui.languageCombo.setCurrentIndex(dialog.ui.languageCombo.findData("en"))
    ok(dialog)
    assert store.setting("language") == "en" and current_language() == "en"
    assert window.ui.newButton.text() == "&New interview"
    assert window.ui.statusCombo.itemText(0) == "All"
    assert window.model.headerData(0, window.ui.table.horizontalHeader().orientation()) == "Company"
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(buttons)
    assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "Cancel"
    window.ui.actionSettings.trigger()
    window.settings_dialog.ui.languageCombo.setCurrentIndex(0)  # 日本語
    ok(window.settings_dialog)
    assert window.ui.newButton.text() == "新しい面談(&N)"
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(buttons)
    assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "キャンセル"


def test_tab_order_goes_down_the_form(dialog, qtbot):
    dialog.activateWindow()
    ui = dialog.ui
    ui.agencyNameEdit.setFocus()
    order = [dialog.focusWidget()]
    for _step in range(10):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
        order.append(dialog.focusWidget())
    assert order == [ui.agencyNameEdit, ui.agencyCodeEdit, ui.agentNameEdit, ui.phoneEdit,
                     ui.emailEdit, ui.registrationNumberEdit, ui.authorityEdit, ui.languageCombo,
                     ui.syncFolderEdit, ui.browseButton,
                     ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok)]
