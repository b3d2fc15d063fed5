"""One word for each concept in both languages (i18n/glossary.tsv): the Japanese catalogue never
uses a word the glossary rules out (「同期フォルダー」 beside 「同期フォルダ」), nor do the English
messages, and every glossary word is in use."""

from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "i18n" / "glossary.tsv"
PO = ROOT / "i18n" / "ja" / "LC_MESSAGES" / "cyberdesk.po"


def glossary() -> list[tuple[str, str, list[str], list[str]]]:
    rows = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        english, japanese, avoid_ja, avoid_en = [*line.split("\t"), "", ""][:4]
        rows.append((english, japanese, [w for w in avoid_ja.split(",") if w],
                     [w for w in avoid_en.split(",") if w]))
    return rows


def messages() -> list[tuple[str, str]]:
    with PO.open("rb") as handle:
        return [(m.id, m.string) for m in read_po(handle) if m.id]


def test_no_string_uses_a_word_the_glossary_rules_out():
    found = []
    for english, japanese, avoid_ja, avoid_en in glossary():
        for msgid, msgstr in messages():
            found += [(japanese, msgstr) for word in avoid_ja if word in msgstr]
            found += [(english, msgid) for word in avoid_en if word in msgid.lower()]
    assert found == []


def test_every_glossary_word_is_in_use():
    strings = messages()
    for english, japanese, _avoid_ja, _avoid_en in glossary():
        assert any(japanese in msgstr for _msgid, msgstr in strings), japanese
        assert any(english in msgid.lower() for msgid, _msgstr in strings), english


def test_each_term_has_one_translation_both_ways():
    """An English term is always given the glossary's Japanese word, and that Japanese word
    always stands for the term (措置期間 was both "Measure period" and "Period for measures")."""
    import re

    found = []
    for english, japanese, _avoid_ja, _avoid_en in glossary():
        term = re.compile(rf"(?<!{{)\b{re.escape(english)}", re.IGNORECASE)  # not {folder}
        for msgid, msgstr in messages():
            if term.search(msgid) and japanese not in msgstr:
                found.append(f"{english} → {japanese}: {msgid!r} is {msgstr!r}")
    assert found == [], "\n".join(found)


def test_japanese_text_has_full_width_punctuation():
    """Brackets, colons and question marks in Japanese sentences are full-width (（）：？)."""
    import re

    japanese = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
    half_width = re.compile(r"[()]|(?<![:/\s]): |(?<=[\u3040-\u30ff\u3400-\u9fff])[?!]")
    found = [msgstr for msgid, msgstr in messages() if japanese.search(msgstr)
             and msgid != "usage: "  # argparse's 「使い方: cyberdesk …」 line, as every CLI writes it
             and half_width.search(re.sub(r"%\(\w+\)|\(&\w\)|^(\{\w+\}: )+", "", msgstr))]
    # (argparse's %(name)s; an access key stays 「開く(&O)」 as on every Japanese Windows menu;
    # 「{file}: 」 leads a line about a file, as compilers and grep do)
    assert found == [], "\n".join(found)


def test_the_docs_use_the_glossary_words_too():
    """The README and docs/ (what IT and head office read) avoid the same words as the app."""
    texts = {path: path.read_text(encoding="utf-8")
             for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")),
                          ROOT / "docs" / "interview-format.schema.json"]}
    found = [(path.name, word) for _english, _japanese, avoid_ja, _avoid_en in glossary()
             for path, text in texts.items() for word in avoid_ja if word in text]
    assert found == []
