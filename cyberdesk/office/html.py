"""The report as one self-contained web page: inline CSS and inline SVG bar charts, no script,
no font or image from anywhere else, so a manager can open it from a mail or a share offline."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from html import escape
from pathlib import Path

from cyberdesk.clock import now
from cyberdesk.files.atomic import write_bytes_atomic
from cyberdesk.i18n import _
from cyberdesk.office.record import exception_labels, jst
from cyberdesk.office.report import Report
from cyberdesk.office.review import state_label

BAR_HEIGHT = 22
MIN_LABEL_WIDTH = 120
BAR_SPACE = 330  # the longest bar
COLOURS = ("#2f6db5", "#e07b39", "#3a9d5d", "#b23b3b", "#7d5ba6", "#8c6d31")

STYLE = """
body { font-family: "BIZ UDPGothic", "Yu Gothic", "Hiragino Sans", "Noto Sans CJK JP", sans-serif;
       margin: 24px 32px; color: #222; background: #fff; }
h1 { font-size: 22px; margin-bottom: 4px; } h2 { font-size: 17px; margin-top: 28px;
     border-bottom: 2px solid #2f6db5; padding-bottom: 4px; }
.meta { color: #666; font-size: 13px; }
.tiles { display: flex; flex-wrap: wrap; gap: 16px; margin: 16px 0; }
.tile { border: 1px solid #ccd; border-radius: 6px; padding: 10px 16px; min-width: 140px; }
.tile b { display: block; font-size: 26px; } .tile.alert b { color: #b23b3b; }
.charts { display: flex; flex-wrap: wrap; gap: 8px 40px; }
svg { overflow: visible; }
table { border-collapse: collapse; font-size: 13px; margin-top: 8px; }
th, td { border: 1px solid #ccd; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #eef2f8; } td.n { text-align: right; }
svg text { font-size: 12px; fill: #222; }
"""


def text_width(text: str) -> int:
    """About how wide `text` is at the charts' 12px: full-width characters 12px, others 7px (the
    label column is as wide as its longest label, so no label is cut off)."""
    return sum(12 if unicodedata.east_asian_width(ch) in "WFA" else 7 for ch in text)


def bar_chart(title: str, counts: Counter[str], colour: str = COLOURS[0]) -> str:
    """Horizontal bars in the order given (fixed: time, code or catalogue order), each labelled
    with its count; as wide as the longest label needs."""
    items = list(counts.items())
    if not items:
        return f"<figure><figcaption>{escape(title)}</figcaption>{_none()}</figure>"
    top = max(count for _label, count in items)
    label_width = max(MIN_LABEL_WIDTH, max(text_width(str(label)) for label, _c in items) + 12)
    width = label_width + BAR_SPACE + 50
    height = BAR_HEIGHT * len(items) + 8
    bars = []
    for index, (label, count) in enumerate(items):
        y = 4 + index * BAR_HEIGHT
        bar = max(2, round(BAR_SPACE * count / top))
        bars.append(
            f'<text x="{label_width - 6}" y="{y + 15}" text-anchor="end">{escape(str(label))}</text>'
            f'<rect x="{label_width}" y="{y + 3}" width="{bar}" height="{BAR_HEIGHT - 6}" '
            f'fill="{colour}"><title>{escape(str(label))}: {count}</title></rect>'
            f'<text x="{label_width + bar + 6}" y="{y + 15}">{count}</text>')
    return (f'<figure><figcaption><b>{escape(title)}</b></figcaption>'
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'role="img" aria-label="{escape(title)}">{"".join(bars)}</svg></figure>')


def table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    body = "".join(
        "<tr>" + "".join(f'<td class="n">{cell}</td>' if isinstance(cell, int)
                         else f"<td>{escape(str(cell))}</td>" for cell in row) + "</tr>"
        for row in rows)
    if not body:
        return _none()
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _none() -> str:
    return "<p>" + escape(_("none")) + "</p>"


def _h2(text: str) -> str:
    return f"<h2>{escape(text)}</h2>"


def _tile(label: str, value: int, alert: bool = False) -> str:
    css = "tile alert" if alert and value else "tile"
    return f'<div class="{css}">{escape(label)}<b>{value}</b></div>'


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"


def page(report: Report) -> str:

    title = _("CyberDesk head office report")
    since = (_("interviews dated on or after {date}").format(date=report.since.isoformat())
             if report.since else _("all interviews"))
    made = _("made {time}").format(time=jst(now().isoformat()) + " JST")
    months = report.months
    sections = [
        f"<h1>{escape(title)}</h1>",
        '<p class="meta">' + escape(since + " · " + made) + "</p>",
        '<div class="tiles">',
        _tile(_("current interviews"), len(report.current)),
        _tile(_("compliance exceptions"), len(report.exceptions), alert=True),
        _tile(_("not reviewed"), report.review_states["unreviewed"], alert=True),
        _tile(_("imported from a file"), len(report.imported), alert=True),
        _tile(_("quarantined bundles"), len(report.quarantined), alert=True),
        _tile(_("later revisions"), len(report.revisions)),
        _tile(_("waiting for an earlier revision"), len(report.waiting), alert=True),
        _tile(_("revisions not finalized"), len(report.open_revisions), alert=True),
        "</div>",
        _h2(_("Review")),
        table([_("review"), _("interviews")],
              [(state_label(state), count) for state, count in report.review_states.items()]),
        _h2(_("Waiting for a decision (longest first)")),
        table([_("document"), _("agency"), _("agent"), _("company"), _("review"), _("received"),
               _("days waiting")],
              [(c.row["document_number"], c.row["agency_code"], c.row["agent_name"],
                c.row["company_name"], state_label(c.row["review_state"]),
                jst(c.row["received_at"]), days) for c, days in report.awaiting]),
        _h2(_("Compliance exceptions to chase")),
        table([_("document"), _("agency"), _("agent"), _("company"), _("interview date"),
               _("what is missing"), _("imported from a file"), _("review")],
              [(c.row["document_number"], c.row["agency_code"], c.row["agent_name"],
                c.row["company_name"], c.row["interview_date"].isoformat(),
                "; ".join(exception_labels(";".join(c.exceptions))),
                _("yes") if c.row["wishes_before_plans"] is None else "",
                state_label(c.row["review_state"])) for c in report.exceptions]),
        _h2(_("Imported from a file (no wizard trail: the order of wishes and plans is not "
              "checked)")),
        table([_("document"), _("agency"), _("agent"), _("company"), _("interview date")],
              [(c.row["document_number"], c.row["agency_code"], c.row["agent_name"],
                c.row["company_name"], c.row["interview_date"].isoformat())
               for c in report.imported]),
        _h2(_("Quarantined bundles")),
        table([_("bundle"), _("quarantined"), _("reasons")],
              [(q.name, q.moved_at.replace("T", " ")[:16], "; ".join(q.reasons))
               for q in report.quarantined]),
        _h2(_("Revisions started but never finalized")),
        table([_("document"), _("agency"), _("agent"), _("company"), _("revision"), _("reason"),
               _("started")],
              [(held["document_number"] if held else notice["lineage_id"],
                held["agency_code"] if held else "", held["agent_name"] if held else "",
                held["company_name"] if held else "", notice["revision"], notice["reason"],
                jst(notice["started_at"])) for notice, held in report.open_revisions]),
        _h2(_("Interviews")),
        '<div class="charts">',
        bar_chart(_("by month"), report.by_month, COLOURS[0]),
        bar_chart(_("by agency"), report.by_agency, COLOURS[1]),
        bar_chart(_("plan mix"), report.plans, COLOURS[2]),
        bar_chart(_("business types"), report.business_types, COLOURS[4]),
        "</div>",
        _h2(_("By agency and month")),
        table([_("agency"), *months, _("total")],
              [(agency, *(counts.get(m, 0) for m in months), sum(counts.values()))
               for agency, counts in report.agency_month.items()]),
        _h2(_("By agent")),
        table([_("agency"), _("agent"), _("interviews"), _("with exceptions"), _("exception rate")],
              [(agency, agent, total, flagged, _percent(flagged, total))
               for agency, agent, total, flagged in report.agent_rates]),
        _h2(_("Revisions and their reasons")),
        table([_("document"), _("company"), _("revision"), _("reason"), _("current")],
              [(r["document_number"], r["company_name"], r["revision"], r["revision_reason"],
                _("yes") if r["current"] else _("no")) for r in report.revisions]),
        _h2(_("Revisions waiting for an earlier revision")),
        table([_("agency"), _("agent"), _("company"), _("revision"), _("first seen")],
              [(w["agency_code"], w["agent_name"], w["company_name"], w["revision"],
                jst(w["first_seen"])) for w in report.waiting]),
    ]
    body = "\n".join(sections)
    return (f'<!DOCTYPE html>\n<html lang="ja"><head><meta charset="utf-8">'
            f"<title>{escape(title)}</title><style>{STYLE}</style></head>\n<body>\n{body}\n"
            f"</body></html>\n")


def write_html(report: Report, path: Path) -> None:
    """The page, written atomically (the report knows nothing of how it is drawn)."""
    write_bytes_atomic(path, page(report).encode("utf-8"))
