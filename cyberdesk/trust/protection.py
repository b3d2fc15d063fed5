"""What protects the agent's data on this laptop, in words for Settings (read-only).

Qt-free so the same rows can be tested without a window: the database's encryption and where its
key is kept, this laptop's key fingerprint (the agent reads it to head office), and what the
deployment file sets — or that, without one, bundles will not be encrypted.
"""

from __future__ import annotations

from dataclasses import dataclass

from cyberdesk.i18n import _
from cyberdesk.trust import deployment, keys, secretstore


@dataclass(frozen=True)
class Row:
    label: str
    value: str
    problem: bool = False


def short_recipient(recipient: str) -> str:
    """age1 and the first and last letters: enough to tell two head-office keys apart."""
    return f"{recipient[:10]}…{recipient[-6:]}"


def key_place_text(place: secretstore.Place) -> str:
    if place.kind == secretstore.KEYCHAIN:
        return _("In this computer's keychain ({backend}).").format(backend=place.where)
    return _("In the folder {folder}, readable by you only: this computer has no keychain.").format(
        folder=place.where)


def rows() -> list[Row]:
    """The rows Settings shows, in the user's language."""
    found = [
        Row(_("Database"), _("Encrypted (SQLCipher, 256-bit key).")),
        Row(_("Keys kept"), key_place_text(secretstore.place())),
        Row(_("This laptop's key"), keys.laptop_key().fingerprint),
    ]
    try:
        fixed = deployment.load()
    except deployment.DeploymentError as error:
        return [*found, Row(_("Deployment file"), "\n".join(error.problems), problem=True),
                Row(_("Bundles"), _("Bundles cannot be encrypted until IT corrects the deployment file."),
                    problem=True)]
    if fixed is None:
        return [*found, Row(_("Deployment file"), _("None on this computer.")),
                Row(_("Bundles"), _("Nothing is sent to head office until IT places the "
                                    "deployment file."), problem=True)]
    found.append(Row(_("Deployment file"), str(fixed.path)))
    if fixed.recipients:
        found.append(Row(_("Bundles"), _("Encrypted to head office's keys: {keys}.").format(
            keys=", ".join(short_recipient(r) for r in fixed.recipients))))
    else:
        found.append(Row(_("Bundles"), pilot_warning(), problem=True))
    found.append(Row(_("Head office's key"), keys.fingerprint(fixed.office_signing_key)))
    if fixed.retention_days is not None:
        found.append(Row(_("Kept after receipt"), _("{days} days, then removed from this laptop.")
                         .format(days=fixed.retention_days)))
    return found


def pilot_warning() -> str:
    """What Settings and every export say while a pilot deployment sends bundles in clear."""
    return _("Pilot: bundles are sent to head office NOT encrypted (allow_unencrypted in the "
             "deployment file). Do not use with real customers' data.")
