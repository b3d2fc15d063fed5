"""The parsed-font cache: what it reads back is exactly what reportlab parses (so PDFs stay
byte-identical), a changed font is parsed afresh, and a damaged cache file is never trusted."""

from __future__ import annotations

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
    return sorted((home / "cache" / "fonts").glob("*.bin"))


def test_a_cached_font_is_what_reportlab_parses_and_prints_the_same_bytes(cyberdesk_home):
    parsed = _pdf(TTFont("CacheTest", str(FONT)))
    first = load_font("CacheTest", FONT)  # parsed, then written to the cache
    [cached] = _cache_files(cyberdesk_home)
    assert cached.stat().st_mode & 0o777 == 0o600
    second = load_font("CacheTest", FONT)  # read back
    _face_matches_a_fresh_parse(second, FONT)
    assert _pdf(first) == _pdf(second) == parsed


@pytest.mark.parametrize("damage", [
    b"", b"not json", b"[]\n", b'{"format": 99}\n', b'{"format": 1}', b'{"format": 2}\n',
    b'{"format": 3, "charToGlyph": [[0, 4], [0, 4]]}\n',  # arrays beyond the end of the file
    b'{"format": 3, "charToGlyph": [[-8, 1], [0, 0]]}\n' + bytes(16),  # before its start
    b'{"format": 3, "charToGlyph": ["@@@", "AAAA"]}\n',
    b'{"format": 3, "unitsPerEm": {"x": 1}}\n',
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


def _parts(cached: Path) -> tuple[dict, bytearray]:
    header, _, arrays = cached.read_bytes().partition(b"\n")
    return json.loads(header), bytearray(arrays)


def _write(cached: Path, data: dict, arrays: bytes) -> None:
    cached.write_bytes(json.dumps(data).encode() + b"\n" + arrays)


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
    data, arrays = _parts(cached)
    code = "d" if (field, part) == ("hmetrics", 3) else "q"
    offset, length = data[field][part]
    numbers = array(code, arrays[offset:offset + 8 * length]).tolist()
    assert numbers  # the bundled font has a few fractional advances: the change means something
    data[field][part] = [len(arrays), len(change(numbers))]  # the changed numbers, appended
    _write(cached, data, arrays + array(code, change(numbers)).tobytes())
    _face_matches_a_fresh_parse(load_font("CacheTest", FONT), FONT)
    assert _parts(cached)[0] != data  # written again from the parse


@pytest.mark.parametrize("field", ["charWidths", "hmetrics"])
@pytest.mark.parametrize("index", [-1, 10**6])
def test_a_shared_value_outside_its_table_is_never_read(cyberdesk_home, field, index):
    """Widths and advances are stored once per distinct value, with an index per glyph."""
    load_font("CacheTest", FONT)
    [cached] = _cache_files(cyberdesk_home)
    data, arrays = _parts(cached)
    offset, _length = data[field][1 if field == "charWidths" else 0][1]  # the indexes
    arrays[offset:offset + 8] = array("q", [index]).tobytes()
    _write(cached, data, bytes(arrays))
    _face_matches_a_fresh_parse(load_font("CacheTest", FONT), FONT)
    assert _parts(cached)[1] != arrays  # written again from the parse
