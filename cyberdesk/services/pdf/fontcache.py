"""Parsed TrueType fonts kept between processes: reportlab spends ~100 ms parsing each 4.6 MB
font file (cmap, widths, glyph offsets) on every render; reading that parse back takes a few.

The cache file is named by the SHA-256 of the font file's bytes and reportlab's version, so a
changed font or reportlab is parsed afresh. It is one line of JSON naming the fields, then the
numbers of the large tables as raw arrays of 64-bit integers and doubles, which the JSON points
into (never pickle: a file in the user's folder must not be able to run code). It is checked
field by field when read; anything unexpected means the font is parsed again and the cache
rewritten. The PDF is byte-identical either way (a test).
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import sys
from array import array
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from fnmatch import fnmatch
from functools import cached_property
from itertools import islice
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

import reportlab
from reportlab import rl_config
from reportlab.pdfbase.pdfmetrics import TypeFace
from reportlab.pdfbase.ttfonts import (
    TTEncoding,
    TTFNameBytes,
    TTFont,
    TTFontFace,
    TTFontParser,
    unShapedFontGlob,
)

from cyberdesk.files.atomic import write_bytes_atomic
from cyberdesk.files.paths import ensure_private_dir, home

log = logging.getLogger(__name__)

FORMAT = 3  # bump when the layout of the cache file changes
MAX_BYTES = 8 * 1024 * 1024  # a cache file of the bundled fonts is ~1 MB
# Where a restored face keeps glyphToChar's numbers until it is first read.
_GLYPH_TO_CHAR = "_cyberdesk_glyph_to_char"
# The font's names, kept as text (reportlab's TTFNameBytes).
_NAMES = ("name", "familyName", "styleName", "fullName", "uniqueFontID")


def _folder() -> Path:
    return ensure_private_dir(home() / "cache" / "fonts")


class _GlyphTable:
    """The `glyf` table as reportlab's makeSubset reads it — one glyph's bytes at a time, by
    slicing — without first copying all of it (~4 MB of the bundled fonts) for every subset."""

    __slots__ = ("_view",)

    def __init__(self, view: memoryview) -> None:
        self._view = view

    def __getitem__(self, where: slice) -> bytes:
        return self._view[where].tobytes()


class _Face(TTFontFace):  # type: ignore[misc]  # reportlab is untyped
    """A TrueType face whose `glyf` table is sliced in place: a render makes one subset per 256
    characters of each font (the wide example: five), and reportlab copies the whole table for
    each. Every other table, and every byte of the subsets, is as reportlab makes them."""

    @cached_property
    def glyphToChar(self) -> dict[int, list[int]]:  # reportlab's name
        """glyph → its characters, made from the cache when first read: only reportlab's
        shaping (with uharfbuzz, which CyberDesk does not install) reads it after the parse, and
        its ~12,000 lists a font were a third of reading the cache back. A parsed face has it set
        (extractInfo), which this never overrides."""
        glyphs, counts, chars = self.__dict__.pop(_GLYPH_TO_CHAR)
        if counts.count(1) == len(counts):  # one character a glyph, as in most fonts
            lists = [[char] for char in chars.tolist()]
        else:
            each = iter(chars.tolist())
            lists = [[next(each)] if count == 1 else list(islice(each, count)) for count in counts]
        return _dict(glyphs.tolist(), lists)

    def get_table(self, tag: str) -> Any:
        if tag != "glyf":
            return super().get_table(tag)
        pos, length = self.get_table_pos(tag)
        return _GlyphTable(memoryview(self._ttf_data)[pos:pos + length])


def load_font(name: str, path: Path) -> TTFont:
    """`TTFont(name, path)`, with the parse read from the cache when it is there and sound."""
    face = _Face.__new__(_Face)
    TypeFace.__init__(face, None)
    TTFontParser.__init__(face, str(path), validate=0, subfontIndex=0)  # reads the table directory
    digest = hashlib.sha256(face._ttf_data)
    digest.update(f"{reportlab.Version}:{FORMAT}:{sys.byteorder}".encode())  # arrays: native order
    cached = _folder() / f"{digest.hexdigest()}.bin"
    if not _restore(face, cached):
        before = dict(vars(face))
        face.extractInfo(1)
        _store(face, before, cached)
    return _font(name, face)


def _font(name: str, face: TTFontFace) -> TTFont:
    """What TTFont.__init__ does once the face is parsed (tests compare it with a fresh TTFont)."""
    font = TTFont.__new__(TTFont)
    font.fontName = name
    font.face = face
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, glob) for glob in unShapedFontGlob)
    return font


def _scale(units_per_em: int) -> Callable[[float], float]:
    """The same scaling lambda extractInfo makes (font units → PDF's 1/1000 em)."""
    if units_per_em == 1000:
        return lambda x: x
    factor = 1000 / units_per_em
    return lambda x: x * factor


class _Arrays:
    """The numbers of a cache file being written: each table one array, in one block after the
    JSON, which names each by [offset in bytes, length in items]."""

    def __init__(self) -> None:
        self.blocks: list[bytes] = []
        self.size = 0

    def add(self, code: str, values: Any) -> list[int]:
        block = array(code, values).tobytes()
        where = [self.size, len(block) // _ITEM]
        self.blocks.append(block)
        self.size += len(block)
        return where

    def ints(self, values: Any) -> list[int]:
        return self.add("q", values)

    def floats(self, values: Any) -> list[int]:
        return self.add("d", values)

    def shared(self, code: str, values: Any) -> list[list[int]]:
        """Values of which few differ (advances, widths): each distinct one once, and an index
        per value, so that reading them back makes one number object per distinct value."""
        values = list(values)
        distinct = list(dict.fromkeys(values))
        at = {value: index for index, value in enumerate(distinct)}
        return [self.add(code, distinct), self.ints(at[value] for value in values)]


_ITEM = 8  # bytes of an array item: "q" and "d" alike


class _Reader:
    """The arrays of a cache file being read; every reference checked against the block."""

    def __init__(self, block: memoryview) -> None:
        self.block = block

    def array(self, code: str, where: Any) -> array[Any]:
        offset, length = where
        if not (isinstance(offset, int) and isinstance(length, int) and offset >= 0
                and length >= 0 and offset + length * _ITEM <= len(self.block)):
            raise ValueError("an array outside the file")
        numbers = array(code)  # the type code guarantees every element's type
        numbers.frombytes(self.block[offset:offset + length * _ITEM])
        return numbers

    def ints(self, where: Any) -> list[int]:
        return self.array("q", where).tolist()

    def shared(self, code: str, where: Any) -> list[Any]:
        table, indexes = self.array(code, where[0]).tolist(), self.ints(where[1])
        if indexes and not (min(indexes) >= 0 and max(indexes) < len(table)):
            raise ValueError("an index outside its table")
        return list(map(table.__getitem__, indexes))


def _dict(keys: list[Any], values: list[Any]) -> dict[Any, Any]:
    return dict(zip(keys, values, strict=True))  # ValueError when they do not pair up


def _list_of_pairs(first: list[Any], second: list[Any]) -> list[tuple[Any, Any]]:
    return list(zip(first, second, strict=True))


def _store(face: TTFontFace, before: dict[str, Any], target: Path) -> None:
    data: dict[str, Any] = {"format": FORMAT}
    arrays = _Arrays()
    for key, value in vars(face).items():
        if key == "_pdfScale" or (key in before and before[key] is value):
            continue
        if key == "charToGlyph":
            data[key] = [arrays.ints(value.keys()), arrays.ints(value.values())]
        elif key == "glyphToChar":
            data[key] = [arrays.ints(value.keys()), arrays.ints(map(len, value.values())),
                         arrays.ints(n for chars in value.values() for n in chars)]
        elif key == "charWidths":
            data[key] = [arrays.ints(value.keys()), arrays.shared("d", value.values())]
        elif key == "hmetrics":  # (advance, lsb); reportlab leaves a few advances float, most int
            fractional = [i for i, (a, _) in enumerate(value) if not isinstance(a, int)]
            data[key] = [arrays.shared("q", (a if isinstance(a, int) else 0 for a, _ in value)),
                         arrays.ints(lsb for _, lsb in value), arrays.ints(fractional),
                         arrays.floats(value[i][0] for i in fractional)]
        elif key == "glyphPos":
            data[key] = arrays.ints(value)
        elif key in _NAMES:
            data[key] = value.ustr
        elif isinstance(value, (bool, int, float, str, list, tuple)) or value is None:
            data[key] = value
        else:  # a field this version of reportlab adds: parse every time rather than guess
            log.info("font cache: %s has a field of type %s; not cached", face.filename,
                     type(value).__name__)
            return
    header = json.dumps(data, separators=(",", ":"), ensure_ascii=True).encode("ascii")
    try:
        write_bytes_atomic(target, b"".join((header, b"\n", *arrays.blocks)), mode=0o600)
    except OSError as error:  # a full or read-only disk: the next render parses again
        log.info("font cache not written: %s", error.strerror)


@contextmanager
def _no_collection() -> Iterator[None]:
    """The cyclic garbage collector paused: a font's cache is ~25,000 new lists that refer to
    nothing but numbers, and the collector would walk them again at every 700 made (the two
    fonts: 73 passes, 2 with the pause) to find no cycle. Reference counting still frees
    everything as usual."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def _restore(face: TTFontFace, source: Path) -> bool:
    """Fill `face` from the cache file; False (face untouched) when it is missing or unsound."""
    try:
        if not source.is_file() or source.stat().st_size > MAX_BYTES:
            return False
        content = source.read_bytes()
        header, _line_break, _rest = content.partition(b"\n")  # ASCII JSON has no raw line break
        with _no_collection():
            fields = _decode(json.loads(header),
                             _Reader(memoryview(content)[len(header) + 1:]))
    except (OSError, ValueError, TypeError, KeyError) as error:
        log.info("font cache ignored: %s", type(error).__name__)
        return False
    vars(face).update(fields)
    face._pdfScale = _scale(face.unitsPerEm)
    return True


def _decode(data: Any, arrays: _Reader) -> dict[str, Any]:
    """The fields back from the cache file's JSON and arrays. Every number goes through an
    array (its type code guarantees the type) and every container is built by one call where it
    can be: the two fonts are ~100,000 objects, made at every render."""
    if not isinstance(data, dict) or data.pop("format", None) != FORMAT:
        raise ValueError("not a font cache of this format")
    fields: dict[str, Any] = {}
    for key, value in data.items():
        if key == "charToGlyph":
            fields[key] = _dict(arrays.ints(value[0]), arrays.ints(value[1]))
        elif key == "glyphToChar":  # checked now, made when first read (_Face.glyphToChar)
            glyphs, counts, chars = (arrays.array("q", part) for part in value)
            if len(glyphs) != len(counts) or sum(counts) != len(chars) or min(counts, default=1) < 0:
                raise ValueError("glyphToChar does not add up")
            fields[_GLYPH_TO_CHAR] = (glyphs, counts, chars)
        elif key == "charWidths":
            fields[key] = _dict(arrays.ints(value[0]), arrays.shared("d", value[1]))
        elif key == "hmetrics":
            advances, lsbs, fractional = (arrays.shared("q", value[0]), arrays.ints(value[1]),
                                          arrays.ints(value[2]))
            hmetrics = _list_of_pairs(advances, lsbs)
            if not all(0 <= at < len(hmetrics) for at in fractional):
                raise ValueError("hmetrics: no such glyph")
            for at, advance in zip(fractional, arrays.array("d", value[3]).tolist(), strict=True):
                hmetrics[at] = (advance, hmetrics[at][1])
            fields[key] = hmetrics
        elif key == "glyphPos":
            fields[key] = arrays.ints(value)
        elif key in _NAMES:
            fields[key] = TTFNameBytes(str(value).encode("utf-8"))
        elif key == "bbox":
            fields[key] = [float(n) for n in value]
        elif key == "fontRevision":
            fields[key] = tuple(int(n) for n in value)
        elif isinstance(value, (bool, int, float, str)) or value is None:
            fields[key] = value
        else:
            raise ValueError(f"unexpected field {key}")
    for required in ("unitsPerEm", "charToGlyph", _GLYPH_TO_CHAR, "charWidths", "hmetrics", "glyphPos",
                     "numGlyphs"):
        if required not in fields:
            raise KeyError(required)
    return fields
