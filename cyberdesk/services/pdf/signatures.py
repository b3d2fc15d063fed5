"""A signature made on the screen, drawn on the record as it was written: vector paths from the
stored strokes (never an image), in the box where a pen would sign, with 「電子サイン <when>」
under it. Same strokes, same bytes: the record stays byte-identical on reprint.

The strokes are in the file format's fixed box (1000 × 300, origin at the top left); they are
scaled into the room the layout gives, keeping their proportions, and a pen's pressure sets each
stroke's width.
"""

from __future__ import annotations

from reportlab.lib.colors import Color, black
from reportlab.platypus import Flowable

from cyberdesk.model.interview import SIGNATURE_BOX
from cyberdesk.services.pdf.fonts import REGULAR

CAPTION_SIZE = 8  # never below 8 pt
THIN, THICK = 0.5, 1.6  # stroke widths in points, at pressure 0 and 1
NO_PRESSURE = 0.5  # a mouse or a finger


class SignatureDrawing(Flowable):
    """`strokes` drawn into the available width, `height` points tall, `caption` under them."""

    def __init__(self, strokes: tuple[tuple[tuple[float, ...], ...], ...], caption: str,
                 height: float, color: Color = black) -> None:
        super().__init__()
        self.strokes = strokes
        self.caption = caption
        self.drawing_height = height
        self.color = color

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.height = self.drawing_height + CAPTION_SIZE + 3
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        box_width, box_height = SIGNATURE_BOX
        scale = min(self.width / box_width, self.drawing_height / box_height)
        left = (self.width - box_width * scale) / 2
        top = self.height

        canvas.saveState()
        canvas.setStrokeColor(self.color)
        canvas.setFillColor(self.color)
        canvas.setLineCap(1)
        canvas.setLineJoin(1)
        for stroke in self.strokes:
            pressures = [point[2] for point in stroke if len(point) > 2]
            pressure = sum(pressures) / len(pressures) if pressures else NO_PRESSURE
            width = THIN + (THICK - THIN) * pressure
            points = [(left + point[0] * scale, top - point[1] * scale) for point in stroke]
            if len(points) == 1:  # a dot
                canvas.circle(*points[0], width / 2, stroke=0, fill=1)
                continue
            canvas.setLineWidth(width)
            path = canvas.beginPath()
            path.moveTo(*points[0])
            for x, y in points[1:]:
                path.lineTo(x, y)
            canvas.drawPath(path, stroke=1, fill=0)
        canvas.setFont(REGULAR, CAPTION_SIZE)
        canvas.drawCentredString(self.width / 2, 1, self.caption)
        canvas.restoreState()
