"""A failed file operation said in the user's language: the OS's own text (「Is a directory」) is
English on most systems and would sit in the middle of a Japanese sentence."""

from __future__ import annotations

import errno

from cyberdesk.i18n import N_, _

_REASONS = {
    errno.EISDIR: N_("it is a folder, not a file"),
    errno.ENOTDIR: N_("a part of the path is a file, not a folder"),
    errno.ENOENT: N_("it or its folder does not exist"),
    errno.EACCES: N_("permission was denied"),
    errno.EPERM: N_("permission was denied"),
    errno.EROFS: N_("the drive is read-only"),
    errno.ENOSPC: N_("the disk is full"),
    errno.EDQUOT: N_("the disk quota is used up"),
    errno.EEXIST: N_("it exists already"),
    errno.ENAMETOOLONG: N_("the name is too long"),
    errno.EBUSY: N_("it is in use by another program"),
    errno.EIO: N_("the drive could not be read or written (a hardware or network fault)"),
    errno.ETIMEDOUT: N_("the network drive did not answer in time"),
}


def os_reason(error: BaseException) -> str:
    """Why a file operation failed, as words for the user; never the OS's English text."""
    code = getattr(error, "errno", None)
    if code in _REASONS:
        return _(_REASONS[code])
    if isinstance(error, OSError) and code is not None:
        return _("the system refused it (error {code})").format(
            code=errno.errorcode.get(code, str(code)))
    return _("the file could not be used")
