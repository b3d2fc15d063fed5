"""The few reportlab building blocks the summary needs beyond platypus' own.

`Text` sets one paragraph in one style with our 禁則 line breaker and can split across pages
(also inside a table row); `WriteIn` is ruled space to write on by hand; `Box` is a box to
tick (ticked only when the record says so); `RowTable` never leaves one row alone under a
repeated header; `NumberedCanvas` knows the page count when it closes the document, for "n/N"
on every page, and prints the whole document once per labelled copy (お客さま控, 代理店控).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cache
from typing import Any

from reportlab.lib.colors import Color, black
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Table

from cyberdesk.clock import JST
from cyberdesk.services.pdf.fonts import BOLD, REGULAR
from cyberdesk.services.pdf.kinsoku import break_lines


@dataclass(frozen=True)
class Style:
    """How one kind of text is set: font, size, line height, colour, alignment, indents."""

    font: str = REGULAR
    size: float = 9.0
    leading: float = 14.0
    color: Color = black
    align: str = "left"  # left, center or right
    indent: float = 0.0  # left indent of every line
    hang: float = 0.0  # further indent of the lines after the first of each paragraph
    space_before: float = 0.0
    space_after: float = 0.0

    def but(self, **changes: Any) -> Style:
        return replace(self, **changes)


@cache
def text_measure(font: str, size: float) -> Callable[[str], float]:
    widths: dict[str, float] = {}
    known: dict[str, float] = {}  # whole texts: a table measures each box at several widths

    def measure(text: str) -> float:
        total = known.get(text)
        if total is not None:
            return total
        total = 0.0
        for ch in text:
            width = widths.get(ch)
            if width is None:
                width = widths[ch] = stringWidth(ch, font, size)
            total += width
        if len(known) >= 20_000:  # the app renders many summaries: the texts' widths stay few
            known.clear()
        known[text] = total
        return total

    return measure


class Text(Flowable):
    """One paragraph, broken into lines by the 禁則 rules, splittable between any two lines."""

    def __init__(self, text: str, style: Style, lines: list[str] | None = None,
                 continued: bool = False) -> None:
        super().__init__()
        self.text = text
        self.style = style
        self.continued = continued  # the tail of a split: its first line hangs too
        self._lines = lines
        self._for_width: float | None = None if lines is None else -1.0
        self.spaceBefore = style.space_before
        self.spaceAfter = style.space_after

    def _break(self, width: float) -> list[str]:
        if self._for_width != width and self._for_width != -1.0:
            self._lines = break_lines(self.text, width - self.style.indent,
                                      text_measure(self.style.font, self.style.size), self.style.hang)
            self._for_width = width
        return self._lines or [""]

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.height = len(self._break(availWidth)) * self.style.leading
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        # A table splitting a row wraps its cells without their padding but then asks for the
        # split with the padding included: the width it wrapped at is the one that holds.
        if self._for_width is not None and 0 < self._for_width < availWidth:
            availWidth = self._for_width
        lines = self._break(availWidth)
        fit = int((availHeight + 1e-6) // self.style.leading)
        if fit <= 0 or fit >= len(lines):
            return [] if fit <= 0 else [self]
        head = Text(self.text, self.style.but(space_after=0), lines[:fit])
        tail = Text(self.text, self.style.but(space_before=0), lines[fit:], continued=True)
        return [head, tail]

    def draw(self) -> None:
        s = self.style
        canvas = self.canv
        measure = text_measure(s.font, s.size)
        # One text object for the whole paragraph (a text object per line costs a third of
        # the drawing time). Centre the em box (descent about 0.12 em) in the line.
        text = canvas.beginText()
        text.setFont(s.font, s.size)
        text.setFillColor(s.color)
        baseline = self.height - (s.leading - s.size) / 2 - s.size * 0.88
        for index, line in enumerate(self._break(self.width)):
            if s.align == "center":
                x = (self.width - measure(line)) / 2
            elif s.align == "right":
                x = self.width - measure(line)
            else:
                x = s.indent + (s.hang if index or self.continued else 0)
            text.setTextOrigin(x, baseline)
            text.textOut(line)
            baseline -= s.leading
        canvas.drawText(text)


class WriteIn(Flowable):
    """Ruled lines to write on by hand where the interview has no answer yet."""

    def __init__(self, lines: int = 2, pitch: float = 20.0, color: Color = black) -> None:
        super().__init__()
        self.lines = lines
        self.pitch = pitch
        self.color = color

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.height = self.lines * self.pitch
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.setStrokeColor(self.color)
        canvas.setLineWidth(0.4)
        canvas.setDash(1, 2)
        for index in range(self.lines):
            y = self.height - (index + 1) * self.pitch + 2
            canvas.line(0, y, self.width, y)
        canvas.setDash()


class Seal(Flowable):
    """Room to sign, with the dashed circle for the company seal (印) at its right."""

    def __init__(self, height: float, mark: str, color: Color = black) -> None:
        super().__init__()
        self.height = height
        self.mark = mark
        self.color = color

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        radius = self.height * 0.42
        x, y = self.width - radius - 4, self.height / 2
        canvas.setStrokeColor(self.color)
        canvas.setFillColor(self.color)
        canvas.setLineWidth(0.5)
        canvas.setDash(2, 2)
        canvas.circle(x, y, radius)
        canvas.setDash()
        canvas.setFont(REGULAR, 10)
        canvas.drawCentredString(x, y - 3.5, self.mark)


class Box(Flowable):
    """A box to tick: ☑ when `ticked`, else ☐ for the customer to tick by hand.

    The font has neither ☑ nor ☐, so the box is drawn; its □ (which the font has) and, when
    ticked, a ✓ over it are real text, so a search of the PDF finds what was ticked."""

    def __init__(self, ticked: bool, size: float, color: Color = black) -> None:
        super().__init__()
        self.ticked = ticked
        self.size = size
        self.color = color

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = self.height = self.size
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.setFillColor(self.color)
        canvas.setFont(REGULAR, self.size)
        canvas.drawString(0, self.size * 0.12, "□")
        if self.ticked:
            canvas.setFont(BOLD, self.size * 0.9)
            canvas.drawString(self.size * 0.08, self.size * 0.2, "✓")


class RowTable(Table):
    """A table that splits between rows but never leaves a single row alone under the header
    repeated on the next page: one more row goes over with it. (It still starts on the current
    page: moving it whole would leave its heading behind.)"""

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        parts: list[Flowable] = super().split(availWidth, availHeight)
        if len(parts) != 2 or not self.splitByRow or self.splitInRow:
            return parts
        head, tail = parts
        repeated = self.repeatRows or 0
        if tail._nrows - repeated > 1:
            return parts
        if head._nrows - repeated <= 1:
            return []  # two rows in all: they go over together
        shorter: list[Flowable] = super().split(availWidth, availHeight - head._rowHeights[-1] - 0.5)
        return shorter if len(shorter) == 2 else parts


class NumberedCanvas(Canvas):
    """Holds every page until the end, then writes the document once per copy, each page
    stamped with its copy label and "n/N" (the total is known only then).

    `created` is the PDF's creation date: the interview's own time, so a reprint is identical."""

    page_number_style = Style(size=8, align="center")
    page_number_y = 10 * 2.834645669  # 10 mm from the bottom edge
    label_style = Style(font=BOLD, size=10)

    def __init__(self, *args: Any, copies: tuple[str, ...] = (), created: datetime | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []  # each page's canvas state
        self._copies = copies or ("",)
        self._created = created

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        style = self.page_number_style
        width, height = self._pagesize
        for label in self._copies:
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._code = list(state["_code"])  # each copy draws on its own copy of the page
                self.setFont(style.font, style.size)
                self.setFillColor(style.color)
                self.drawCentredString(width / 2, self.page_number_y, f"{number}/{total}")
                if label:
                    self._stamp(label, width, height)
                super().showPage()
        if self._created is not None:
            self._date(self._created)
        super().save()

    def _stamp(self, label: str, width: float, height: float) -> None:
        """The copy's name in a box at the top right of every page."""
        font, size = self.label_style.font, self.label_style.size
        text_width = stringWidth(label, font, size)
        x, y = width - 17 * 2.834645669 - text_width - 8, height - 12 * 2.834645669
        self.setLineWidth(0.8)
        self.rect(x, y - 4, text_width + 8, size + 7)
        self.setFont(font, size)
        self.drawString(x + 4, y, label)

    def _date(self, moment: datetime) -> None:
        """CreationDate and ModDate: the interview's time in Japan time, not the clock's."""
        local = moment.astimezone(JST)
        stamp = self._doc._timeStamp
        stamp.YMDhms = (local.year, local.month, local.day, local.hour, local.minute, local.second)
        stamp.dhh, stamp.dmm = 9, 0
