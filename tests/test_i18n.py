"""Every word a user sees has a Japanese translation, and the compiled catalogue is current."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from cyberdesk import i18n

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "i18n/ja/LC_MESSAGES/cyberdesk.po"
MO = ROOT / "i18n/ja/LC_MESSAGES/cyberdesk.mo"


def _source_messages() -> set[str]:
    found = set()
    for _file, _line, message, _comments, _ctx in extract_from_dir(
        str(ROOT / "cyberdesk"), method_map=[("**.py", "python")],
        keywords={"_": None, "N_": None},
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def test_every_source_string_has_a_japanese_translation():
    with PO.open("rb") as handle:
        catalog = read_po(handle, locale="ja")
    missing = sorted(
        m for m in _source_messages()
        if m not in catalog or not catalog[m].string or catalog[m].fuzzy
    )
    assert missing == [], "run scripts/i18n and translate: " + "; ".join(missing)


def test_compiled_catalogue_matches_the_po_file():
    with PO.open("rb") as handle:
        po = {m.id: m.string for m in read_po(handle, locale="ja") if m.id and m.string}
    with MO.open("rb") as handle:
        mo = {m.id: m.string for m in read_mo(handle) if m.id}
    assert mo == po, "run scripts/i18n to compile the catalogue"


def test_placeholders_survive_translation():
    with PO.open("rb") as handle:
        catalog = read_po(handle, locale="ja")
    for message in catalog:
        if message.id and message.string:
            assert i18n._fields(message.id) == i18n._fields(message.string), message.id


def test_language_switch():
    i18n.set_language("ja")
    assert i18n._("Draft") == "下書き"
    i18n.set_language("en")
    assert i18n._("Draft") == "Draft"
    i18n.set_language("xx")
    assert i18n.current_language() == "ja"


def test_translation_with_wrong_placeholder_is_ignored(monkeypatch):
    class Broken:
        def gettext(self, message):
            return "{wrong} です"

    monkeypatch.setattr(i18n, "_translations", Broken())
    assert i18n._("Too long: at most {limit} characters.") == (
        "Too long: at most {limit} characters."
    )


@pytest.mark.slow
def test_ruff_is_clean():
    result = subprocess.run([str(Path(__import__("sys").executable).parent / "ruff"), "check",
                             str(ROOT)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
