"""Typesetting the coverage summary: A4 portrait, the bundled font only, tables that start on
the current page and split across pages with their header repeated (never one row alone), "n/N"
on every page; a draft marked 下書き on every page, a finalized record printed once per copy.

`Renderer` turns the plain rows of `content.Summary` into platypus flowables; each section is
one small method, so a later document (a renewal notice) can reuse the frame and the styles.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from functools import partial
from typing import TypeAlias

from reportlab.lib.colors import Color, HexColor, white
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)

from cyberdesk.services.pdf.content import COVERED, NOT_COVERED, Check, Field, SignatureMark, Summary
from cyberdesk.services.pdf.flowables import (
    Box,
    NumberedCanvas,
    RowTable,
    Seal,
    Style,
    Text,
    WriteIn,
    text_measure,
)
from cyberdesk.services.pdf.fonts import BOLD, REGULAR, register_fonts
from cyberdesk.services.pdf.japanese import _
from cyberdesk.services.pdf.kinsoku import break_lines
from cyberdesk.services.pdf.signatures import SignatureDrawing

NAVY = HexColor("#1F3A5F")
INK = HexColor("#1A1A1A")
MUTED = HexColor("#5A6270")
RULE = MUTED  # 6.2:1 on white, 5.5:1 on TINT: lines and boxes survive a photocopy (≥ 4.5:1)
TINT = HexColor("#EEF2F7")
CHOSEN = HexColor("#FFF3D1")
DRAFT_MARK = HexColor("#B3261E")
WATERMARK = HexColor("#F7E8E6")
UNCHECKED = "□"  # a box to tick by hand (the font has no ☐); ■ only marks headings
MARGIN_X = 17 * mm
MARGIN_TOP = 18 * mm
MARGIN_BOTTOM = 18 * mm
PAD = 3.5
TALL_ROW = 400  # characters: a narrow column with more may outgrow a page
SEAL = 26 * mm  # the signature room; its 印 circle is 22 mm across (a 角印 is 21–24 mm)
SHORT_TABLE = 4  # rows (the header included) of a table kept whole with its heading
CHUNK_LINES = 10  # a long explanation continues in rows of this many lines, each with its label
# platypus' table style commands: ("NAME", (col, row), (col, row), *arguments).
Command: TypeAlias = tuple[object, ...]
Cell: TypeAlias = Flowable | str | list[Flowable]
Row: TypeAlias = Sequence[Cell]  # a table row


class Styles:
    """Every text style of the summary; all in the bundled font (never reportlab's Helvetica)."""

    # Read by a customer of any age: the body at 10 pt or more, the price, limits and period at
    # 12.5 pt, nothing below 9 pt in the text (the page furniture at 8 pt).
    body = Style(size=10, leading=16, color=INK)
    note = Style(size=10, leading=15.5, color=INK)  # (注) and the disclaimer: as large as the body
    cell = Style(size=10, leading=15, color=INK)
    cell_bold = cell.but(font=BOLD)
    large = Style(font=BOLD, size=12.5, leading=18, color=INK)  # premium, limits, period
    label = Style(font=BOLD, size=10, leading=15, color=NAVY)
    header = Style(font=BOLD, size=10, leading=15, color=white, align="center")
    title = Style(font=BOLD, size=21, leading=30, color=NAVY, align="center")
    subtitle = Style(size=10.5, leading=16, color=MUTED, align="center", space_after=6)
    section = Style(font=BOLD, size=12.5, leading=18, color=white)
    subsection = Style(font=BOLD, size=11, leading=16, color=NAVY, space_before=8, space_after=3)
    addressee = Style(font=BOLD, size=14, leading=20, color=INK)
    meta = Style(size=10, leading=15, color=INK, align="right")
    superseded = Style(font=BOLD, size=11, leading=15, color=DRAFT_MARK)


def _plain(commands: list[Command]) -> TableStyle:
    """A table style whose own font is ours too: the default is Helvetica, which is never embedded."""
    return TableStyle([("FONT", (0, 0), (-1, -1), REGULAR, 10), *commands])


def _grid(extra: list[Command] | None = None, header: bool = True) -> TableStyle:
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.6, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD + 1),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD + 1),
        ("TOPPADDING", (0, 0), (-1, -1), PAD),
        ("BOTTOMPADDING", (0, 0), (-1, -1), PAD),
    ]
    if header:
        commands += [("BACKGROUND", (0, 0), (-1, 0), NAVY), ("VALIGN", (0, 0), (-1, 0), "MIDDLE")]
    return _plain(commands + (extra or []))


def _table(rows: Sequence[Row], widths: list[float], header: bool = True,
           extra: list[Command] | None = None, rows_fit_a_page: bool = False) -> Table:
    """A ruled table that splits across pages with its header row repeated on each."""
    # Each cell as a list: platypus splits a row inside lists of flowables, not bare ones.
    cells = [[[cell] if isinstance(cell, Flowable) else cell for cell in row] for row in rows]
    # Rows stay whole across a page break, unless one may be too tall for a page: then the
    # table fills each page and splits inside that row (splitting between rows first would
    # leave a half-empty page and a second header under the first). `rows_fit_a_page`: the
    # caller cut long rows into rows that do (each with its label: see `_continued`).
    tall = not rows_fit_a_page and any(_length(cell) > TALL_ROW for row in cells for cell in row)
    table = RowTable(cells, colWidths=widths, repeatRows=1 if header else 0,
                     splitByRow=int(not tall), splitInRow=int(tall), style=_grid(extra, header))
    table.hAlign = "LEFT"
    return table


def _length(cell: object) -> int:
    """How many characters a cell holds, to tell a row that might not fit on one page."""
    if isinstance(cell, list):
        return sum(map(_length, cell))
    return len(cell.text) if isinstance(cell, Text) else 0


def _value(text: str, style: Style = Styles.cell, blank_lines: int = 1) -> Flowable:
    """The answer, or ruled space to write it in by hand."""
    return Text(text, style) if text else WriteIn(blank_lines, pitch=style.leading + 4, color=RULE)


def _hanging(text: str, style: Style, marker: str) -> Text:
    """A list item whose wrapped lines align after its marker (①, ア., □)."""
    hang = stringWidth(marker, style.font, style.size) if text.startswith(marker) else 0.0
    return Text(text, style.but(hang=hang))


def _unticked(texts: Iterable[str], style: Style = Styles.cell) -> list[Flowable]:
    """Boxes for the customer to tick by hand, one per line."""
    return [_hanging(f"{UNCHECKED} {text}", style, f"{UNCHECKED} ") for text in texts]


def _continued(text: str, width: float, style: Style = Styles.cell) -> list[Text]:
    """A long text as parts of at most CHUNK_LINES lines, each short enough for one page: the
    row that holds it continues on the next page as a row of its own, with its label and marks
    (a single tall row would split its text from them by pages)."""
    lines = break_lines(text, width - style.indent, text_measure(style.font, style.size),
                        style.hang)
    return [Text(text, style, lines[start:start + CHUNK_LINES])
            for start in range(0, max(len(lines), 1), CHUNK_LINES)]


def _packed(units: list[str], separator: str, width: float, style: Style) -> str:
    """`units` joined by `separator`, with line breaks only between units where they fit
    (an item name or a word of a business type is never cut)."""
    measure = text_measure(style.font, style.size)
    lines: list[str] = []
    for unit in units:
        if lines and measure(lines[-1] + unit) <= width:
            lines[-1] += unit
        else:
            lines.append(unit)
        lines[-1] += separator if unit is not units[-1] else ""
    return "\n".join(line.rstrip() for line in lines)


def _lettered(text: str, style: Style = Styles.cell) -> Text:
    """「ア. 他人の…」 with its wrapped lines under the text, not under the letter."""
    return _hanging(text, style, text[:text.find(". ") + 2] if ". " in text[:4] else "")


def _headings_kept_with_blocks(story: list[Flowable]) -> list[Flowable]:
    """platypus' keepWithNext ignores a following KeepTogether: put the heading inside it.
    Before a long table that may split, the heading's CondPageBreak is enough: keeping it with
    the whole table would push the table to the next page and leave this one half empty. A short
    one (its rows go over together rather than one alone) is kept with its heading."""
    out: list[Flowable] = []
    for flowable in story:
        if getattr(out[-1] if out else None, "keepWithNext", 0):
            if isinstance(flowable, KeepTogether):
                flowable = KeepTogether([out.pop(), *flowable._content])
            elif isinstance(flowable, Table) and flowable._nrows <= SHORT_TABLE:
                flowable = KeepTogether([out.pop(), flowable])
            elif isinstance(flowable, Table):
                out[-1].keepWithNext = 0
        out.append(flowable)
    return out


class Renderer:
    """Lays out one `Summary`; `render()` returns the PDF bytes."""

    def __init__(self, summary: Summary) -> None:
        self.s = summary
        self.width = A4[0] - 2 * MARGIN_X

    # -- page furniture --------------------------------------------------------------------
    def _on_page(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        s = self.s
        canvas.saveState()
        if s.form_label:
            self._corner_label(canvas, s.form_label, NAVY)
        elif s.draft:
            self._draft_marks(canvas)
        canvas.setStrokeColor(NAVY)
        canvas.setLineWidth(0.6)
        top = A4[1] - 11 * mm
        canvas.setFont(REGULAR, 8)
        canvas.setFillColor(INK)
        if doc.page > 1:
            # The document number is in the footer of every page: not twice.
            canvas.drawString(MARGIN_X, top, "　".join(
                p for p in (_("Coverage summary"), s.status) if p))
            canvas.line(MARGIN_X, top - 2.5 * mm, A4[0] - MARGIN_X, top - 2.5 * mm)
        bottom = 14 * mm
        canvas.line(MARGIN_X, bottom, A4[0] - MARGIN_X, bottom)
        canvas.setFont(REGULAR, 8)
        canvas.setFillColor(INK)
        canvas.drawString(MARGIN_X, bottom - 4 * mm, s.product)
        canvas.drawRightString(A4[0] - MARGIN_X, bottom - 4 * mm, s.document_number)
        # The sales document's approval number and the form's version, on every page.
        canvas.drawString(MARGIN_X, bottom - 8 * mm, s.footer)
        if s.superseded:
            self._superseded_mark(canvas)
        canvas.restoreState()

    def _superseded_mark(self, canvas: Canvas) -> None:
        """A replaced revision says so at the top of every page, in red: a reprint of it is
        never taken for the record in force."""
        style = Styles.superseded
        canvas.setFillColor(style.color)
        canvas.setFont(style.font, style.size)
        canvas.drawCentredString(A4[0] / 2, A4[1] - 7 * mm, self.s.superseded)

    def _draft_marks(self, canvas: Canvas) -> None:
        """下書き across the page, boxed at its top right, and the notice at its top left."""
        canvas.setFillColor(WATERMARK)
        canvas.setFont(BOLD, 110)
        canvas.saveState()
        canvas.translate(A4[0] / 2, A4[1] / 2)
        canvas.rotate(35)
        canvas.drawCentredString(0, -40, _("DRAFT"))
        canvas.restoreState()
        x, y = self._corner_label(canvas, _("DRAFT"), DRAFT_MARK)
        canvas.setFont(BOLD, 8)
        canvas.drawRightString(x - 6, y + 1, self.s.draft_notice)

    def _corner_label(self, canvas: Canvas, label: str, color: Color) -> tuple[float, float]:
        """`label` boxed at the page's top right (下書き, 手書き用); where it starts."""
        size = 10
        width = stringWidth(label, BOLD, size)
        x, y = A4[0] - MARGIN_X - width - 8, A4[1] - 12 * mm
        canvas.setStrokeColor(color)
        canvas.setFillColor(color)
        canvas.setLineWidth(0.8)
        canvas.rect(x, y - 4, width + 8, size + 7)
        canvas.setFont(BOLD, size)
        canvas.drawString(x + 4, y, label)
        return x, y

    def _document(self, out: io.BytesIO) -> BaseDocTemplate:
        doc = BaseDocTemplate(
            out, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM, title=self.s.title, author=self.s.author,
            subject=self.s.subject, keywords=self.s.keywords, creator="CyberDesk", invariant=1,
            initialFontName=REGULAR, lang="ja-JP",
        )
        frame = Frame(MARGIN_X, MARGIN_BOTTOM, self.width, A4[1] - MARGIN_TOP - MARGIN_BOTTOM,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
        doc.addPageTemplates([PageTemplate("page", [frame], onPage=self._on_page)])
        return doc

    def render(self) -> bytes:
        register_fonts()
        out = io.BytesIO()
        canvas = partial(NumberedCanvas, copies=self.s.copies, created=self.s.created)
        self._document(out).build(self.story(), canvasmaker=canvas)
        return out.getvalue()

    # -- the story -----------------------------------------------------------------------
    def story(self) -> list[Flowable]:
        return _headings_kept_with_blocks([
            *self.opening(), *self.customer(), *self.business(), *self.coverage(),
            *self.insured(), *self.examples(), *self.intent(),
        ])

    def section(self, number: int, title: str) -> list[Flowable]:
        band = Table([[Text(f"{number}  {title}", Styles.section)]], colWidths=[self.width],
                     style=_plain([
                         ("BACKGROUND", (0, 0), (-1, -1), NAVY),
                         ("LEFTPADDING", (0, 0), (-1, -1), 6), ("TOPPADDING", (0, 0), (-1, -1), 2),
                         ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                     ]))
        band.keepWithNext = 1  # never a heading alone at the foot of a page
        band.spaceBefore, band.spaceAfter = 9, 5
        return [CondPageBreak(45 * mm), band]

    def subsection(self, title: str) -> Flowable:
        heading = Text(f"■ {title}", Styles.subsection)
        heading.keepWithNext = 1
        return heading

    def fields(self, fields: tuple[Field, ...], label_width: float = 46 * mm,
               width: float | None = None) -> Table:
        rows = [[Text(f.label, Styles.label), _value(f.value)] for f in fields]
        return _table(rows, [label_width, (width or self.width) - label_width], header=False,
                      extra=[("BACKGROUND", (0, 0), (0, -1), TINT)])

    def opening(self) -> list[Flowable]:
        s = self.s
        meta = [Text(_("Document No. {number}").format(number=s.document_number), Styles.meta),
                Text(_("Date: {date}").format(date=s.date), Styles.meta)]
        if s.revision:
            meta.append(Text(s.revision, Styles.meta.but(color=MUTED)))
        if s.status:
            meta.append(Text(s.status, Styles.meta.but(font=BOLD, color=NAVY)))
        if s.addressee:
            long = len(s.addressee) > 60  # a 200-character name still reads as one block
            name = Text(s.addressee, Styles.addressee.but(size=11, leading=16) if long
                        else Styles.addressee)
            to: list[Flowable] = [Table([[name]], style=_plain([  # underlined, as a letter's addressee
                ("LINEBELOW", (0, 0), (-1, -1), 0.8, INK), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))]
        else:
            to = [Table([[WriteIn(1, pitch=22, color=INK), Text(_("Dear Sirs"), Styles.addressee)]],
                        colWidths=[80 * mm, 14 * mm],
                        style=_plain([("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                                      ("LEFTPADDING", (0, 0), (-1, -1), 0)]))]
        greeting = Text(s.greeting, Styles.body.but(space_before=6))
        agency = self.fields(s.agency, label_width=31 * mm, width=94 * mm)
        head = Table([[[*to, greeting], agency]], colWidths=[self.width - 94 * mm, 94 * mm],
                     style=_plain([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("RIGHTPADDING", (0, 0), (0, 0), 6 * mm),
                                   ("RIGHTPADDING", (1, 0), (1, 0), 0),
                                   ("TOPPADDING", (0, 0), (-1, -1), 0),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
        head.hAlign = "LEFT"
        product = Table([[Text(s.summary, Styles.body)]], colWidths=[self.width],
                        style=_plain([("BACKGROUND", (0, 0), (-1, -1), TINT),
                                      ("LEFTPADDING", (0, 0), (-1, -1), 8),
                                      ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                                      ("TOPPADDING", (0, 0), (-1, -1), 5),
                                      ("BOTTOMPADDING", (0, 0), (-1, -1), 5)]))
        return [
            *meta, Spacer(1, 4), Text(_("Coverage summary"), Styles.title),
            Text(s.product, Styles.subtitle), head, Spacer(1, 8), product,
        ]

    def customer(self) -> list[Flowable]:
        return [*self.section(1, _("Your company")), self.fields(self.s.customer)]

    def _name_width(self, names: list[str]) -> float:
        """Wide enough for the longest business type on one line, within reason."""
        measure = text_measure(Styles.cell_bold.font, Styles.cell_bold.size)
        widest = max(map(measure, names), default=0.0) + 2 * (PAD + 1) + 2
        width: float = min(max(widest, 40 * mm), 66 * mm)
        return width

    def _business_name(self, name: str, width: float) -> str:
        """Too long for one line: broken only after a ・ (「アプリケーション・サービス・/プロバイダ」)."""
        parts = [part + "・" for part in name.split("・")]
        parts[-1] = parts[-1][:-1]
        return _packed(parts, "", width - 2 * (PAD + 1) - 1, Styles.cell_bold)

    def business(self) -> list[Flowable]:
        s = self.s
        out = self.section(2, _("Your IT business (insured business types)"))
        number = 12 * mm
        if not s.business:
            # The blank form: every type in catalogue order, with its description, on one page.
            name_width = self._name_width([label for label, _d in s.business_choices])
            compact = Styles.cell.but(size=9, leading=11.5)  # the one-page checklist of the blank form
            rows: list[Row] = [[Text(_("Tick"), Styles.header), Text(_("Business type"), Styles.header),
                                 Text(_("Description"), Styles.header)]]
            last = len(s.business_choices) - 1  # ⑳: room to describe the business
            rows += [[Text(UNCHECKED, Styles.cell.but(align="center", size=11)),
                      Text(self._business_name(label, name_width), compact.but(font=BOLD)),
                      [Text(description, compact)]
                      + ([WriteIn(1, pitch=16, color=RULE)] if index == last else [])]
                     for index, (label, description) in enumerate(s.business_choices)]
            table = _table(rows, [number, name_width, self.width - number - name_width],
                           extra=[("TOPPADDING", (0, 1), (-1, -1), 1.5),
                                  ("BOTTOMPADDING", (0, 1), (-1, -1), 1.5)])
            return [*out, KeepTogether([Text(s.business_instruction, Styles.body.but(space_after=4)),
                                        table])]
        name_width = self._name_width([row.name for row in s.business])
        rows = [[Text(_("No."), Styles.header), Text(_("Business type"), Styles.header),
                 Text(_("Description"), Styles.header)]]
        for row in s.business:
            description: list[Flowable] = [Text(row.description, Styles.cell)]
            if row.own_words is not None:
                description += [Text(_("Your business, as written on the policy:"),
                                     Styles.label.but(space_before=4)), _value(row.own_words, blank_lines=2)]
            rows.append([Text(row.symbol, Styles.cell.but(align="center")),
                         Text(self._business_name(row.name, name_width), Styles.cell_bold),
                         description])
        out.append(_table(rows, [number, name_width, self.width - number - name_width]))
        return out

    def coverage(self) -> list[Flowable]:
        s = self.s
        out = self.section(3, _("What is covered"))
        rows: list[Row] = [[Text(s.liability_group, Styles.header), ""],
                            [Text(s.liability_event_lead, Styles.cell_bold), ""]]
        rows += [[Text(f"{key}.", Styles.cell.but(align="center")), Text(text, Styles.cell)]
                 for key, text in s.liability_events]
        out.append(KeepTogether([
            self.subsection(s.liability_title), Text(s.liability_lead, Styles.body.but(space_after=4)),
            _table(rows, [10 * mm, self.width - 10 * mm], extra=[
                ("SPAN", (0, 0), (-1, 0)), ("SPAN", (0, 1), (-1, 1)), ("BACKGROUND", (0, 1), (-1, 1), TINT)]),
        ]))
        out.append(KeepTogether([
            self.subsection(s.expense_title), Text(s.expense_lead, Styles.body.but(space_after=4)),
            *self.plan_comparison(), Text(s.expense_note, Styles.note.but(space_before=4)),
        ]))
        return out

    def plan_comparison(self) -> list[Flowable]:
        s = self.s
        chosen = s.chosen_plan
        plan_width = min(30 * mm, (self.width - 70 * mm) / len(s.plans))
        name_width = self.width - plan_width * len(s.plans)
        header: list[Cell] = [
            Text(_("Expenses covered ({group})").format(group=s.expense_group), Styles.header)]
        for plan in s.plans:
            mark = "" if chosen else f"{UNCHECKED} "
            cell = [Text(f"{mark}{plan.full_name}", Styles.header)]
            if plan.chosen:
                cell.append(Text(_("(proposed)"), Styles.header))
            header.append(cell)
        rows: list[Row] = [header]
        for item in s.expense_rows:
            rows.append([Text(f"{item.key}. {item.name}", Styles.cell)] + [
                Text(COVERED if covered else NOT_COVERED,
                     Styles.cell_bold.but(align="center", size=11, color=NAVY) if covered
                     else Styles.cell.but(align="center", color=MUTED))
                for covered in item.covered])
        rows.append([Text(_("Period for measures"), Styles.cell_bold)]
                    + [Text(p.measure_period, Styles.cell_bold.but(align="center")) for p in s.plans])
        extra: list[Command] = [("BACKGROUND", (0, len(rows) - 1), (-1, len(rows) - 1), TINT)]
        for column, plan in enumerate(s.plans, start=1):
            if plan.chosen:
                extra += [("BACKGROUND", (column, 1), (column, -1), CHOSEN),
                          ("BOX", (column, 0), (column, -1), 1.5, NAVY)]
        table = _table(rows, [name_width] + [plan_width] * len(s.plans), extra=extra)
        style = Styles.body.but(font=BOLD)
        if chosen:
            index = s.plans.index(chosen)
            items = [f"{r.key}. {r.name}" for r in s.expense_rows if r.covered[index]]
            lead = _("Proposed: {plan} — expenses covered:").format(plan=chosen.full_name)
            period = _("Period for measures: {period}").format(period=chosen.measure_period)
            text = "\n".join((lead, _packed(items, "、", self.width - 16, style), period))
        else:
            text = _("Proposed plan (tick one): {plans}").format(
                plans="　".join(f"{UNCHECKED} {p.full_name}" for p in s.plans))
        lead_box = Table([[Text(text, style)]], colWidths=[self.width], style=_plain([
            ("BACKGROUND", (0, 0), (-1, -1), CHOSEN), ("LINEBEFORE", (0, 0), (0, -1), 3, NAVY),
            ("LEFTPADDING", (0, 0), (-1, -1), 8), ("RIGHTPADDING", (0, 0), (-1, -1), 8),
            ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
        lead_box.spaceAfter = 5
        return [lead_box, table, self.legend()]

    def legend(self) -> Flowable:
        """What each mark means (one meaning each), under every table that uses them."""
        return Text(self.s.legend, Styles.note.but(space_before=3))

    def insured(self) -> list[Flowable]:
        s = self.s
        out = self.section(4, s.insured_title)
        rows: list[Row] = [[Text(_("Role"), Styles.header), Text(_("Name"), Styles.header),
                             Text(_("Notes"), Styles.header)]]
        rows += [[Text(r.role, Styles.cell_bold), _value(r.name), Text(r.note, Styles.cell)]
                 for r in s.insured]
        rows += [[_unticked(s.insured_roles), _value(""), _value("")]
                 for _row in range(s.insured_blank_rows)]
        out.append(_table(rows, [32 * mm, 70 * mm, self.width - 102 * mm]))
        out.append(Text(s.insured_note, Styles.note.but(space_before=4)))
        return out

    def examples(self) -> list[Flowable]:
        s = self.s
        if not s.examples:
            return []
        out = self.section(5, s.examples_title)
        out.append(Text(s.examples_intro, Styles.body.but(space_after=2)))
        for example in s.examples:
            block: list[Flowable] = [
                Text(example.label, Styles.subsection.but(space_before=6, space_after=0)),
                Text(_("Business type: {types}").format(types=example.business), Styles.note),
            ]
            if example.text:
                block.append(Text(example.text, Styles.body))
            block += [_hanging(step, Styles.body, step[:1]) for step in example.steps]
            if example.court:
                heading, finding, reason = example.court
                block.append(_table([[Text(heading, Styles.label), Text(finding, Styles.cell_bold)],
                                     ["", Text(reason, Styles.cell)]], [26 * mm, self.width - 26 * mm],
                                    header=False, extra=[("SPAN", (0, 0), (0, 1)),
                                                         ("BACKGROUND", (0, 0), (0, -1), TINT)]))
            out.append(KeepTogether(block))
        return out

    def intent(self) -> list[Flowable]:
        s = self.s
        out = self.section(6 if s.examples else 5, _("Confirming your wishes"))
        out.append(self.proposal())
        out.append(Spacer(1, 6))
        out += self.wishes()
        out.append(Spacer(1, 6))
        out += self.contact()
        out += self.exclusions()
        out += self.confirmation()
        out += self.reviewer()
        return out

    def contact(self) -> list[Flowable]:
        """お客様対応履歴: how, where, who, and which documents (with editions) were shown."""
        return [KeepTogether([self.subsection(_("Record of this meeting")),
                              self.fields(self.s.contact)])]

    def exclusions(self) -> list[Flowable]:
        """保険金をお支払いできない主な場合 from the catalogue, or where to read them (the seed has
        none: the record points to the 重要事項説明書 handed over instead of inventing them)."""
        return [KeepTogether([
            self.subsection(_("Main cases where no claim is paid")),
            *[Text(text, Styles.body.but(space_after=2)) for text in self.s.exclusions],
        ])]

    def reviewer(self) -> list[Flowable]:
        """The approval number of this document, the insurer's contact, the dispute-resolution
        body and the agency's authority: from the catalogue and the agent profile, never invented."""
        return [Spacer(1, 6), KeepTogether([
            self.subsection(_("Contacts and the agency's authority")),
            self.fields(self.s.reviewer)])]

    def _items(self) -> Table:
        """Item by item: はい / いいえ, each box ticked only when the record says so."""
        size = Styles.cell.size + 2
        rows: list[Row] = [[Text(_("Confirmed item by item"), Styles.header),
                             Text(_("Yes"), Styles.header), Text(_("No"), Styles.header)]]
        for item in self.s.items:
            rows.append([Text(item.label, Styles.cell),
                         Box(item.answer is True, size, NAVY), Box(item.answer is False, size, NAVY)])
        answer = 18 * mm
        return _table(rows, [self.width - 2 * answer, answer, answer],
                      extra=[("ALIGN", (1, 1), (-1, -1), "CENTER"),
                             ("VALIGN", (0, 1), (-1, -1), "MIDDLE")])

    def proposal(self) -> Flowable:
        """The chosen plan with its reason and the quote beside it (blank lines until recorded)."""
        s = self.s
        label = 42 * mm
        plan = [Text(s.proposal, Styles.cell_bold)] if s.proposal else _unticked(
            [p.full_name for p in s.plans])
        rows: list[Row] = [
            [Text(_("Our proposal"), Styles.header), ""],
            [Text(_("Proposed plan"), Styles.label), plan],
            [Text(_("Why we propose it"), Styles.label), _value(s.proposal_reason, blank_lines=3)],
        ]
        rows += [[Text(f.label, Styles.label), _value(f.value, Styles.large if f.large else Styles.cell)]
                 for f in s.quote]
        return KeepTogether(_table(rows, [label, self.width - label], extra=[
            ("SPAN", (0, 0), (-1, 0)), ("ALIGN", (0, 0), (-1, 0), "LEFT"),
            ("BACKGROUND", (0, 1), (0, -1), TINT)]))

    def wishes(self) -> list[Flowable]:
        """One grid: each event and item wished for, at first and at the end, whether the
        proposed plan covers it, and how any difference was explained."""
        g = self.s.wishes
        mark = Styles.cell.but(align="center", size=10)

        def tick(value: str) -> Flowable:
            return Text(value or UNCHECKED, mark if value else mark.but(color=RULE))

        def explanation(value: str | None) -> Flowable | str:
            if value is None:
                return ""
            return _value(value, blank_lines=2)

        def moment(value: str) -> Flowable:
            return Text(value or _("Year　　Month　　Day　　Hour　　Minute"), Styles.cell)

        heard = Table([[Text(_("Initial wishes heard"), Styles.label), moment(g.initial_heard),
                        Text(_("Final wishes heard"), Styles.label), moment(g.final_heard)]],
                      colWidths=[34 * mm, self.width / 2 - 34 * mm] * 2, style=_plain([
                          ("VALIGN", (0, 0), (-1, -1), "TOP"),
                          ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
        heard.hAlign = "LEFT"
        item, mark_width, plan_width = 50 * mm, 19 * mm, 32 * mm  # 「当初意向」 on one line
        covered = _("Covered by {plan}").format(plan=g.plan) if g.plan else _("Covered by the plan")
        if g.plan and covered.startswith(g.plan):  # 「ワイドプラン／での補償」, never 「ワイドプ／ラン」
            covered = _packed([g.plan, covered[len(g.plan):]], "", plan_width - 2 * (PAD + 1),
                              Styles.header)
        header = [Text(t, Styles.header) for t in (
            _("Item"), _("At first"), _("Final"), covered, _("How the difference was explained"))]
        rows: list[Row] = [header]
        kinds: list[tuple[str, int]] = []
        said = self.width - item - 2 * mark_width - plan_width
        for row in g.rows:
            if not kinds or kinds[-1][0] != row.kind:
                kinds.append((row.kind, len(rows)))
                rows.append([Text(row.kind, Styles.cell_bold), "", "", "", ""])
            parts = _continued(row.explanation, said - 2 * (PAD + 1)) if row.explanation \
                else [explanation(row.explanation)]
            key = row.item.split(". ", 1)[0]  # 「エ」: a continuation's label names its item
            for index, part in enumerate(parts):  # each part with its own label and marks
                label = row.item if index == 0 else _("{item} (continued)").format(item=f"{key}.")
                rows.append([_lettered(label), tick(row.initial), tick(row.final),
                             tick(row.covered), part])
        extra: list[Command] = [("VALIGN", (1, 1), (3, -1), "MIDDLE")]
        for _kind, index in kinds:
            extra += [("SPAN", (0, index), (-1, index)), ("BACKGROUND", (0, index), (-1, index), TINT)]
        out: list[Flowable] = [
            CondPageBreak(60 * mm), self.subsection(_("Your wishes and our proposal")), heard,
            Spacer(1, 4),
            _table(rows, [item, mark_width, mark_width, plan_width, said], extra=extra,
                   rows_fit_a_page=True),
            self.legend(),
        ]
        label = 42 * mm
        other: list[Row] = [[Text(_("Other wishes"), Styles.header), ""]]
        for title, value in ((_("At first"), g.other_initial), (_("Final"), g.other_final),
                             (_("How the difference was explained"), g.other_explanation)):
            if value is None:
                continue
            parts = _continued(value, self.width - label - 2 * (PAD + 1)) if value \
                else [_value(value, blank_lines=2)]
            for index, part in enumerate(parts):
                shown = title if index == 0 else _("{item} (continued)").format(item=title)
                other.append([Text(shown, Styles.label), part])
        if g.other_initial or g.other_final or self.s.draft:
            out += [Spacer(1, 6), KeepTogether(_table(other, [label, self.width - label], extra=[
                ("SPAN", (0, 0), (-1, 0)), ("BACKGROUND", (0, 1), (0, -1), TINT)],
                rows_fit_a_page=True))]
        if g.same:
            out.append(Text(g.same, Styles.body.but(space_before=4)))
        return out

    def _checks(self, checks: tuple[Check, ...]) -> Table:
        size = Styles.cell.size + 2
        rows = [[Box(c.ticked, size, NAVY), Text(c.text, Styles.cell)] for c in checks]
        table = Table(rows, colWidths=[size + 6, self.width - size - 6 - 2 * (PAD + 1)],
                      style=_plain([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                    ("TOPPADDING", (0, 0), (-1, -1), 1),
                                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
        table.hAlign = "LEFT"
        return table

    def confirmation(self) -> list[Flowable]:
        """The disclaimer first (it asks to be read before signing), then the confirmations,
        then the customer's and the agent's signatures side by side — all on one page."""
        s = self.s
        disclaimer = Table([[Text(s.disclaimer, Styles.note)]], colWidths=[self.width], style=_plain([
            ("BOX", (0, 0), (-1, -1), 0.5, RULE), ("LEFTPADDING", (0, 0), (-1, -1), 6),
            ("RIGHTPADDING", (0, 0), (-1, -1), 6), ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
        checks: list[Flowable] = [self._checks(s.confirmations), Spacer(1, 4), self._items()]
        if s.tick_by_hand:
            checks.append(Text(s.tick_by_hand, Styles.note.but(space_before=3)))
        blank_date = _("Year　　　Month　　　Day")
        half = self.width / 2
        label = 30 * mm

        def signer(title: str, lines: list[tuple[str, Flowable]]) -> Table:
            rows = [[Text(title, Styles.header), ""]] + [[Text(k, Styles.label), v] for k, v in lines]
            return _table(rows, [label, half - label - 3], extra=[
                ("SPAN", (0, 0), (-1, 0)), ("BACKGROUND", (0, 1), (0, -1), TINT),
                ("VALIGN", (0, 1), (0, -1), "MIDDLE")])

        def signature(mark: SignatureMark | None) -> Flowable:
            if mark is None:
                return Seal(SEAL, _("seal mark"), RULE)
            return SignatureDrawing(mark.strokes, mark.caption, SEAL, INK)

        customer = signer(_("Customer"), [
            (_("Date confirmed"), Text(s.confirmed_on or blank_date, Styles.cell)),
            (_("Confirmed by"), _value(s.confirmed_by)),
            (_("Signature or seal"), signature(s.customer_signature)),
        ])
        agent = signer(_("Agent"), [
            *[(f.label, _value(f.value)) for f in s.agent],
            (_("Date"), Text(s.agent_date or blank_date, Styles.cell)),
            (_("Signature or seal"), signature(s.agent_signature)),
        ])
        signatures = Table([[customer, agent]], colWidths=[half, half], style=_plain([
            ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (0, 0), 3), ("LEFTPADDING", (1, 0), (1, 0), 3),
            ("RIGHTPADDING", (1, 0), (1, 0), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
        signatures.hAlign = "LEFT"
        return [KeepTogether([
            self.subsection(_("{document}: handed over and confirmed").format(
                document=s.disclosure_document)), disclaimer, Spacer(1, 6),
            *checks, Spacer(1, 4),
            *([Text(s.agent_statement, Styles.note.but(space_after=4))] if s.agent_statement
              else []),
            signatures,
        ])]
