"""The pad the customer and the agent sign on: a pen (QTabletEvent, with its pressure), a finger
(touch) or the mouse draws strokes, kept in the file format's fixed box (1000 × 300) whatever
the pad's size or the zoom, so the record prints exactly what was drawn. It only collects
strokes: what a signature binds and when it counts is cyberdesk.model.signing's rule."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QTabletEvent,
    QTouchEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from cyberdesk.model.document import MAX_POINTS, MAX_STROKE_POINTS, MAX_STROKES, MAX_T_MS
from cyberdesk.model.interview import SIGNATURE_BOX, Stroke

INK = QColor("#1A1A1A")
GUIDE = QColor("#9AA5B1")
THIN, THICK = 1.0, 3.6  # pixels at the pad's default size, pressure 0 and 1
NO_PRESSURE = 0.5  # mouse and touch


class SignaturePad(QWidget):
    """Strokes drawn in SIGNATURE_BOX; `changed` is emitted when a stroke ends or all are
    cleared. `hint` is shown while the pad is empty."""

    changed = Signal()

    def __init__(self, hint: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hint = hint
        self._strokes: list[Stroke] = []
        self._drawing = False
        self._first_ms: int | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setMinimumSize(300, 90)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    # The strokes -------------------------------------------------------------------------

    def strokes(self) -> list[Stroke]:
        return [list(stroke) for stroke in self._strokes]

    def set_strokes(self, strokes: list[Stroke]) -> None:
        """Show strokes made earlier (a stored signature)."""
        self._strokes = [list(stroke) for stroke in strokes]
        self._drawing = False
        self.update()

    def clear(self) -> None:
        self._strokes = []
        self._drawing = False
        self._first_ms = None
        self.update()
        self.changed.emit()

    def is_empty(self) -> bool:
        return not self._strokes

    # Geometry ----------------------------------------------------------------------------

    def heightForWidth(self, width: int) -> int:
        return round(width * SIGNATURE_BOX[1] / SIGNATURE_BOX[0])

    def box_rect(self) -> QRectF:
        """Where the fixed box lies in the widget: as large as fits, centred, its proportions kept."""
        width, height = SIGNATURE_BOX
        scale = min(self.width() / width, self.height() / height)
        rect = QRectF(0, 0, width * scale, height * scale)
        rect.moveCenter(QRectF(self.rect()).center())
        return rect

    def to_box(self, position: QPointF) -> tuple[float, float]:
        """A widget position in the box's coordinates, kept inside the box."""
        rect = self.box_rect()
        width, height = SIGNATURE_BOX
        x = (position.x() - rect.left()) / rect.width() * width
        y = (position.y() - rect.top()) / rect.height() * height
        return min(max(x, 0.0), width), min(max(y, 0.0), height)

    # Input -------------------------------------------------------------------------------

    def _begin(self) -> bool:
        if not self.isEnabled() or len(self._strokes) >= MAX_STROKES \
                or sum(map(len, self._strokes)) >= MAX_POINTS:
            return False
        self._strokes.append([])
        self._drawing = True
        return True

    def _add(self, position: QPointF, pressure: float | None, timestamp: int) -> None:
        if not self._drawing:
            return
        stroke = self._strokes[-1]
        if len(stroke) >= MAX_STROKE_POINTS or sum(map(len, self._strokes)) >= MAX_POINTS:
            return  # beyond what the file may hold: the pen's further points are dropped
        if self._first_ms is None:
            self._first_ms = timestamp
        x, y = self.to_box(position)
        t_ms = min(max(timestamp - self._first_ms, 0), MAX_T_MS)
        pressure = NO_PRESSURE if pressure is None else min(max(pressure, 0.0), 1.0)
        point = (round(x, 1), round(y, 1), round(pressure, 3), t_ms)
        if not stroke or stroke[-1][:2] != point[:2]:
            stroke.append(point)
            self.update()

    def _end(self) -> None:
        if not self._drawing:
            return
        self._drawing = False
        if not self._strokes[-1]:
            self._strokes.pop()
        self.changed.emit()

    def tabletEvent(self, event: QTabletEvent) -> None:
        """A pen: its pressure is kept with each point (Qt then sends no mouse events for it)."""
        kind = event.type()
        if kind == QTabletEvent.Type.TabletPress:
            if self._begin():
                self._add(event.position(), event.pressure(), event.timestamp())
        elif kind == QTabletEvent.Type.TabletMove:
            self._add(event.position(), event.pressure(), event.timestamp())
        elif kind == QTabletEvent.Type.TabletRelease:
            self._add(event.position(), event.pressure(), event.timestamp())
            self._end()
        event.accept()

    def event(self, event) -> bool:
        """A finger: the first touch point draws (a second finger is ignored)."""
        if isinstance(event, QTouchEvent) and event.points():
            point = event.points()[0]
            kind = event.type()
            if kind == QTouchEvent.Type.TouchBegin:
                if self._begin():
                    self._add(point.position(), None, event.timestamp())
            elif kind == QTouchEvent.Type.TouchUpdate:
                self._add(point.position(), None, event.timestamp())
            elif kind in (QTouchEvent.Type.TouchEnd, QTouchEvent.Type.TouchCancel):
                self._add(point.position(), None, event.timestamp())
                self._end()
            event.accept()
            return True
        return super().event(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._begin():
            self._add(event.position(), None, event.timestamp())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self._add(event.position(), None, event.timestamp())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._add(event.position(), None, event.timestamp())
            self._end()

    # Drawing -----------------------------------------------------------------------------

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = self.box_rect()
        painter.fillRect(rect, QColor("white") if self.isEnabled() else QColor("#F4F5F7"))
        painter.setPen(QPen(GUIDE, 1))
        painter.drawRect(rect.adjusted(0.5, 0.5, -0.5, -0.5))
        base = rect.top() + rect.height() * 0.78
        painter.drawLine(QPointF(rect.left() + rect.width() * 0.05, base),
                         QPointF(rect.right() - rect.width() * 0.05, base))
        painter.drawText(QPointF(rect.left() + rect.width() * 0.05, base - 4), "×")
        if not self._strokes and self.hint:
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.hint)
        scale = rect.width() / SIGNATURE_BOX[0]
        zoom = rect.width() / 500  # the pen grows with the pad
        for stroke in self._strokes:
            points = [QPointF(rect.left() + p[0] * scale, rect.top() + p[1] * scale) for p in stroke]
            for index, point in enumerate(points):
                pressure = stroke[index][2] if len(stroke[index]) > 2 else NO_PRESSURE
                pen = QPen(INK, (THIN + (THICK - THIN) * pressure) * zoom)
                pen.setCapStyle(Qt.PenCapStyle.RoundCap)
                painter.setPen(pen)
                if index == 0:
                    if len(points) == 1:
                        painter.drawPoint(point)
                    continue
                path = QPainterPath(points[index - 1])
                path.lineTo(point)
                painter.drawPath(path)
        painter.end()
