"""Settings: the agent profile used on every new interview, the language and the sync folder,
and (read-only) what protects the data: cyberdesk.trust.protection's rows and what IT's deployment file
fixes (its sync folder and agency code replace the agent's).

The profile is checked with the model's own rules (cyberdesk.model.validation) and normalised as
the file format stores it, so what the dialog accepts an interview accepts too. Nothing is
stored until every field is right.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFormLayout, QGroupBox, QLabel, QLineEdit, QWidget

from cyberdesk.gui import dialogs
from cyberdesk.gui.forms.ui_settings import Ui_SettingsDialog
from cyberdesk.gui.looks import ERROR_STYLE, locked
from cyberdesk.i18n import LANGUAGES, _, current_language
from cyberdesk.model.document import clean_field
from cyberdesk.model.interview import Agent
from cyberdesk.model.validation import agent_problems
from cyberdesk.services.profile import stored_agent
from cyberdesk.store.store import AGENT_PROFILE, LANGUAGE, SYNC_FOLDER, Store
from cyberdesk.trust import deployment, protection

# Each language is named in its own words, so a person who cannot read the other one finds theirs.
LANGUAGE_NAMES = {"ja": "日本語", "en": "English"}


class SettingsDialog(QDialog):
    """Edits the settings; `accept()` stores them only when all are valid."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.ui = Ui_SettingsDialog()
        self.ui.setupUi(self)
        ui = self.ui
        self.edits: dict[str, QLineEdit] = {
            "agency_name": ui.agencyNameEdit, "agency_code": ui.agencyCodeEdit,
            "agent_name": ui.agentNameEdit, "phone": ui.phoneEdit, "email": ui.emailEdit,
            "registration_number": ui.registrationNumberEdit, "authority": ui.authorityEdit,
        }
        self.errors: dict[str, QLabel] = {
            "agency_name": ui.agencyNameError, "agency_code": ui.agencyCodeError,
            "agent_name": ui.agentNameError, "phone": ui.phoneError, "email": ui.emailError,
            "registration_number": ui.registrationNumberError, "authority": ui.authorityError,
            "sync_folder": ui.syncFolderError,
        }
        for label in self.errors.values():
            label.setStyleSheet(ERROR_STYLE)
            label.hide()
        for name, value in asdict(stored_agent(store)).items():
            self.edits[name].setText(value)
        for code in LANGUAGES:
            ui.languageCombo.addItem(LANGUAGE_NAMES[code], code)
        ui.languageCombo.setCurrentIndex(
            ui.languageCombo.findData(store.setting(LANGUAGE) or current_language()))
        ui.syncFolderEdit.setText(store.setting(SYNC_FOLDER) or "")
        self.fixed = self._apply_deployment()
        ui.dialogLayout.insertWidget(ui.dialogLayout.indexOf(ui.buttonBox), self._protection_group())
        ui.browseButton.clicked.connect(self.choose_sync_folder)
        ui.buttonBox.accepted.connect(self.accept)
        ui.buttonBox.rejected.connect(self.reject)
        self.resize(self.width(), self.sizeHint().height())

    def _apply_deployment(self) -> deployment.Deployment | None:
        """What the deployment file sets is shown in its field, which the agent cannot change."""
        try:
            fixed = deployment.load()
        except deployment.DeploymentError:
            return None  # shown in the protection rows
        note = _("Set by the deployment file")
        if fixed is not None and fixed.sync_folder is not None:
            self.ui.syncFolderEdit.setText(str(fixed.sync_folder))
            locked(self.ui.syncFolderEdit, note)
            self.ui.browseButton.setEnabled(False)
        if fixed is not None and fixed.agency_code is not None:
            self.edits["agency_code"].setText(fixed.agency_code)
            locked(self.edits["agency_code"], note)
        return fixed

    def _protection_group(self) -> QGroupBox:
        group = QGroupBox(_("Data protection"), self)
        group.setObjectName("protectionGroup")
        form = QFormLayout(group)
        for row in protection.rows():
            value = QLabel(row.value, group)
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            if row.problem:
                value.setStyleSheet(ERROR_STYLE)
            form.addRow(row.label, value)
        return group

    def agent(self) -> Agent:
        """The profile as typed, normalised like the interview file stores it."""
        return Agent(**{name: clean_field(name, edit.text()) for name, edit in self.edits.items()})

    def language(self) -> str:
        return self.ui.languageCombo.currentData()

    def sync_folder(self) -> str:
        return self.ui.syncFolderEdit.text().strip()

    def choose_sync_folder(self) -> None:
        folder = dialogs.choose_folder(self, _("Choose the sync folder"), self.sync_folder())
        if folder:
            self.ui.syncFolderEdit.setText(folder)

    def problems(self) -> dict[str, str]:
        """Field name → what is wrong with it, in the user's language."""
        found: dict[str, str] = {}
        for problem in agent_problems(self.agent()):
            found.setdefault(problem.field.removeprefix("agent."), problem.message)
        folder = self.sync_folder()
        if folder and not self.ui.syncFolderEdit.isReadOnly() and not Path(folder).expanduser().is_dir():
            found["sync_folder"] = _("This folder does not exist.")
        return found

    def _show_problems(self, problems: dict[str, str]) -> None:
        for name, label in self.errors.items():
            message = problems.get(name, "")
            label.setText(message)
            label.setVisible(bool(message))
            field = self.edits.get(name, self.ui.syncFolderEdit)
            field.setAccessibleDescription(message)
        self.ui.dialogLayout.activate()  # grow to fit the messages rather than squeeze the fields
        self.resize(self.width(), max(self.height(), self.sizeHint().height()))

    def accept(self) -> None:
        problems = self.problems()
        self._show_problems(problems)
        if problems:
            first = next(name for name in self.errors if name in problems)
            self.edits.get(first, self.ui.syncFolderEdit).setFocus()
            return
        agent = self.agent()
        for name, edit in self.edits.items():
            edit.setText(getattr(agent, name))
        self.store.set_setting(AGENT_PROFILE, asdict(agent))
        self.store.set_setting(LANGUAGE, self.language())
        if not self.ui.syncFolderEdit.isReadOnly():  # the deployment file's is not the agent's
            self.store.set_setting(SYNC_FOLDER, self.sync_folder() or None)
        super().accept()
