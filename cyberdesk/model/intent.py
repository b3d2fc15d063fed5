"""Comparing the customer's wishes with the proposal (保険業法 294条の2).

The plan step points out wished items that only some plans cover; the confirmation step lists
every difference between the initial wishes, the final wishes and the chosen plan, each of which
the agent must explain before the interview can be finalized.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cyberdesk.catalogue import Catalogue, Plan
from cyberdesk.i18n import N_, _
from cyberdesk.model.interview import Interview


@dataclass(frozen=True)
class Difference:
    """A difference between the first and the final wishes, to be explained."""

    key: str  # stable, stored with its explanation: "expense.not_covered.キ"
    text: str


def plan_hints(wished_items: list[str], catalogue: Catalogue) -> dict[str, tuple[Plan, ...]]:
    """For each wished expense item that not every plan covers: the plans that do cover it."""
    hints = {}
    for key in wished_items:
        covering = catalogue.plans_covering(key)
        if len(covering) < len(catalogue.plans):
            hints[key] = covering
    return hints


def _event_label(catalogue: Catalogue, key: str) -> str:
    event = catalogue.liability_event(key)
    return f"{key}. {event.text}" if event else key


def _item_label(catalogue: Catalogue, key: str) -> str:
    item = catalogue.expense_item(key)
    return f"{key}. {item.name}" if item else key


def differences(
    interview: Interview, catalogue: Catalogue, printed: Callable[[str], str] | None = None
) -> list[Difference]:
    """Every way the final wishes and the chosen plan differ from the initial wishes, in the
    language shown; `printed` (the printed summary's gettext) words them, plan names included,
    in Japanese whatever the screen shows."""
    translate = printed or _
    initial = interview.initial_intent
    final = interview.confirmation.final
    found: list[Difference] = []
    for kind, before, after, label in (
        ("liability", initial.liability_events, final.liability_events, _event_label),
        ("expense", initial.expense_items, final.expense_items, _item_label),
    ):
        for key in before:
            if key not in after:
                found.append(Difference(
                    f"{kind}.removed.{key}",
                    translate(N_("Wished at first, no longer wished: {item}")).format(
                        item=label(catalogue, key)),
                ))
        for key in after:
            if key not in before:
                found.append(Difference(
                    f"{kind}.added.{key}",
                    translate(N_("Newly wished: {item}")).format(item=label(catalogue, key)),
                ))
    plan = catalogue.plan(interview.plan)
    if plan is not None:
        for key in final.expense_items:
            if not plan.covers(key):
                found.append(Difference(
                    f"expense.not_covered.{key}",
                    translate(N_("Wished, but not covered by the proposed {plan}: {item}")).format(
                        plan=plan.full_name if printed else plan.shown_full_name,
                        item=_item_label(catalogue, key)),
                ))
    if final.other_wishes and final.other_wishes != initial.other_wishes:
        found.append(Difference(
            "other_wishes.changed", translate(N_("The other wishes changed from the initial ones")),
        ))
    return found


def unexplained(interview: Interview, catalogue: Catalogue) -> list[Difference]:
    explanations = interview.confirmation.explanations
    return [d for d in differences(interview, catalogue) if not explanations.get(d.key, "").strip()]
