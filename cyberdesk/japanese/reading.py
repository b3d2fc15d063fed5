"""The reading (フリガナ) of a name typed through a Japanese input method, taken from the kana the
input method showed before it converted them: 「かぶしきがいしゃ」 becomes 「株式会社」, and the
reading is kept. The agent typed it once; the フリガナ field need not be typed again.

Only a reading that is certain is given: text that reached the field without passing through
the input method as kana (a paste, a letter typed directly, a correction with Backspace) makes
the reading unknown, and nothing is proposed."""

from __future__ import annotations

import re

from cyberdesk.japanese.textnorm import clean_kana

_KANA = re.compile(r"[\u3041-\u3096\u30a1-\u30fa\u30fc\u30fb\u3000 ]+")  # かな, カナ, ー, ・, blanks


def is_kana(text: str) -> bool:
    return bool(_KANA.fullmatch(text))


class ReadingCapture:
    """Fed with what the input method sends one field (`composing`, `committed`) and whatever
    else changed it (`typed`), it knows the reading of the field's text, or that it does not."""

    def __init__(self, known: bool = True) -> None:
        self._reading = ""
        self._composing = ""  # the latest kana the input method showed, not yet converted
        self._known = known

    def reset(self, known: bool = True) -> None:
        """The field was emptied (known: nothing typed yet) or filled from elsewhere (unknown)."""
        self._reading, self._composing, self._known = "", "", known

    def composing(self, text: str) -> None:
        """The input method shows `text`, not yet committed: kana as typed, or its conversion."""
        if is_kana(text):
            self._composing = text
        elif not text:
            self._composing = ""  # the composition was cancelled (Esc) or is over

    def committed(self, text: str) -> None:
        """The input method put `text` in the field: its reading is what was composed (or the
        text itself, when it is kana)."""
        if not text:
            return
        if is_kana(text):
            self._reading += text
        elif self._composing:
            self._reading += self._composing
        else:
            self._known = False  # converted from nothing we saw
        self._composing = ""

    def typed(self) -> None:
        """A key changed the field outside the input method: the reading is no longer certain."""
        self._known = False

    @property
    def reading(self) -> str | None:
        """The reading in katakana, or None when it is not certain (or nothing was typed)."""
        return clean_kana(self._reading) if self._known and self._reading else None
