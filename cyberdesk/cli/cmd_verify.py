"""`cyberdesk verify PATH...`: head office's check of bundles (files, or folders of them).

One line per bundle (ok, damaged with the reasons, or duplicate of which file) and per file
skipped, then a total; `--json` prints one JSON document instead. Exit 0 only when every bundle is
ok and nothing was skipped (but a copy still in progress).
"""

from __future__ import annotations

import argparse

from cyberdesk.cli.cmd_office import identity_option, open_office, read_identities
from cyberdesk.cli.common import BadInput, say, say_json, say_row
from cyberdesk.i18n import _


def register(parser: argparse.ArgumentParser) -> None:
    parser.description = _("Check bundles (or folders of them): complete, unaltered and not a "
                           "duplicate. Exit 0 only when all are ok.")
    parser.add_argument("paths", nargs="+", metavar=_("PATH"))
    parser.add_argument("--json", action="store_true", help=_("print the result as JSON"))

    identity_option(parser)
    parser.add_argument("--db", metavar="URL",
                        help=_("head office's database: also check that each bundle is signed by "
                               "a key registered to its agency"))
    parser.set_defaults(run=run)


def _row(report, registered: bool) -> tuple[str, str]:
    """One line per bundle: the verdict, then the bundle's name and what it says (escaped when
    said, so that a company called "x\nok ..." cannot forge a line)."""
    # lazy: only when this command runs
    from cyberdesk.services.verify import Verdict

    if report.verdict is Verdict.ENCRYPTED:
        return report.verdict.label, f"{report.path}: " + _(
            "give head office's key (--identity) to check it")
    if report.verdict in (Verdict.DAMAGED, Verdict.SKIPPED, Verdict.UNTRUSTED):
        reasons = "; ".join(finding.message for finding in report.findings)
        return report.verdict.label, f"{report.path}: {reasons}"
    m = report.manifest
    who = f"{m['document_number']} {m['company_name']} / {m['agency']['code']} {m['agent']['name']}"
    if report.verdict is Verdict.DUPLICATE:
        who += " " + _("(duplicate of {path})").format(path=report.duplicate_of)
    if not registered and m.get("signer"):  # without --db the key was checked, not its owner
        who += " " + _("(signed by {key} — not checked against the register)").format(
            key=m["signer"])
    return report.verdict.label, f"{report.path}: {who}"


def run(args) -> int:
    # lazy: only when this command runs
    from cyberdesk.services.verify import NotFoundError, Verdict, all_ok, verify

    identities = read_identities(args.identity)
    senders = revoked = None
    if args.db:
        with open_office(args.db) as store:
            senders, revoked = store.senders(), store.revoked_keys()
    try:
        reports = verify(args.paths, identities, senders, revoked)
    except NotFoundError as error:
        raise BadInput(error.problems) from None
    ok = all_ok(reports)
    if args.json:
        say_json({"ok": ok, "bundles": [r.as_json() for r in reports]})
    else:
        for report in reports:
            say_row(_row(report, senders is not None))
        counts = {verdict: sum(r.verdict is verdict for r in reports) for verdict in Verdict}
        say(_("{ok} ok, {damaged} damaged, {duplicate} duplicate, {skipped} skipped, "
                "{untrusted} untrusted").format(
            ok=counts[Verdict.OK], damaged=counts[Verdict.DAMAGED],
            duplicate=counts[Verdict.DUPLICATE], skipped=counts[Verdict.SKIPPED],
            untrusted=counts[Verdict.UNTRUSTED]))
        if counts[Verdict.ENCRYPTED]:
            say(_("{count} encrypted, not opened (give --identity)").format(
                count=counts[Verdict.ENCRYPTED]))
    return 0 if ok else 1
