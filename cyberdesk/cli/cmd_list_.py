"""`cyberdesk list`: the stored interviews."""

from __future__ import annotations

import argparse

from cyberdesk.catalogue import plan_name
from cyberdesk.cli.common import open_store, say, say_json, say_row
from cyberdesk.i18n import _
from cyberdesk.model.interview import Status


def register(parser: argparse.ArgumentParser) -> None:
    parser.description = _("List the stored interviews, newest first.")
    parser.add_argument("--json", action="store_true", help=_("print JSON for other programs"))
    parser.add_argument("--status", choices=tuple(status.value for status in Status),
                        help=_("only interviews in this state"))
    parser.add_argument("--trash", action="store_true", help=_("list the trash instead"))
    parser.set_defaults(run=run)


def run(args) -> int:
    # lazy: only when this command runs
    from cyberdesk.services.decisions import all_decisions

    with open_store() as store:
        rows = store.summaries(status=Status(args.status) if args.status else None,
                               trashed=args.trash)
        decided = all_decisions(store)
    if args.json:
        say_json([
            {"id": r.id, "lineage_id": r.lineage_id, "revision": r.revision,
             "status": r.status.value, "company_name": r.company_name,
             "interview_date": r.interview_date.isoformat(), "plan": r.plan,
             "updated_at": r.updated_at,
             "review_state": decided[r.id].state if r.id in decided else None,
             "review_note": decided[r.id].note if r.id in decided else None}
            for r in rows])
        return 0
    if not rows:
        say(_("The trash is empty.") if args.trash else _("No interviews are stored yet."))
        return 0
    say_row((_("ID"), _("Interview date"), _("Status"), _("Revision"), _("Plan"), _("Company name")))
    for r in rows:
        plan = plan_name(r.catalogue_id, r.catalogue_version, r.plan) if r.plan else "-"
        say_row((r.id, r.interview_date.isoformat(), _status(r, decided.get(r.id)),
                 f"r{r.revision}", plan, r.company_name))
    return 0


def _status(row, decision) -> str:
    """The status, or head office's decision once there is one (差戻し with its reason)."""
    if decision is None:
        return row.status.label
    if decision.note:
        return f"{decision.label}: {decision.note}"
    return decision.label
