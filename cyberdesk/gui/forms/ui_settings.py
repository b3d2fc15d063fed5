# Generated from ui/settings.ui by scripts/ui — do not edit.
from cyberdesk.i18n import _  # noqa: F401
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'settings.ui'
##
## Created by: Qt User Interface Compiler version 6.12.0
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QApplication, QComboBox, QDialog,
    QDialogButtonBox, QFormLayout, QGridLayout, QGroupBox,
    QLabel, QLineEdit, QPushButton, QSizePolicy,
    QVBoxLayout, QWidget)

class Ui_SettingsDialog(object):
    def setupUi(self, SettingsDialog):
        if not SettingsDialog.objectName():
            SettingsDialog.setObjectName(u"SettingsDialog")
        SettingsDialog.resize(560, 460)
        self.dialogLayout = QVBoxLayout(SettingsDialog)
        self.dialogLayout.setObjectName(u"dialogLayout")
        self.profileGroup = QGroupBox(SettingsDialog)
        self.profileGroup.setObjectName(u"profileGroup")
        self.profileLayout = QGridLayout(self.profileGroup)
        self.profileLayout.setObjectName(u"profileLayout")
        self.profileNote = QLabel(self.profileGroup)
        self.profileNote.setObjectName(u"profileNote")
        self.profileNote.setWordWrap(True)

        self.profileLayout.addWidget(self.profileNote, 10, 0, 1, 2)

        self.agencyNameLabel = QLabel(self.profileGroup)
        self.agencyNameLabel.setObjectName(u"agencyNameLabel")

        self.profileLayout.addWidget(self.agencyNameLabel, 0, 0, 1, 1)

        self.agencyNameEdit = QLineEdit(self.profileGroup)
        self.agencyNameEdit.setObjectName(u"agencyNameEdit")

        self.profileLayout.addWidget(self.agencyNameEdit, 0, 1, 1, 1)

        self.agencyNameError = QLabel(self.profileGroup)
        self.agencyNameError.setObjectName(u"agencyNameError")
        self.agencyNameError.setWordWrap(True)

        self.profileLayout.addWidget(self.agencyNameError, 1, 1, 1, 1)

        self.agencyCodeLabel = QLabel(self.profileGroup)
        self.agencyCodeLabel.setObjectName(u"agencyCodeLabel")

        self.profileLayout.addWidget(self.agencyCodeLabel, 2, 0, 1, 1)

        self.agencyCodeEdit = QLineEdit(self.profileGroup)
        self.agencyCodeEdit.setObjectName(u"agencyCodeEdit")

        self.profileLayout.addWidget(self.agencyCodeEdit, 2, 1, 1, 1)

        self.agencyCodeError = QLabel(self.profileGroup)
        self.agencyCodeError.setObjectName(u"agencyCodeError")
        self.agencyCodeError.setWordWrap(True)

        self.profileLayout.addWidget(self.agencyCodeError, 3, 1, 1, 1)

        self.agentNameLabel = QLabel(self.profileGroup)
        self.agentNameLabel.setObjectName(u"agentNameLabel")

        self.profileLayout.addWidget(self.agentNameLabel, 4, 0, 1, 1)

        self.agentNameEdit = QLineEdit(self.profileGroup)
        self.agentNameEdit.setObjectName(u"agentNameEdit")

        self.profileLayout.addWidget(self.agentNameEdit, 4, 1, 1, 1)

        self.agentNameError = QLabel(self.profileGroup)
        self.agentNameError.setObjectName(u"agentNameError")
        self.agentNameError.setWordWrap(True)

        self.profileLayout.addWidget(self.agentNameError, 5, 1, 1, 1)

        self.phoneLabel = QLabel(self.profileGroup)
        self.phoneLabel.setObjectName(u"phoneLabel")

        self.profileLayout.addWidget(self.phoneLabel, 6, 0, 1, 1)

        self.phoneEdit = QLineEdit(self.profileGroup)
        self.phoneEdit.setObjectName(u"phoneEdit")

        self.profileLayout.addWidget(self.phoneEdit, 6, 1, 1, 1)

        self.phoneError = QLabel(self.profileGroup)
        self.phoneError.setObjectName(u"phoneError")
        self.phoneError.setWordWrap(True)

        self.profileLayout.addWidget(self.phoneError, 7, 1, 1, 1)

        self.emailLabel = QLabel(self.profileGroup)
        self.emailLabel.setObjectName(u"emailLabel")

        self.profileLayout.addWidget(self.emailLabel, 8, 0, 1, 1)

        self.emailEdit = QLineEdit(self.profileGroup)
        self.emailEdit.setObjectName(u"emailEdit")

        self.profileLayout.addWidget(self.emailEdit, 8, 1, 1, 1)

        self.emailError = QLabel(self.profileGroup)
        self.emailError.setObjectName(u"emailError")
        self.emailError.setWordWrap(True)

        self.profileLayout.addWidget(self.emailError, 9, 1, 1, 1)

        self.registrationNumberLabel = QLabel(self.profileGroup)
        self.registrationNumberLabel.setObjectName(u"registrationNumberLabel")

        self.profileLayout.addWidget(self.registrationNumberLabel, 10, 0, 1, 1)

        self.registrationNumberEdit = QLineEdit(self.profileGroup)
        self.registrationNumberEdit.setObjectName(u"registrationNumberEdit")

        self.profileLayout.addWidget(self.registrationNumberEdit, 10, 1, 1, 1)

        self.registrationNumberError = QLabel(self.profileGroup)
        self.registrationNumberError.setObjectName(u"registrationNumberError")
        self.registrationNumberError.setWordWrap(True)

        self.profileLayout.addWidget(self.registrationNumberError, 11, 1, 1, 1)

        self.authorityLabel = QLabel(self.profileGroup)
        self.authorityLabel.setObjectName(u"authorityLabel")

        self.profileLayout.addWidget(self.authorityLabel, 12, 0, 1, 1)

        self.authorityEdit = QLineEdit(self.profileGroup)
        self.authorityEdit.setObjectName(u"authorityEdit")

        self.profileLayout.addWidget(self.authorityEdit, 12, 1, 1, 1)

        self.authorityError = QLabel(self.profileGroup)
        self.authorityError.setObjectName(u"authorityError")
        self.authorityError.setWordWrap(True)

        self.profileLayout.addWidget(self.authorityError, 13, 1, 1, 1)


        self.dialogLayout.addWidget(self.profileGroup)

        self.languageGroup = QGroupBox(SettingsDialog)
        self.languageGroup.setObjectName(u"languageGroup")
        self.languageLayout = QFormLayout(self.languageGroup)
        self.languageLayout.setObjectName(u"languageLayout")
        self.languageLabel = QLabel(self.languageGroup)
        self.languageLabel.setObjectName(u"languageLabel")

        self.languageLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.languageLabel)

        self.languageCombo = QComboBox(self.languageGroup)
        self.languageCombo.setObjectName(u"languageCombo")

        self.languageLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.languageCombo)

        self.languageNote = QLabel(self.languageGroup)
        self.languageNote.setObjectName(u"languageNote")
        self.languageNote.setWordWrap(True)

        self.languageLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.languageNote)


        self.dialogLayout.addWidget(self.languageGroup)

        self.syncGroup = QGroupBox(SettingsDialog)
        self.syncGroup.setObjectName(u"syncGroup")
        self.syncLayout = QGridLayout(self.syncGroup)
        self.syncLayout.setObjectName(u"syncLayout")
        self.syncFolderLabel = QLabel(self.syncGroup)
        self.syncFolderLabel.setObjectName(u"syncFolderLabel")

        self.syncLayout.addWidget(self.syncFolderLabel, 0, 0, 1, 1)

        self.syncFolderEdit = QLineEdit(self.syncGroup)
        self.syncFolderEdit.setObjectName(u"syncFolderEdit")

        self.syncLayout.addWidget(self.syncFolderEdit, 0, 1, 1, 1)

        self.browseButton = QPushButton(self.syncGroup)
        self.browseButton.setObjectName(u"browseButton")

        self.syncLayout.addWidget(self.browseButton, 0, 2, 1, 1)

        self.syncFolderError = QLabel(self.syncGroup)
        self.syncFolderError.setObjectName(u"syncFolderError")
        self.syncFolderError.setWordWrap(True)

        self.syncLayout.addWidget(self.syncFolderError, 1, 1, 1, 2)

        self.syncNote = QLabel(self.syncGroup)
        self.syncNote.setObjectName(u"syncNote")
        self.syncNote.setWordWrap(True)

        self.syncLayout.addWidget(self.syncNote, 2, 0, 1, 3)


        self.dialogLayout.addWidget(self.syncGroup)

        self.buttonBox = QDialogButtonBox(SettingsDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.dialogLayout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.agencyNameLabel.setBuddy(self.agencyNameEdit)
        self.agencyCodeLabel.setBuddy(self.agencyCodeEdit)
        self.agentNameLabel.setBuddy(self.agentNameEdit)
        self.phoneLabel.setBuddy(self.phoneEdit)
        self.emailLabel.setBuddy(self.emailEdit)
        self.registrationNumberLabel.setBuddy(self.registrationNumberEdit)
        self.authorityLabel.setBuddy(self.authorityEdit)
        self.languageLabel.setBuddy(self.languageCombo)
        self.syncFolderLabel.setBuddy(self.syncFolderEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.agencyNameEdit, self.agencyCodeEdit)
        QWidget.setTabOrder(self.agencyCodeEdit, self.agentNameEdit)
        QWidget.setTabOrder(self.agentNameEdit, self.phoneEdit)
        QWidget.setTabOrder(self.phoneEdit, self.emailEdit)
        QWidget.setTabOrder(self.emailEdit, self.registrationNumberEdit)
        QWidget.setTabOrder(self.registrationNumberEdit, self.authorityEdit)
        QWidget.setTabOrder(self.authorityEdit, self.languageCombo)
        QWidget.setTabOrder(self.languageCombo, self.syncFolderEdit)
        QWidget.setTabOrder(self.syncFolderEdit, self.browseButton)

        self.retranslateUi(SettingsDialog)

        QMetaObject.connectSlotsByName(SettingsDialog)
    # setupUi

    def retranslateUi(self, SettingsDialog):
        SettingsDialog.setWindowTitle(_(u"Settings", None))
        self.profileGroup.setTitle(_(u"Agent profile", None))
        self.profileNote.setText(_(u"Filled in once; every new interview starts with this profile.", None))
        self.agencyNameLabel.setText(_(u"Agency &name:", None))
#if QT_CONFIG(accessibility)
        self.agencyNameEdit.setAccessibleName(_(u"Agency name", None))
#endif // QT_CONFIG(accessibility)
        self.agencyCodeLabel.setText(_(u"Agency &code:", None))
#if QT_CONFIG(accessibility)
        self.agencyCodeEdit.setAccessibleName(_(u"Agency code", None))
#endif // QT_CONFIG(accessibility)
        self.agentNameLabel.setText(_(u"&Agent:", None))
#if QT_CONFIG(accessibility)
        self.agentNameEdit.setAccessibleName(_(u"Agent's name", None))
#endif // QT_CONFIG(accessibility)
        self.phoneLabel.setText(_(u"&Phone:", None))
#if QT_CONFIG(accessibility)
        self.phoneEdit.setAccessibleName(_(u"Agent's phone number", None))
#endif // QT_CONFIG(accessibility)
        self.emailLabel.setText(_(u"&E-mail:", None))
#if QT_CONFIG(accessibility)
        self.emailEdit.setAccessibleName(_(u"Agent's e-mail address", None))
#endif // QT_CONFIG(accessibility)
        self.registrationNumberLabel.setText(_(u"&Registration No.:", None))
#if QT_CONFIG(accessibility)
        self.registrationNumberEdit.setAccessibleName(_(u"Agent's registration number (\u52df\u96c6\u4eba\u767b\u9332\u756a\u53f7)", None))
#endif // QT_CONFIG(accessibility)
        self.authorityLabel.setText(_(u"Agency's &authority:", None))
#if QT_CONFIG(accessibility)
        self.authorityEdit.setAccessibleName(_(u"The agency's authority, as printed on every record", None))
#endif // QT_CONFIG(accessibility)
        self.authorityEdit.setPlaceholderText(_(u"e.g. whether the agency may conclude contracts for the insurer", None))
        self.languageGroup.setTitle(_(u"Language", None))
        self.languageLabel.setText(_(u"&Language:", None))
#if QT_CONFIG(accessibility)
        self.languageCombo.setAccessibleName(_(u"Language of the app", None))
#endif // QT_CONFIG(accessibility)
        self.languageNote.setText(_(u"Takes effect as soon as you press OK.", None))
        self.syncGroup.setTitle(_(u"Sync folder", None))
        self.syncFolderLabel.setText(_(u"&Folder:", None))
#if QT_CONFIG(accessibility)
        self.syncFolderEdit.setAccessibleName(_(u"Sync folder", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.browseButton.setAccessibleName(_(u"Choose the sync folder", None))
#endif // QT_CONFIG(accessibility)
        self.browseButton.setText(_(u"C&hoose\u2026", None))
        self.syncNote.setText(_(u"The folder your company syncs with head office (a network share or a company cloud drive).", None))
    # retranslateUi

