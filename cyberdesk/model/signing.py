"""The rules of signing on the screen, without any window: a signature binds the record's
content as it was when it was made (its content hash), any change to that content voids it, and
the customer's and the agent's valid signatures together are what finalizes a record.

The wizard's pads only collect strokes; `InterviewSession.sign` applies these rules, the store
records a `signed` event per signature, and validation refuses a signature that no longer
matches the record it is attached to (a file changed after it was signed).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from cyberdesk.clock import now_jst
from cyberdesk.i18n import _
from cyberdesk.model.document import check_strokes, content_hash
from cyberdesk.model.interview import Interview, Signature, Stroke
from cyberdesk.model.problems import Problem, ProblemsError

CUSTOMER, AGENT = "customer", "agent"
ROLES = (CUSTOMER, AGENT)


def signature_of(interview: Interview, role: str) -> Signature | None:
    if role not in ROLES:
        raise ValueError(role)
    signature: Signature | None = getattr(interview.signatures, role)
    return signature


def is_valid(interview: Interview, role: str, digest: str | None = None) -> bool:
    """True when `role` has signed exactly the content the record holds now."""
    signature = signature_of(interview, role)
    return signature is not None and signature.content_sha256 == (digest or content_hash(interview))


def fully_signed(interview: Interview) -> bool:
    """Both the customer and the agent signed the content as it is now."""
    digest = content_hash(interview)
    return all(is_valid(interview, role, digest) for role in ROLES)


def void_changed(interview: Interview) -> list[str]:
    """Remove the signatures the content no longer matches; the roles whose signature went."""
    if interview.signatures.customer is None and interview.signatures.agent is None:
        return []  # the usual case while typing: no hash to compute
    digest = content_hash(interview)
    voided = [role for role in ROLES
              if signature_of(interview, role) is not None and not is_valid(interview, role, digest)]
    for role in voided:
        setattr(interview.signatures, role, None)
    return voided


def rounded(strokes: Iterable[Sequence[Sequence[float]]]) -> list[Stroke]:
    """Points as the file stores them: x and y to 0.1 of the box, pressure to 0.001, time in
    whole milliseconds; empty strokes dropped."""
    out: list[Stroke] = []
    for stroke in strokes:
        points = []
        for point in stroke:
            values: list[float] = [round(float(point[0]), 1), round(float(point[1]), 1)]
            if len(point) > 2:
                values.append(round(float(point[2]), 3))
            if len(point) > 3:
                values.append(int(point[3]))
            points.append(tuple(values))
        if points:
            out.append(points)
    return out


def sign(interview: Interview, role: str, strokes: Iterable[Sequence[Sequence[float]]],
         signer_name: str, key_fingerprint: str, at: datetime | None = None) -> Signature:
    """Attach `role`'s signature to the content as it is now; ProblemsError if the strokes are
    empty or beyond the limits (the same as a file's)."""
    interview.ensure_editable()
    path = f"signatures.{role}.strokes"
    checked, problems = check_strokes([[list(p) for p in s] for s in rounded(strokes)], path)
    if problems:
        raise ProblemsError(problems)
    signature = Signature(signer_name=signer_name.strip(), strokes=checked,
                          content_sha256=content_hash(interview), signed_at=at or now_jst(),
                          key_fingerprint=key_fingerprint)
    signature_of(interview, role)  # refuses an unknown role before anything changes
    setattr(interview.signatures, role, signature)
    return signature


def unsign(interview: Interview, role: str) -> None:
    """The signer wants to sign again: their signature is removed."""
    interview.ensure_editable()
    signature_of(interview, role)
    setattr(interview.signatures, role, None)


def signature_problems(interview: Interview) -> list[Problem]:
    """A signature attached to content other than the record's: the record changed after it."""
    if interview.signatures.customer is None and interview.signatures.agent is None:
        return []
    digest = content_hash(interview)
    return [Problem(f"signatures.{role}", _("This signature was made on other content: the "
                                            "record changed after it was signed."))
            for role in ROLES
            if signature_of(interview, role) is not None and not is_valid(interview, role, digest)]
