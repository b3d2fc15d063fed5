"""Typesetting the coverage summary: A4 portrait, the bundled font only, tables that split
across pages with their header repeated, "n/N" on every page.

`Renderer` turns the plain rows of `content.Summary` into platypus flowables; each section is
one small method, so a later document (a renewal notice) can reuse the frame and the styles.
"""

from __future__ import annotations

import io

from reportlab.lib.colors import HexColor, white
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
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

from cyberdesk.services.pdf.content import Field, Summary, Wishes
from cyberdesk.services.pdf.flowables import NumberedCanvas, Seal, Style, Text, WriteIn
from cyberdesk.services.pdf.fonts import BOLD, REGULAR, register_fonts
from cyberdesk.services.pdf.japanese import _

NAVY = HexColor("#1F3A5F")
INK = HexColor("#1A1A1A")
MUTED = HexColor("#5A6270")
RULE = HexColor("#9AA5B1")
TINT = HexColor("#EEF2F7")
CHOSEN = HexColor("#FFF3D1")
CHECKED, UNCHECKED = "■", "□"
MARGIN_X = 17 * mm
MARGIN_TOP = 18 * mm
MARGIN_BOTTOM = 18 * mm
PAD = 3.5
TALL_ROW = 400  # characters: a narrow column with more may outgrow a page


class Styles:
    """Every text style of the summary; all in the bundled font (never reportlab's Helvetica)."""

    body = Style(size=9, leading=14.5, color=INK)
    small = Style(size=7.5, leading=11.5, color=MUTED)
    cell = Style(size=8.5, leading=13, color=INK)
    cell_bold = cell.but(font=BOLD)
    label = Style(font=BOLD, size=8.5, leading=13, color=NAVY)
    header = Style(font=BOLD, size=8.5, leading=13, color=white, align="center")
    title = Style(font=BOLD, size=21, leading=30, color=NAVY, align="center")
    subtitle = Style(size=9.5, leading=15, color=MUTED, align="center", space_after=6)
    section = Style(font=BOLD, size=11, leading=16, color=white)
    subsection = Style(font=BOLD, size=10, leading=15, color=NAVY, space_before=8, space_after=3)
    addressee = Style(font=BOLD, size=13, leading=19, color=INK)
    meta = Style(size=8.5, leading=13, color=INK, align="right")


def _plain(commands: list[tuple]) -> TableStyle:
    """A table style whose own font is ours too: the default is Helvetica, which is never embedded."""
    return TableStyle([("FONT", (0, 0), (-1, -1), REGULAR, 8.5), *commands])


def _grid(extra: list[tuple] | None = None, header: bool = True) -> TableStyle:
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD + 1),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD + 1),
        ("TOPPADDING", (0, 0), (-1, -1), PAD),
        ("BOTTOMPADDING", (0, 0), (-1, -1), PAD),
    ]
    if header:
        commands += [("BACKGROUND", (0, 0), (-1, 0), NAVY), ("VALIGN", (0, 0), (-1, 0), "MIDDLE")]
    return _plain(commands + (extra or []))


def _table(rows: list[list], widths: list[float], header: bool = True,
           extra: list[tuple] | None = None) -> Table:
    """A ruled table that splits across pages with its header row repeated on each."""
    # Each cell as a list: platypus splits a row inside lists of flowables, not bare ones.
    cells = [[[cell] if isinstance(cell, Flowable) else cell for cell in row] for row in rows]
    # Rows stay whole across a page break, unless one may be too tall for a page: then the
    # table fills each page and splits inside that row (splitting between rows first would
    # leave a half-empty page and a second header under the first).
    tall = any(_length(cell) > TALL_ROW for row in cells for cell in row)
    table = Table(cells, colWidths=widths, repeatRows=1 if header else 0, splitByRow=int(not tall),
                  splitInRow=int(tall), style=_grid(extra, header))
    table.hAlign = "LEFT"
    return table


def _length(cell) -> int:
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


def _boxes(choices: list[tuple[bool, str]], style: Style = Styles.cell) -> list[Flowable]:
    return [_hanging(f"{CHECKED if ticked else UNCHECKED} {text}", style,
                     f"{CHECKED if ticked else UNCHECKED} ") for ticked, text in choices]


def _lettered(text: str, style: Style = Styles.cell) -> Text:
    """「ア. 他人の…」 with its wrapped lines under the text, not under the letter."""
    return _hanging(text, style, text[:text.find(". ") + 2] if ". " in text[:4] else "")


def _headings_kept_with_blocks(story: list[Flowable]) -> list[Flowable]:
    """platypus' keepWithNext ignores a following KeepTogether: put the heading inside it."""
    out: list[Flowable] = []
    for flowable in story:
        if isinstance(flowable, KeepTogether) and out and getattr(out[-1], "keepWithNext", 0):
            flowable = KeepTogether([out.pop(), *flowable._content])
        out.append(flowable)
    return out


class Renderer:
    """Lays out one `Summary`; `render()` returns the PDF bytes."""

    def __init__(self, summary: Summary) -> None:
        self.s = summary
        self.width = A4[0] - 2 * MARGIN_X

    # -- page furniture --------------------------------------------------------------------
    def _on_page(self, canvas, doc) -> None:
        canvas.saveState()
        canvas.setStrokeColor(NAVY)
        canvas.setLineWidth(0.6)
        if doc.page > 1:
            canvas.setFont(REGULAR, 7.5)
            canvas.setFillColor(MUTED)
            top = A4[1] - 11 * mm
            canvas.drawString(MARGIN_X, top, _("Coverage summary"))
            canvas.drawRightString(A4[0] - MARGIN_X, top, self.s.document_number)
            canvas.line(MARGIN_X, top - 2.5 * mm, A4[0] - MARGIN_X, top - 2.5 * mm)
        bottom = 14 * mm
        canvas.line(MARGIN_X, bottom, A4[0] - MARGIN_X, bottom)
        canvas.setFont(REGULAR, 7.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN_X, bottom - 4 * mm, self.s.product)
        canvas.drawRightString(A4[0] - MARGIN_X, bottom - 4 * mm, self.s.document_number)
        canvas.restoreState()

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
        self._document(out).build(self.story(), canvasmaker=NumberedCanvas)
        return out.getvalue()

    # -- the story -----------------------------------------------------------------------
    def story(self) -> list[Flowable]:
        return _headings_kept_with_blocks([
            *self.opening(), *self.customer(), *self.business(), *self.coverage(),
            *self.insured(), *self.examples(), *self.intent(), *self.closing(),
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
        greeting = Text(_("Thank you for considering this insurance. This document sums up the wishes "
                          "you told us and the coverage we propose. Please check it, and sign the "
                          "confirmation at the end."), Styles.body.but(space_before=6))
        agency = self.fields(s.agency, label_width=25 * mm, width=86 * mm)
        head = Table([[[*to, greeting], agency]], colWidths=[self.width - 86 * mm, 86 * mm],
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

    def business(self) -> list[Flowable]:
        s = self.s
        out = self.section(2, _("Your IT business (insured business types)"))
        if not s.business:
            out.append(Text(_("Tick every type of business your company performs."), Styles.body))
            half = (len(s.business_choices) + 1) // 2
            left, right = s.business_choices[:half], s.business_choices[half:]
            rows = [[Text(f"{UNCHECKED} {a}", Styles.cell), Text(f"{UNCHECKED} {b}", Styles.cell)
                     if b else ""] for a, b in zip(left, [*right, ""], strict=False)]
            out.append(_table(rows, [self.width / 2] * 2, header=False))
            out.append(Text(_("For the last type, describe the business (it is written on the "
                              "policy):"), Styles.body.but(space_before=6)))
            out.append(WriteIn(2, color=RULE))
            return out
        rows: list[list] = [[Text(_("No."), Styles.header), Text(_("Business type"), Styles.header),
                             Text(_("Description"), Styles.header)]]
        for row in s.business:
            description: list[Flowable] = [Text(row.description, Styles.cell)]
            if row.own_words is not None:
                description += [Text(_("Your business, as written on the policy:"),
                                     Styles.label.but(space_before=4)), _value(row.own_words, blank_lines=2)]
            rows.append([Text(row.symbol, Styles.cell.but(align="center")), Text(row.name, Styles.cell_bold),
                         description])
        out.append(_table(rows, [12 * mm, 46 * mm, self.width - 58 * mm]))
        return out

    def coverage(self) -> list[Flowable]:
        s = self.s
        out = self.section(3, _("What is covered"))
        rows: list[list] = [[Text(s.liability_group, Styles.header), ""],
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
            *self.plan_comparison(), Text(s.expense_note, Styles.small.but(space_before=4)),
        ]))
        return out

    def plan_comparison(self) -> list[Flowable]:
        s = self.s
        chosen = s.chosen_plan
        plan_width = min(30 * mm, (self.width - 70 * mm) / len(s.plans))
        name_width = self.width - plan_width * len(s.plans)
        header: list = [Text(_("Expenses covered ({group})").format(group=s.expense_group), Styles.header)]
        for plan in s.plans:
            mark = "" if chosen else f"{UNCHECKED} "
            cell = [Text(f"{mark}{plan.full_name}", Styles.header)]
            if plan.chosen:
                cell.append(Text(_("(proposed)"), Styles.header))
            header.append(cell)
        rows = [header]
        for item in s.expense_rows:
            rows.append([Text(f"{item.key}. {item.name}", Styles.cell)] + [
                Text("✓" if covered else "—", Styles.cell_bold.but(align="center", size=10, color=NAVY)
                     if covered
                     else Styles.cell.but(align="center", color=MUTED))
                for covered in item.covered])
        rows.append([Text(_("Period for measures"), Styles.cell_bold)]
                    + [Text(p.measure_period, Styles.cell_bold.but(align="center")) for p in s.plans])
        extra = [("BACKGROUND", (0, len(rows) - 1), (-1, len(rows) - 1), TINT)]
        for column, plan in enumerate(s.plans, start=1):
            if plan.chosen:
                extra += [("BACKGROUND", (column, 1), (column, -1), CHOSEN),
                          ("BOX", (column, 0), (column, -1), 1.5, NAVY)]
        table = _table(rows, [name_width] + [plan_width] * len(s.plans), extra=extra)
        if chosen:
            items = "、".join(f"{r.key}. {r.name}" for r, on in zip(
                s.expense_rows, [r.covered[s.plans.index(chosen)] for r in s.expense_rows],
                strict=True) if on)
            text = _("Proposed: {plan} — expenses covered: {items}; period for measures: {period}.") \
                .format(plan=chosen.full_name, items=items, period=chosen.measure_period)
        else:
            text = _("Proposed plan (tick one): {plans}").format(
                plans="　".join(f"{UNCHECKED} {p.full_name}" for p in s.plans))
        lead = Table([[Text(text, Styles.body.but(font=BOLD))]], colWidths=[self.width], style=_plain([
            ("BACKGROUND", (0, 0), (-1, -1), CHOSEN), ("LINEBEFORE", (0, 0), (0, -1), 3, NAVY),
            ("LEFTPADDING", (0, 0), (-1, -1), 8), ("RIGHTPADDING", (0, 0), (-1, -1), 8),
            ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
        lead.spaceAfter = 5
        return [lead, table]

    def insured(self) -> list[Flowable]:
        s = self.s
        out = self.section(4, s.insured_title)
        rows: list[list] = [[Text(_("Role"), Styles.header), Text(_("Name"), Styles.header),
                             Text(_("Notes"), Styles.header)]]
        rows += [[Text(r.role, Styles.cell_bold), _value(r.name), Text(r.note, Styles.cell)]
                 for r in s.insured]
        rows += [[_boxes([(False, role) for role in s.insured_roles]), _value(""), _value("")]
                 for _row in range(s.insured_blank_rows)]
        out.append(_table(rows, [32 * mm, 70 * mm, self.width - 102 * mm]))
        out.append(Text(s.insured_note, Styles.small.but(space_before=4)))
        return out

    def examples(self) -> list[Flowable]:
        s = self.s
        if not s.examples:
            return []
        out = self.section(5, s.examples_title)
        out.append(Text(_("Examples of claims in the business types you chose:"), Styles.body.but(
            space_after=2)))
        for example in s.examples:
            block: list[Flowable] = [
                Text(example.label, Styles.subsection.but(space_before=6, space_after=0)),
                Text(_("Business type: {types}").format(types=example.business), Styles.small),
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

    def wishes(self, title: str, wishes: Wishes) -> list[list]:
        s = self.s
        caption = title if not wishes.captured else _("{title} (heard {moment})").format(
            title=title, moment=wishes.captured)
        rows: list[list] = [[Text(caption, Styles.header), ""]]
        if wishes.answered:
            liability = [_lettered(t) for t in wishes.liability] or [Text(_("None"), Styles.cell)]
            expense = [_lettered(t) for t in wishes.expense] or [Text(_("None"), Styles.cell)]
        else:
            liability = [Text("　".join(f"{UNCHECKED} {key}" for key, _t in s.liability_events), Styles.cell)]
            expense = [Text("　".join(f"{UNCHECKED} {r.key}" for r in s.expense_rows), Styles.cell)]
        rows += [
            [Text(_("Liability claims to be covered"), Styles.label), liability],
            [Text(_("Expenses to be covered"), Styles.label), expense],
            [Text(_("Other wishes"), Styles.label), _value(wishes.other, blank_lines=2)
             if not wishes.answered or wishes.other else Text(_("None"), Styles.cell)],
        ]
        return rows

    def intent(self) -> list[Flowable]:
        s = self.s
        out = self.section(6 if s.examples else 5, _("Confirming your wishes"))
        label = 42 * mm
        widths = [label, self.width - label]
        span = [("SPAN", (0, 0), (-1, 0)), ("ALIGN", (0, 0), (-1, 0), "LEFT"),
                ("BACKGROUND", (0, 1), (0, -1), TINT)]
        out.append(KeepTogether(_table(self.wishes(_("Your wishes at first"), s.initial), widths,
                                       extra=span)))
        out.append(Spacer(1, 6))
        proposal = _boxes([(False, p.full_name) for p in s.plans]) if not s.proposal else \
            [Text(s.proposal, Styles.cell_bold)]
        out.append(KeepTogether(_table([
            [Text(_("Our proposal"), Styles.header), ""],
            [Text(_("Proposed plan"), Styles.label), proposal],
            [Text(_("Why we propose it"), Styles.label), _value(s.proposal_reason, blank_lines=3)],
        ], widths, extra=span)))
        out.append(Spacer(1, 6))
        out.append(KeepTogether(_table(self.wishes(_("Your final wishes"), s.final), widths,
                                       extra=span)))
        out.append(Spacer(1, 6))
        out += self.differences()
        out.append(Spacer(1, 6))
        out += self.confirmation()
        return out

    def differences(self) -> list[Flowable]:
        s = self.s
        header = [Text(_("Differences from your first wishes"), Styles.header),
                  Text(_("How we explained them"), Styles.header)]
        widths = [self.width * 0.45, self.width * 0.55]
        if s.differences is None:
            rows = [header] + [[_value(""), _value("")] for _row in range(2)]
        elif not s.differences:
            rows = [header, [Text(_("Your final wishes are the same as your first wishes."), Styles.cell),
                             ""]]
            return [_table(rows, widths, extra=[("SPAN", (0, 1), (-1, 1))])]
        else:
            rows = [header] + [[Text(d.difference, Styles.cell), _value(d.explanation, blank_lines=2)]
                               for d in s.differences]
        return [_table(rows, widths)]

    def confirmation(self) -> list[Flowable]:
        s = self.s
        checks = _boxes(list(s.disclosure))
        date = s.confirmed_on or _("Year　　　Month　　　Day")
        rows = [
            [Text(_("Key-facts document and confirmation"), Styles.header), ""],
            [checks, ""],
            [Text(_("Date confirmed"), Styles.label), Text(date, Styles.cell)],
            [Text(_("Confirmed by"), Styles.label), _value(s.confirmed_by)],
            [Text(_("Signature or seal"), Styles.label), Seal(16 * mm, _("seal mark"), RULE)],
        ]
        label = 42 * mm
        table = _table(rows, [label, self.width - label], extra=[
            ("SPAN", (0, 0), (-1, 0)), ("SPAN", (0, 1), (-1, 1)),
            ("BACKGROUND", (0, 2), (0, -1), TINT), ("VALIGN", (0, 2), (0, -1), "MIDDLE")])
        return [KeepTogether([table])]

    def closing(self) -> list[Flowable]:
        notice = Text(_("This document is a summary of the coverage. The details are set out in the "
                        "policy conditions and riders and in the key-facts document (contract summary "
                        "and important notices); where they differ from this summary, they prevail. "
                        "Please read the key-facts document before you sign."), Styles.small)
        box = Table([[notice]], colWidths=[self.width], style=_plain([
            ("BOX", (0, 0), (-1, -1), 0.5, RULE), ("LEFTPADDING", (0, 0), (-1, -1), 6),
            ("RIGHTPADDING", (0, 0), (-1, -1), 6), ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
        return [Spacer(1, 10), KeepTogether([box, Text(self.s.catalogue, Styles.small.but(
            align="right", space_before=3))])]
