"""What the whole Qt app needs before its first window: the bundled Japanese font and the language.

A fresh machine may have no Japanese font at all (tofu everywhere), so the bundled BIZ UDPGothic
is registered and made the app font. Qt's own `qtbase` catalogue translates the buttons Qt draws
itself (QWizard's 次へ/戻る, QDialogButtonBox's OK/キャンセル); gettext covers ours.
"""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication

from cyberdesk.i18n import set_language
from cyberdesk.resources import resource

FONT_FILES = ("BIZUDPGothic-Regular.ttf", "BIZUDPGothic-Bold.ttf")

_translator: QTranslator | None = None


def application() -> QApplication:
    """The running QApplication (Qt's `instance()` is typed as the core application)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        raise RuntimeError("no QApplication is running")
    return app


def install_font(app: QApplication) -> str:
    """Register the bundled fonts once and make them the app font; returns the family name."""
    family = ""
    for name in FONT_FILES:
        font_id = QFontDatabase.addApplicationFont(str(resource("fonts", name)))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        family = family or (families[0] if families else "")
    if family:
        font = app.font()  # keeps the platform's size, so the user's scaling still applies
        font.setFamilies([family])
        app.setFont(font)
    return family


def apply_language(app: QApplication, language: str | None) -> str:
    """Switch gettext and Qt's own texts to `language` (falls back to Japanese); returns it.

    Installing or removing the translator sends a LanguageChange event to every widget.
    """
    global _translator
    language = set_language(language)
    if _translator is not None:
        app.removeTranslator(_translator)
        _translator = None
    QLocale.setDefault(QLocale(QLocale.Language.Japanese if language == "ja" else QLocale.Language.English))
    if language != "en":
        translator = QTranslator(app)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if translator.load(f"qtbase_{language}", folder):
            app.installTranslator(translator)
            _translator = translator
    return language
