# Generated from ui/main_window.ui by scripts/ui — do not edit.
from cyberdesk.i18n import _  # noqa: F401
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'main_window.ui'
##
## Created by: Qt User Interface Compiler version 6.12.0
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QAction, QBrush, QColor, QConicalGradient,
    QCursor, QFont, QFontDatabase, QGradient,
    QIcon, QImage, QKeySequence, QLinearGradient,
    QPainter, QPalette, QPixmap, QRadialGradient,
    QTransform)
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QCheckBox, QComboBox,
    QHBoxLayout, QHeaderView, QLabel, QLineEdit,
    QMainWindow, QMenu, QMenuBar, QPushButton,
    QSizePolicy, QSpacerItem, QStatusBar, QTableView,
    QVBoxLayout, QWidget)

class Ui_MainWindow(object):
    def setupUi(self, MainWindow):
        if not MainWindow.objectName():
            MainWindow.setObjectName(u"MainWindow")
        MainWindow.resize(1100, 680)
        MainWindow.setWindowTitle(u"CyberDesk")
        self.actionNew = QAction(MainWindow)
        self.actionNew.setObjectName(u"actionNew")
#if QT_CONFIG(shortcut)
        self.actionNew.setShortcut(u"Ctrl+N")
#endif // QT_CONFIG(shortcut)
        self.actionSettings = QAction(MainWindow)
        self.actionSettings.setObjectName(u"actionSettings")
#if QT_CONFIG(shortcut)
        self.actionSettings.setShortcut(u"Ctrl+,")
#endif // QT_CONFIG(shortcut)
        self.actionQuit = QAction(MainWindow)
        self.actionQuit.setObjectName(u"actionQuit")
#if QT_CONFIG(shortcut)
        self.actionQuit.setShortcut(u"Ctrl+Q")
#endif // QT_CONFIG(shortcut)
        self.actionAbout = QAction(MainWindow)
        self.actionAbout.setObjectName(u"actionAbout")
        self.actionAbout.setMenuRole(QAction.MenuRole.AboutRole)
        self.actionUndo = QAction(MainWindow)
        self.actionUndo.setObjectName(u"actionUndo")
#if QT_CONFIG(shortcut)
        self.actionUndo.setShortcut(u"Ctrl+Z")
#endif // QT_CONFIG(shortcut)
        self.centralwidget = QWidget(MainWindow)
        self.centralwidget.setObjectName(u"centralwidget")
        self.mainLayout = QVBoxLayout(self.centralwidget)
        self.mainLayout.setObjectName(u"mainLayout")
        self.filterLayout = QHBoxLayout()
        self.filterLayout.setObjectName(u"filterLayout")
        self.searchLabel = QLabel(self.centralwidget)
        self.searchLabel.setObjectName(u"searchLabel")

        self.filterLayout.addWidget(self.searchLabel)

        self.searchEdit = QLineEdit(self.centralwidget)
        self.searchEdit.setObjectName(u"searchEdit")
        self.searchEdit.setClearButtonEnabled(True)

        self.filterLayout.addWidget(self.searchEdit)

        self.statusLabel = QLabel(self.centralwidget)
        self.statusLabel.setObjectName(u"statusLabel")

        self.filterLayout.addWidget(self.statusLabel)

        self.statusCombo = QComboBox(self.centralwidget)
        self.statusCombo.setObjectName(u"statusCombo")
        self.statusCombo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

        self.filterLayout.addWidget(self.statusCombo)

        self.trashCheck = QCheckBox(self.centralwidget)
        self.trashCheck.setObjectName(u"trashCheck")

        self.filterLayout.addWidget(self.trashCheck)


        self.mainLayout.addLayout(self.filterLayout)

        self.table = QTableView(self.centralwidget)
        self.table.setObjectName(u"table")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSortingEnabled(True)
        self.table.setWordWrap(False)

        self.mainLayout.addWidget(self.table)

        self.actionLayout = QHBoxLayout()
        self.actionLayout.setObjectName(u"actionLayout")
        self.newButton = QPushButton(self.centralwidget)
        self.newButton.setObjectName(u"newButton")

        self.actionLayout.addWidget(self.newButton)

        self.openButton = QPushButton(self.centralwidget)
        self.openButton.setObjectName(u"openButton")

        self.actionLayout.addWidget(self.openButton)

        self.duplicateButton = QPushButton(self.centralwidget)
        self.duplicateButton.setObjectName(u"duplicateButton")

        self.actionLayout.addWidget(self.duplicateButton)

        self.reviseButton = QPushButton(self.centralwidget)
        self.reviseButton.setObjectName(u"reviseButton")

        self.actionLayout.addWidget(self.reviseButton)

        self.trashButton = QPushButton(self.centralwidget)
        self.trashButton.setObjectName(u"trashButton")

        self.actionLayout.addWidget(self.trashButton)

        self.restoreButton = QPushButton(self.centralwidget)
        self.restoreButton.setObjectName(u"restoreButton")

        self.actionLayout.addWidget(self.restoreButton)

        self.actionSpacer = QSpacerItem(20, 10, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.actionLayout.addItem(self.actionSpacer)

        self.countsLabel = QLabel(self.centralwidget)
        self.countsLabel.setObjectName(u"countsLabel")
        self.countsLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.actionLayout.addWidget(self.countsLabel)


        self.mainLayout.addLayout(self.actionLayout)

        self.syncLayout = QVBoxLayout()
        self.syncLayout.setObjectName(u"syncLayout")

        self.mainLayout.addLayout(self.syncLayout)

        MainWindow.setCentralWidget(self.centralwidget)
        self.menubar = QMenuBar(MainWindow)
        self.menubar.setObjectName(u"menubar")
        self.fileMenu = QMenu(self.menubar)
        self.fileMenu.setObjectName(u"fileMenu")
        self.editMenu = QMenu(self.menubar)
        self.editMenu.setObjectName(u"editMenu")
        self.helpMenu = QMenu(self.menubar)
        self.helpMenu.setObjectName(u"helpMenu")
        MainWindow.setMenuBar(self.menubar)
        self.statusbar = QStatusBar(MainWindow)
        self.statusbar.setObjectName(u"statusbar")
        MainWindow.setStatusBar(self.statusbar)
#if QT_CONFIG(shortcut)
        self.searchLabel.setBuddy(self.searchEdit)
        self.statusLabel.setBuddy(self.statusCombo)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.searchEdit, self.statusCombo)
        QWidget.setTabOrder(self.statusCombo, self.trashCheck)
        QWidget.setTabOrder(self.trashCheck, self.table)
        QWidget.setTabOrder(self.table, self.newButton)
        QWidget.setTabOrder(self.newButton, self.openButton)
        QWidget.setTabOrder(self.openButton, self.duplicateButton)
        QWidget.setTabOrder(self.duplicateButton, self.reviseButton)
        QWidget.setTabOrder(self.reviseButton, self.trashButton)
        QWidget.setTabOrder(self.trashButton, self.restoreButton)

        self.menubar.addAction(self.fileMenu.menuAction())
        self.menubar.addAction(self.editMenu.menuAction())
        self.menubar.addAction(self.helpMenu.menuAction())
        self.fileMenu.addAction(self.actionNew)
        self.fileMenu.addAction(self.actionSettings)
        self.fileMenu.addSeparator()
        self.fileMenu.addAction(self.actionQuit)
        self.editMenu.addAction(self.actionUndo)
        self.helpMenu.addAction(self.actionAbout)

        self.retranslateUi(MainWindow)

        QMetaObject.connectSlotsByName(MainWindow)
    # setupUi

    def retranslateUi(self, MainWindow):
        self.actionNew.setText(_(u"&New interview", None))
        self.actionSettings.setText(_(u"&Settings\u2026", None))
        self.actionQuit.setText(_(u"&Quit", None))
        self.actionAbout.setText(_(u"&About CyberDesk\u2026", None))
        self.actionUndo.setText(_(u"&Undo move to trash", None))
        self.searchLabel.setText(_(u"&Search:", None))
#if QT_CONFIG(accessibility)
        self.searchEdit.setAccessibleName(_(u"Search by company name or reading", None))
#endif // QT_CONFIG(accessibility)
        self.searchEdit.setPlaceholderText(_(u"Company, reading, date (2026-11, 11/27, R8), plan or status", None))
        self.statusLabel.setText(_(u"S&tatus:", None))
#if QT_CONFIG(accessibility)
        self.statusCombo.setAccessibleName(_(u"Show interviews with this status", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.trashCheck.setAccessibleName(_(u"Show the trash", None))
#endif // QT_CONFIG(accessibility)
        self.trashCheck.setText(_(u"Show t&rash", None))
#if QT_CONFIG(accessibility)
        self.table.setAccessibleName(_(u"Stored interviews", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.newButton.setAccessibleName(_(u"New interview", None))
#endif // QT_CONFIG(accessibility)
        self.newButton.setText(_(u"&New interview", None))
#if QT_CONFIG(accessibility)
        self.openButton.setAccessibleName(_(u"Open the selected interview", None))
#endif // QT_CONFIG(accessibility)
        self.openButton.setText(_(u"&Open", None))
#if QT_CONFIG(accessibility)
        self.duplicateButton.setAccessibleName(_(u"Duplicate the selected interview", None))
#endif // QT_CONFIG(accessibility)
        self.duplicateButton.setText(_(u"&Duplicate", None))
#if QT_CONFIG(accessibility)
        self.reviseButton.setAccessibleName(_(u"Revise the selected finalized interview", None))
#endif // QT_CONFIG(accessibility)
        self.reviseButton.setText(_(u"Re&vise\u2026", None))
#if QT_CONFIG(accessibility)
        self.trashButton.setAccessibleName(_(u"Move the selected draft to the trash", None))
#endif // QT_CONFIG(accessibility)
        self.trashButton.setText(_(u"Move to tr&ash", None))
#if QT_CONFIG(accessibility)
        self.restoreButton.setAccessibleName(_(u"Restore the selected interview from the trash", None))
#endif // QT_CONFIG(accessibility)
        self.restoreButton.setText(_(u"R&estore", None))
#if QT_CONFIG(accessibility)
        self.countsLabel.setAccessibleName(_(u"Interviews by status", None))
#endif // QT_CONFIG(accessibility)
        self.fileMenu.setTitle(_(u"&File", None))
        self.editMenu.setTitle(_(u"&Edit", None))
        self.helpMenu.setTitle(_(u"&Help", None))
        pass
    # retranslateUi

