"""Japanese line breaking (禁則処理) for the printed summary.

reportlab's `wordWrap="CJK"` lets an opening bracket end a line, lets ！？ start one and splits
amounts such as 12,345千円. Here text is cut into unbreakable boxes first — an amount or date
with its unit, a Latin word or e-mail address, a character with the closing punctuation that may
not start a line glued to it and the opening bracket that may not end one glued to what follows —
and lines are then filled greedily with whole boxes (追い出し). Only a box wider than the whole
line is ever cut inside.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import cache, lru_cache

# Characters that may not begin a line (行頭禁則).
NOT_AT_START = frozenset(
    "、。，．,.・：；:;？！?!‼⁇⁈⁉）)］]｝}〕〉》」』】〙〗〟’”»"
    "ヽヾゝゞ々〻ーぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
    "…‥〜～%％‰℃°′″゛゜"
)
# Characters that may not end a line (行末禁則).
NOT_AT_END = frozenset("（(［[｛{〔〈《「『【〘〖〝‘“«￥¥＄$＃#〒№")

_DIGIT = "0-9０-９"
_UNIT = r"(?:[千万億兆]|年度|年間|年|か月|ヶ月|カ月|月|日間|日|時間|時|分|秒|円|名|人|件|歳|%|％|倍|回|社)"
_TOKEN = re.compile(
    rf"(?:[¥￥$＄])?(?:[{_DIGIT}][{_DIGIT}A-Za-z,，.．:：\-]*{_UNIT}*)+"  # 12,345千円 03-1234-5678
    r"|[A-Za-z0-9@_][A-Za-z0-9@_\-+/.:'&%=~*!?#]*"  # words, e-mail addresses, URLs
    r"| +"  # break opportunities, dropped at either end of a line
    r"|.",
    re.DOTALL,
)


@cache
def _attaches(ch: str) -> bool:
    """Combining marks and variation selectors belong to the character before them."""
    return unicodedata.category(ch) in ("Mn", "Me") or 0xFE00 <= ord(ch) <= 0xFE0F \
        or 0xE0100 <= ord(ch) <= 0xE01EF


def boxes(text: str) -> list[str]:
    """Cut one paragraph (no line breaks) into boxes that no line break may enter."""
    out: list[str] = []
    glue_next = False
    for token in _TOKEN.findall(text):
        space = token.startswith(" ")
        if len(out) > 1 and out[-1].startswith(" ") and token[0] in NOT_AT_START:
            gap = out.pop()  # 「… 、」: the space before it is no place to break either
            out[-1] += gap + token
        elif out and glue_next:
            out[-1] += token  # after 「 nothing may break, not even at a space
            if space:
                continue
        elif out and not space and not out[-1].startswith(" ") and (
            token[0] in NOT_AT_START or _attaches(token[0])
        ):
            out[-1] += token
        else:
            out.append(token)
        glue_next = not space and token[-1] in NOT_AT_END
    return out


@lru_cache(maxsize=4096)
def _boxes(paragraph: str) -> tuple[str, ...]:
    """`boxes`, once per paragraph: a table wraps each cell at several widths."""
    return tuple(boxes(paragraph))


def break_lines(text: str, width: float, measure: Callable[[str], float], hang: float = 0.0) -> list[str]:
    """The lines of `text` (explicit line breaks kept) at most `width` wide as `measure` says;
    every line after the first is `hang` narrower (a hanging indent)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(_fill(_boxes(paragraph), width - (hang if lines else 0.0), measure,
                           0.0 if lines else hang))
    return lines


def _fill(parts: tuple[str, ...], width: float, measure: Callable[[str], float], hang: float) -> list[str]:
    lines: list[str] = []
    line, used, space = "", 0.0, ""
    for part in parts:
        if part.startswith(" "):
            space = part if line else ""
            continue
        size = measure(part)
        gap = measure(space) if space else 0.0
        limit = width - hang if lines else width
        if line and used + gap + size <= limit:
            line, used = line + space + part, used + gap + size
        else:
            if line:
                lines.append(line)
                limit = width - hang
            if size > limit:
                *whole, part = _cut(part, limit, measure)
                lines.extend(whole)
                size = measure(part)
            line, used = part, size
        space = ""
    lines.append(line)
    return lines


def _cut(part: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """A box wider than a line (a very long e-mail address): cut it character by character."""
    pieces: list[str] = []
    piece = ""
    for ch in part:
        if piece and measure(piece + ch) > width and not _attaches(ch):
            pieces.append(piece)
            piece = ""
        piece += ch
    pieces.append(piece)
    return pieces
