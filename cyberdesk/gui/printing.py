"""Printing a PDF: Qt cannot send a PDF to a printer, so each page is rendered as an image at
300 dpi and painted onto the QPrinter (the printer's default high resolution would make 25 MB
print jobs for three pages). The same painter serves a print preview's paintRequested."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

DPI = 300
POINTS_PER_INCH = 72


def new_printer() -> QPrinter:
    """A 300 dpi printer that paints on the whole sheet: the PDF pages carry their own margins."""
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setResolution(DPI)
    printer.setFullPage(True)
    return printer


def paint_pages(document: QPdfDocument, printer: QPrinter) -> int:
    """Paint the pages the printer asks for (all by default); returns how many were painted."""
    count = document.pageCount()
    first = max(printer.fromPage(), 1) - 1
    last = min(printer.toPage() or count, count) - 1
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError(printer.outputFileName() or printer.printerName())
    try:
        for number, index in enumerate(range(first, last + 1)):
            if number:
                printer.newPage()
            points = document.pagePointSize(index)
            pixels = QSize(round(points.width() / POINTS_PER_INCH * DPI),
                           round(points.height() / POINTS_PER_INCH * DPI))
            image = document.render(index, pixels)
            area = QRectF(painter.viewport())
            scale = min(area.width() / image.width(), area.height() / image.height())
            target = QRectF(0, 0, image.width() * scale, image.height() * scale)
            target.moveCenter(area.center())
            painter.drawImage(target, image)
    finally:
        painter.end()
    return max(0, last - first + 1)
