"""The few reportlab building blocks the summary needs beyond platypus' own.

`Text` sets one paragraph in one style with our 禁則 line breaker and can split across pages
(also inside a table row); `WriteIn` is ruled space to write on by hand; `NumberedCanvas`
knows the page count when it closes the document, for "n/N" on every page.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

from reportlab.lib.colors import Color, black
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from cyberdesk.services.pdf.fonts import REGULAR
from cyberdesk.services.pdf.kinsoku import break_lines


@dataclass(frozen=True)
class Style:
    font: str = REGULAR
    size: float = 9.0
    leading: float = 14.0
    color: Color = black
    align: str = "left"  # left, center or right
    indent: float = 0.0  # left indent of every line
    hang: float = 0.0  # further indent of the lines after the first of each paragraph
    space_before: float = 0.0
    space_after: float = 0.0

    def but(self, **changes) -> Style:
        return replace(self, **changes)


@cache
def _measure(font: str, size: float):
    widths: dict[str, float] = {}

    def measure(text: str) -> float:
        total = 0.0
        for ch in text:
            width = widths.get(ch)
            if width is None:
                width = widths[ch] = stringWidth(ch, font, size)
            total += width
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
                                      _measure(self.style.font, self.style.size), self.style.hang)
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
        canvas.setFont(s.font, s.size)
        canvas.setFillColor(s.color)
        measure = _measure(s.font, s.size)
        # Centre the em box (descent about 0.12 em) in the line.
        baseline = self.height - (s.leading - s.size) / 2 - s.size * 0.88
        for index, line in enumerate(self._break(self.width)):
            if s.align == "center":
                canvas.drawCentredString(self.width / 2, baseline, line)
            elif s.align == "right":
                canvas.drawString(self.width - measure(line), baseline, line)
            else:
                canvas.drawString(s.indent + (s.hang if index or self.continued else 0), baseline, line)
            baseline -= s.leading


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
        canvas.setFont(REGULAR, 9)
        canvas.drawCentredString(x, y - 3.2, self.mark)


class NumberedCanvas(Canvas):
    """Holds every page until the end, then stamps "n/N" on each (the total is known only then)."""

    page_number_style = Style(size=8, align="center")
    page_number_y = 10 * 2.834645669  # 10 mm from the bottom edge

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        style = self.page_number_style
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self.setFont(style.font, style.size)
            self.setFillColor(style.color)
            self.drawCentredString(self._pagesize[0] / 2, self.page_number_y, f"{number}/{total}")
            super().showPage()
        super().save()
