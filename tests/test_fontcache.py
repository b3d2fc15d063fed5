"""The parsed-font cache: what it reads back is exactly what reportlab parses (so PDFs stay
byte-identical), a changed font is parsed afresh, and a damaged cache file is never trusted."""

from __future__ import annotations

import base64
import json
import shutil
from array import array
from io import BytesIO
from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from cyberdesk.resources import resource
from cyberdesk.services.pdf.fontcache import load_font

FONT = resource("fonts", "BIZUDPGothic-Regular.ttf")


def _same(a: object, b: object) -> bool:
    """Equal and of the same types all the way down (500 and 500.0 print differently)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(k, j) for k, j in zip(a, b, strict=True)) and \
            all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return a == b


def _face_matches_a_fresh_parse(font: TTFont, path: Path) -> None:
    fresh = TTFont(font.fontName, str(path))
    assert isinstance(font.face.glyphToChar, dict)  # made from the cache when first read
    got, want = vars(font.face), vars(fresh.face)
    assert got.keys() == want.keys()
    for key in want:
        if key != "_pdfScale":
            assert _same(got[key], want[key]), key
    assert font.face._pdfScale(7) == fresh.face._pdfScale(7)
    assert vars(font).keys() == vars(fresh).keys()
    assert font.shapable == fresh.shapable and font._asciiReadable == fresh._asciiReadable


def _pdf(font: TTFont) -> bytes:
    pdfmetrics.registerFont(font)
    out = BytesIO()
    canvas = Canvas(out, invariant=1)
    canvas.setFont(font.fontName, 12)
    canvas.drawString(72, 720, "補償内容のご案内 ①⑳ ベーシック／ワイド 12,345千円")
    canvas.save()
    return out.getvalue()


def _cache_files(home: Path) -> list[Path]:
    return sorted((home / "cache" / "fonts").glob("*.json"))


def test_a_cached_font_is_what_reportlab_parses_and_prints_the_same_bytes(cyberdesk_home):
    parsed = _pdf(TTFont("CacheTest", str(FONT)))
    first = load_font("CacheTest", FONT)  # parsed, then written to the cache
    [cached] = _cache_files(cyberdesk_home)
    assert cached.stat().st_mode & 0o777 == 0o600
    second = load_font("CacheTest", FONT)  # read back
    _face_matches_a_fresh_parse(second, FONT)
    assert _pdf(first) == _pdf(second) == parsed


@pytest.mark.parametrize("damage", [
    b"", b"not json", b"[]", b'{"format": 99}', b'{"format": 2, "charToGlyph": ["@@@", "AAAA"]}',
    b'{"format": 2, "unitsPerEm": {"x": 1}}',
    b'{"format": 1}',  # the format before: parsed again, never read as this one
])
def test_a_damaged_cache_file_is_parsed_again_and_rewritten(cyberdesk_home, damage):
    load_font("CacheTest", FONT)
    [cached] = _cache_files(cyberdesk_home)
    cached.write_bytes(damage)
    font = load_font("CacheTest", FONT)
    _face_matches_a_fresh_parse(font, FONT)
    assert cached.stat().st_size > 100_000  # written again from the parse
    _face_matches_a_fresh_parse(load_font("CacheTest", FONT), FONT)


def test_a_changed_font_file_is_parsed_afresh(cyberdesk_home, tmp_path):
    load_font("CacheTest", FONT)
    changed = tmp_path / "font.ttf"
    shutil.copy(FONT, changed)
    with changed.open("ab") as file:
        file.write(b"\0\0\0\0")  # other bytes, other hash: never the first font's cache
    font = load_font("CacheTest", changed)
    assert len(_cache_files(cyberdesk_home)) == 2
    _face_matches_a_fresh_parse(font, changed)


def _numbers(text: str, code: str) -> list:
    return array(code, base64.b64decode(text)).tolist()


@pytest.mark.parametrize("field, part, change", [
    # a fractional advance for a glyph counted from the end, or one the font does not have
    ("hmetrics", 2, lambda at: [-1, *at[1:]]),
    ("hmetrics", 2, lambda at: [10**6, *at[1:]]),
    ("hmetrics", 3, lambda advances: [*advances, 1.5]),  # more advances than glyphs named
    ("charToGlyph", 1, lambda glyphs: glyphs[:-1]),  # fewer glyphs than characters
    ("glyphToChar", 1, lambda counts: [2] * len(counts)),  # counts not adding up to the characters
])
def test_a_cache_file_whose_parts_do_not_fit_is_parsed_again(cyberdesk_home, field, part, change):
    load_font("CacheTest", FONT)
    [cached] = _cache_files(cyberdesk_home)
    data = json.loads(cached.read_bytes())
    code = "d" if (field, part) == ("hmetrics", 3) else "q"
    numbers = _numbers(data[field][part], code)
    assert numbers  # the bundled font has a few fractional advances: the change means something
    data[field][part] = base64.b64encode(array(code, change(numbers)).tobytes()).decode("ascii")
    cached.write_text(json.dumps(data), encoding="utf-8")
    _face_matches_a_fresh_parse(load_font("CacheTest", FONT), FONT)
    assert json.loads(cached.read_bytes()) != data  # written again from the parse
