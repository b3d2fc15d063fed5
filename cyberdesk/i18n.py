"""gettext for every word a user sees. Japanese is the default language.

Source strings are English; `i18n/ja/LC_MESSAGES/cyberdesk.mo` holds the Japanese. `_` also
accepts the disambiguation argument that `pyside6-uic --tr _` emits. A translation whose
`{placeholders}` differ from the source's is ignored (the source is shown instead), so a
translator's slip can never crash a `.format()` call.
"""

from __future__ import annotations

import gettext
import re
import string
from collections.abc import Callable, Mapping
from functools import lru_cache
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


# Where the command line looks for the user's language, in gettext's order after our own.
LANGUAGE_VARIABLES = ("CYBERDESK_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def app_language(environ: Mapping[str, str], chosen: str | None) -> str | None:
    """The window's language: CYBERDESK_LANG when it is set (for this run only: a demo, a
    screenshot), else the one chosen in the app (日本語 / English, kept in its settings). The
    locale variables are the command line's alone: a Windows set to English does not turn the
    app English under an agent who chose Japanese."""
    if environ.get("CYBERDESK_LANG", "").strip():
        return language_from_environment({"CYBERDESK_LANG": environ["CYBERDESK_LANG"]})
    return chosen


def language_from_environment(environ: Mapping[str, str]) -> str:
    """The language the environment asks for: the first variable that is set decides, and
    it counts only when it names Japanese or English ("en_US.UTF-8", "ja_JP.eucJP", "en");
    anything else (C, POSIX, fr_FR) leaves Japanese, the default."""
    for variable in LANGUAGE_VARIABLES:
        value = environ.get(variable, "").strip()
        if not value:
            continue
        for entry in value.split(":"):  # LANGUAGE is a list in order of preference
            language = re.split(r"[_.@-]", entry, maxsplit=1)[0].lower()
            if language in LANGUAGES:
                return language
        return DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


def current_language() -> str:
    return _language


@lru_cache(maxsize=4096)
def _fields(text: str) -> frozenset[str]:
    """The placeholders of `text`, parsed once per text: every `_` call compares them."""
    try:
        return frozenset(name for _, name, _, _ in _formatter.parse(text) if name is not None)
    except ValueError:
        return frozenset({"<unparseable>"})


def _(message: str, disambiguation: str | None = None) -> str:
    """Translate `message`; `disambiguation` is accepted for Qt's uic and otherwise unused."""
    return _checked(message, _translations.gettext(message))


def _checked(message: str, translated: str) -> str:
    """The translation, unless its placeholders differ from the source's."""
    if translated is not message and _fields(translated) != _fields(message):
        return message
    return translated


class TranslationMissing(Exception):
    """A catalogue that must be there is missing or unreadable: the installation is damaged."""


def translator(language: str, folder: Path | None = None) -> Callable[[str], str]:
    """A `_` bound to one language whatever the UI shows: the printed summary is always Japanese.

    Unlike the screen, which may fall back to English, a document in a language other than
    English must not silently print English words: a missing or unreadable catalogue raises
    TranslationMissing."""
    folder = folder or locale_dir()
    if language == "en":
        fixed: gettext.NullTranslations = gettext.NullTranslations()
    else:
        try:
            fixed = gettext.translation(DOMAIN, folder, languages=[language])
        except Exception:  # missing (OSError), or damaged: gettext raises almost anything then
            raise TranslationMissing(
                _("The {language} wording of CyberDesk ({file}) is missing or damaged. Reinstall "
                  "CyberDesk.").format(language=language,
                                       file=folder / language / "LC_MESSAGES" / f"{DOMAIN}.mo")
            ) from None

    def translate(message: str) -> str:
        return _checked(message, fixed.gettext(message))

    return translate


def N_(message: str) -> str:
    """Mark `message` for extraction without translating it now (module-level constants)."""
    return message


set_language(DEFAULT_LANGUAGE)
