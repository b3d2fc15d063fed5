"""One revision as the review desk shows it, built without Qt: the facts beside the PDF, the audit
trail as a timeline, and the checks head office can make from its database alone (the members
against the manifest, the audit chain, the signer's key in the register).

Times are shown in Japan time (JST), as everything a person reads.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from cyberdesk.clock import JST
from cyberdesk.i18n import N_, _
from cyberdesk.model.document import from_document
from cyberdesk.office.compliance import LABELS
from cyberdesk.office.report import category_label, plan_label
from cyberdesk.trust import audit

# Audit events as a reviewer reads them.
EVENT_LABELS = {
    "created": N_("interview started"),
    "step_shown": N_("wizard step shown"),
    "initial_wishes_recorded": N_("initial wishes (意向把握) recorded"),
    "plans_shown": N_("plans shown"),
    "plan_chosen": N_("plan chosen"),
    "final_wishes_recorded": N_("final wishes (意向確認) recorded"),
    "printed": N_("printed"),
    "finalized": N_("finalized"),
    "revised": N_("revision started"),
    "exported": N_("exported"),
    "synced": N_("sent to head office"),
    "receipt": N_("receipt from head office"),
    "purged": N_("purged"),
}


def jst(moment: str | None) -> str:
    """An ISO 8601 time as `2026-12-01 09:30` in Japan time (empty when there is none)."""
    if not moment:
        return ""
    try:
        return datetime.fromisoformat(moment).astimezone(JST).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return moment


def exception_labels(codes: str) -> list[str]:
    return [_(LABELS.get(code, code)) for code in codes.split(";") if code]


@dataclass(frozen=True)
class Check:
    label: str
    ok: bool
    detail: str


def facts(row: dict[str, Any]) -> list[tuple[str, str]]:
    """What a reviewer compares with the PDF: who, for whom, what was chosen and confirmed."""
    iv = from_document(json.loads(row["document"]))
    customer, confirmation, quote = iv.customer, iv.confirmation, iv.quote

    def yes(value: bool) -> str:
        return _("yes") if value else _("no")

    def number(value: int | None, unit: str = "") -> str:
        return "" if value is None else f"{value:,}{unit}"

    return [
        (_("document"), row["document_number"]),
        (_("revision"), str(row["revision"])),
        (_("revision reason"), row["revision_reason"]),
        (_("agency"), f"{row['agency_code']} {row['agency_name']}".strip()),
        (_("agent"), row["agent_name"]),
        (_("company"), customer.company_name),
        (_("kana"), customer.company_kana),
        (_("representative"), f"{customer.representative_title} {customer.representative_name}"
         .strip()),
        (_("interview date"), iv.interview_date.isoformat()),
        (_("business types"), "、".join(category_label(iv, n) for n in iv.business_categories)),
        (_("annual sales (thousand yen)"), number(customer.annual_sales)),
        (_("employees"), number(customer.employees)),
        (_("plan"), plan_label(iv)),
        (_("proposal reason"), iv.proposal_reason),
        (_("quote number"), quote.number),
        (_("annual premium (yen)"), number(quote.annual_premium)),
        (_("insurance period"), period(quote.period_start, quote.period_end)),
        (_("重要事項説明書 handed over"), yes(confirmation.disclosure_handed_over)),
        (_("重要事項説明書 explained"), yes(confirmation.disclosure_explained)),
        (_("confirmed by"), confirmation.confirmed_by),
        (_("confirmed on"), confirmation.confirmed_on.isoformat() if confirmation.confirmed_on
         else ""),
        (_("compliance exceptions"), "; ".join(exception_labels(row["exceptions"])) or _("none")),
        (_("made outside the wizard"), yes(row["wishes_before_plans"] is None)),
        (_("finalized"), jst(row["finalized_at"])),
        (_("received"), jst(row["received_at"])),
    ]


def period(start: date | None, end: date | None) -> str:
    if start is None and end is None:
        return ""
    return f"{start.isoformat() if start else ''}〜{end.isoformat() if end else ''}"


def timeline(row: dict[str, Any]) -> list[tuple[str, str, str]]:
    """The audit trail, one (JST time, what happened, fields) per event; empty without one."""
    if not row.get("audit"):
        return []
    try:
        events = json.loads(row["audit"])["events"]
    except (ValueError, KeyError, TypeError):
        return []
    return [(jst(event.get("at")), _label(str(event.get("event", "?"))),
             ", ".join(event.get("fields") or [])) for event in events if isinstance(event, dict)]


def _label(event: str) -> str:
    return _(EVENT_LABELS[event]) if event in EVENT_LABELS else event


def checks(row: dict[str, Any], pdf: bytes | None, keys: list[dict[str, Any]]) -> list[Check]:
    """What head office can check again from what it stored: each member's SHA-256 against the
    manifest, the audit trail's hash chain, and the signer's key in the register."""
    found: list[Check] = []
    try:
        members = json.loads(row["manifest"])["members"]
    except (ValueError, KeyError, TypeError):
        members = {}
    stored = {"interview.json": row["document"].encode("utf-8"), "summary.pdf": pdf,
              "audit.json": row["audit"].encode("utf-8") if row.get("audit") else None}
    for name, data in stored.items():
        listed = (members.get(name) or {}).get("sha256")
        ok = data is not None and listed == hashlib.sha256(data).hexdigest()
        found.append(Check(_("{member} matches the manifest").format(member=name), ok,
                           (listed or "")[:16]))
    if row.get("audit"):
        try:
            events = audit.parse(row["audit"].encode("utf-8"), row["id"])
            found.append(Check(_("audit trail chain"), True,
                               _("{count} events, intact").format(count=len(events))))
        except ValueError as error:
            found.append(Check(_("audit trail chain"), False, str(error)))
    else:
        found.append(Check(_("audit trail chain"), False, _("no audit trail")))
    key = next((k for k in keys if k["fingerprint"] == row.get("signer")), None)
    if key is None:
        found.append(Check(_("signed by a registered laptop key"), False,
                           row.get("signer") or _("unsigned")))
    else:
        ok = key["agency_code"] == row["agency_code"]
        detail = f"{key['fingerprint']} ({key['agency_code']} {key['agent_name']})"
        if key["revoked_at"]:
            detail += " " + _("revoked {time}").format(time=jst(key["revoked_at"]))
        found.append(Check(_("signed by a registered laptop key"), ok, detail))
    return found
