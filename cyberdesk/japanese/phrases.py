"""Japanese text that wraps between phrases, never inside one, wherever Qt lays it out.

Qt breaks Japanese between any two characters, so a label could end a line with 「くださ」 and
start the next with 「い」. BudouX finds the phrase boundaries; inside a phrase the characters are
tied with WORD JOINER (U+2060, invisible) and spaces become no-break spaces, so a line can only end
between phrases. Only for display: stored and printed text never carries these characters.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from budoux import Parser

WORD_JOINER = "\u2060"
MAX_PHRASE = 14  # a longer "phrase" stays breakable: it could not fit a narrow label otherwise
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]")


@functools.cache
def _parser() -> Parser:
    # lazy: ~10 ms, loaded by the first label that needs it
    import budoux

    return budoux.load_default_japanese_parser()


@functools.lru_cache(maxsize=4096)
def keep_phrases(text: str) -> str:
    """`text` with its Japanese phrases kept whole on a line (unchanged if it has no Japanese)."""
    if not _JAPANESE.search(text):
        return text
    lines = []
    for line in text.split("\n"):
        phrases = _parser().parse(line) if line else []
        lines.append("".join(_tie(phrase) for phrase in phrases))
    return "\n".join(lines)


def _tie(phrase: str) -> str:
    if len(phrase) > MAX_PHRASE or not _JAPANESE.search(phrase):
        return phrase
    return WORD_JOINER.join(phrase.replace(" ", "\u00a0"))


def plain(text: str) -> str:
    """What a person reads: `text` without the joiners (for tests and accessible names)."""
    return text.replace(WORD_JOINER, "").replace("\u00a0", " ")
