"""Zoom for the customer reading along, in the real main window at a 1366×768 laptop's size:
every widget, the highlighted rows of プラン選択 and the step-7 preview grow, and at 2.0× nothing
on any step is cut off (field contents, buttons, the side panel's 「日本語 / English」)."""

from __future__ import annotations

from dataclasses import asdict

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QComboBox,
    QLabel,
    QLineEdit,
    QWidget,
)
from wizard_helpers import AGENT, page, whole_interview

from cyberdesk.gui.main_window import MainWindow
from cyberdesk.gui.wizard.wizard import ZOOMS
from cyberdesk.model.validation import STEPS

WINDOW = (1280, 720)  # the wizard on a 1366×768 screen (its _fit_screen size there)


@pytest.fixture
def wizard(app, qtbot, store):
    store.set_setting("agent_profile", asdict(AGENT))
    main = MainWindow(store)
    qtbot.addWidget(main)
    main.show()
    main.ui.actionNew.trigger()
    wizard = main.wizard
    wizard.resize(*WINDOW)
    whole_interview(wizard, "wide", lambda _page: None)
    yield wizard
    wizard.reject()


def cut_off(widget: QWidget, window: QWidget) -> str:
    """Why `widget` is not shown whole ("" when it is): its text is wider than it, or it sticks
    out of the window or, sideways, out of the scroll area it is in."""
    name = f"{type(widget).__name__} {widget.objectName() or widget.accessibleName()!r}"
    metrics = widget.fontMetrics()
    if isinstance(widget, QLineEdit) and widget.text():
        room = widget.contentsRect().width() - 8  # the frame and text margins
        if metrics.horizontalAdvance(widget.text()) > room:
            return f"{name}: text {widget.text()!r} wider than the field"
    if isinstance(widget, QComboBox) and widget.currentText():
        room = widget.width() - 24  # the arrow
        if metrics.horizontalAdvance(widget.currentText()) > room:
            return f"{name}: {widget.currentText()!r} wider than the box"
    if (isinstance(widget, QAbstractButton) or (isinstance(widget, QLabel) and not widget.wordWrap())
            ) and widget.sizeHint().width() > widget.width() + 1:
        return f"{name}: needs {widget.sizeHint().width()} px, has {widget.width()}"
    left = widget.mapTo(window, QPoint(0, 0)).x()
    if left < 0 or left + widget.width() > window.width() + 1:
        return f"{name}: past the window's side"
    scroll = widget.parentWidget()
    while scroll is not None and not isinstance(scroll, QAbstractScrollArea):
        scroll = scroll.parentWidget()
    if scroll is not None:
        viewport = scroll.viewport()
        left = widget.mapTo(viewport, QPoint(0, 0)).x() if viewport.isAncestorOf(widget) else 0
        if left < 0 or left + widget.width() > viewport.width() + 1:
            return f"{name}: cut off at the side of its scroll area"
    return ""


def cut_offs(wizard) -> list[str]:
    shown = [w for w in [*wizard.currentPage().findChildren(QWidget), *wizard.side.findChildren(QWidget)]
             if w.isVisible() and isinstance(w, QAbstractButton | QLabel | QLineEdit | QComboBox)
             and not isinstance(w.parentWidget(), QLineEdit)]  # Qt's own clear button
    return [why for w in shown if (why := cut_off(w, wizard))]


@pytest.mark.parametrize("language", ["ja", "en"])
def test_from_1x_to_2x_nothing_on_any_step_is_cut_off(wizard, qtbot, language):
    if language == "en":
        wizard.switch_language()
    found = []
    for zoom in range(len(ZOOMS)):
        wizard.zoom(zoom - wizard._zoom)
        for step, name in enumerate(STEPS):
            assert wizard.jump_to(step)
            try:  # a scroll bar that appears narrows the page once more: the layout settles
                qtbot.waitUntil(lambda: not cut_offs(wizard), timeout=1000)
            except qtbot.TimeoutError:
                found += [f"{ZOOMS[zoom]}× {name}: {why}" for why in cut_offs(wizard)]
    assert wizard.zoom_factor() == 2.0
    assert found == [], "\n".join(found)
    if language == "en":
        wizard.switch_language()


def test_the_wished_rows_and_the_preview_grow_with_the_text(wizard, qtbot):
    from PySide6.QtPdfWidgets import QPdfView

    wizard.jump_to(STEPS.index("plan"))
    plan = page(wizard, "plan")
    wished, hint = plan.wish_rows["キ"]  # highlighted: the customer wished for it at first
    plain_row, _hint = plan.wish_rows["ウ"]
    normal = wished.font().pointSizeF()
    wizard.zoom(len(ZOOMS))  # on this step, after it was shown
    for label in (wished, hint, plain_row, plan.event_rows["ア"]):
        assert label.font().pointSizeF() == pytest.approx(2 * normal)
    assert wished.parentWidget().autoFillBackground()  # still highlighted
    wizard.zoom(-len(ZOOMS))
    wizard.jump_to(STEPS.index("output"))
    output = page(wizard, "output")
    qtbot.waitUntil(lambda: output.document.pageCount() > 0)
    assert output.view.zoomMode() is QPdfView.ZoomMode.FitToWidth
    wizard.zoom(len(ZOOMS))
    assert output.view.zoomMode() is QPdfView.ZoomMode.Custom
    page_width = output.document.pagePointSize(0).width() * output.view.logicalDpiX() / 72
    assert page_width * output.view.zoomFactor() > 1.9 * output.view.viewport().width() - 40
