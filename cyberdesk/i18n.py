"""gettext for every word a user sees. Japanese is the default language.

Source strings are English; `i18n/ja/LC_MESSAGES/cyberdesk.mo` holds the Japanese. `_` also
accepts the disambiguation argument that `pyside6-uic --tr _` emits. A translation whose
`{placeholders}` differ from the source's is ignored (the source is shown instead), so a
translator's slip can never crash a `.format()` call.
"""

from __future__ import annotations

import gettext
import string
from collections.abc import Callable
from pathlib import Path

from cyberdesk.resources import data_dir

DOMAIN = "cyberdesk"
LANGUAGES = ("ja", "en")
DEFAULT_LANGUAGE = "ja"

_translations: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"
_formatter = string.Formatter()


def locale_dir() -> Path:
    return data_dir("i18n")


def set_language(language: str | None) -> str:
    """Switch every later `_()` to `language` (falls back to Japanese); returns the one in force."""
    global _translations, _language
    language = language if language in LANGUAGES else DEFAULT_LANGUAGE
    if language == "en":
        _translations = gettext.NullTranslations()
    else:
        _translations = gettext.translation(DOMAIN, locale_dir(), languages=[language], fallback=True)
    _language = language
    return language


def current_language() -> str:
    return _language


def _fields(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in _formatter.parse(text) if name is not None}
    except ValueError:
        return {"<unparseable>"}


def _(message: str, disambiguation: str | None = None) -> str:
    """Translate `message`; `disambiguation` is accepted for Qt's uic and otherwise unused."""
    return _checked(message, _translations.gettext(message))


def _checked(message: str, translated: str) -> str:
    """The translation, unless its placeholders differ from the source's."""
    if translated is not message and _fields(translated) != _fields(message):
        return message
    return translated


def translator(language: str) -> Callable[[str], str]:
    """A `_` bound to one language whatever the UI shows: the printed summary is always Japanese."""
    fixed = gettext.translation(DOMAIN, locale_dir(), languages=[language], fallback=True)

    def translate(message: str) -> str:
        return _checked(message, fixed.gettext(message))

    return translate


def N_(message: str) -> str:
    """Mark `message` for extraction without translating it now (module-level constants)."""
    return message


set_language(DEFAULT_LANGUAGE)
