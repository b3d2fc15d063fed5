"""Draw the app icon: resources/icons/cyberdesk.png (256 px, the window icon) and
cyberdesk.ico (16–256 px, for the Windows executables), so that the icon is made by code in the
repository rather than copied from somewhere:
    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/icon.py
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter, QPainterPath, QPen

OUT = Path(__file__).resolve().parent.parent / "resources" / "icons"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def draw(size: int) -> QImage:
    """A navy rounded square holding a white shield with a teal check: a desk that protects."""
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = size / 256
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#1f3a68"))
    p.drawRoundedRect(QRectF(8 * s, 8 * s, 240 * s, 240 * s), 44 * s, 44 * s)
    shield = QPainterPath(QPointF(128 * s, 38 * s))
    shield.cubicTo(QPointF(160 * s, 58 * s), QPointF(186 * s, 62 * s), QPointF(202 * s, 62 * s))
    shield.cubicTo(QPointF(204 * s, 140 * s), QPointF(180 * s, 190 * s), QPointF(128 * s, 220 * s))
    shield.cubicTo(QPointF(76 * s, 190 * s), QPointF(52 * s, 140 * s), QPointF(54 * s, 62 * s))
    shield.cubicTo(QPointF(70 * s, 62 * s), QPointF(96 * s, 58 * s), QPointF(128 * s, 38 * s))
    p.setBrush(QColor("#ffffff"))
    p.drawPath(shield)
    pen = QPen(QColor("#0f9d8a"), max(2.0, 22 * s))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    check = QPainterPath(QPointF(92 * s, 130 * s))
    check.lineTo(QPointF(120 * s, 158 * s))
    check.lineTo(QPointF(168 * s, 104 * s))
    p.drawPath(check)
    if size >= 128:
        p.setPen(QColor("#1f3a68"))
        font = QFont()
        font.setPixelSize(int(22 * s))
        font.setBold(True)
        p.setFont(font)
        p.drawText(QRectF(0, 176 * s, size, 30 * s), Qt.AlignmentFlag.AlignCenter, "CD")
    p.end()
    return image


def png_bytes(image: QImage) -> bytes:
    buffer = QBuffer()
    buffer.open(QBuffer.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data())


def ico(images: list[QImage]) -> bytes:
    """An .ico holding one PNG per size (the format Windows reads since Vista)."""
    header = struct.pack("<HHH", 0, 1, len(images))
    entries, blobs = b"", b""
    offset = 6 + 16 * len(images)
    for image in images:
        data = png_bytes(image)
        side = image.width() if image.width() < 256 else 0  # 0 means 256
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset + len(blobs))
        blobs += data
    return header + entries + blobs


def main() -> None:
    QGuiApplication(sys.argv)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "cyberdesk.png").write_bytes(png_bytes(draw(256)))
    (OUT / "cyberdesk.ico").write_bytes(ico([draw(size) for size in ICO_SIZES]))


if __name__ == "__main__":
    main()
