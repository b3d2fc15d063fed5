"""Fill Japanese translations: reads a JSON object {English msgid: Japanese msgstr} on stdin,
writes them into i18n/ja/LC_MESSAGES/cyberdesk.po (run scripts/i18n first to add new msgids,
and again afterwards to compile). Prints the msgids that still have no translation."""

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

PO = Path(__file__).resolve().parent.parent / "i18n/ja/LC_MESSAGES/cyberdesk.po"

updates = json.load(sys.stdin)
with PO.open("rb") as handle:
    catalog = read_po(handle, locale="ja")
unknown = [key for key in updates if key not in catalog]
for message in catalog:
    if message.id and message.id in updates:
        message.string = updates[message.id]
        message.flags.discard("fuzzy")
with PO.open("wb") as handle:
    write_po(handle, catalog, width=100, omit_header=False, sort_output=True, no_location=True)
for key in unknown:
    print(f"not in the catalogue (run scripts/i18n first): {key}", file=sys.stderr)
for message in catalog:
    if message.id and not message.string:
        print(f"untranslated: {message.id}")
