"""Before Qt starts on Linux: is there a screen, and are the X11 libraries Qt's xcb plug-in needs
installed? Without this, Qt aborts with a long message about plug-ins; the agent gets one line
saying what is missing instead.

Qt-free, and runnable on its own so that scripts/start and scripts/test install the same list:
    python3 cyberdesk/gui/display_check.py --debian-packages
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Mapping

# What the xcb platform plug-in loads (ldd of libqxcb.so and libQt6XcbQpa.so.6, PySide6 6.12),
# by the Debian/Ubuntu package that provides it.
XCB_LIBRARIES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-glx.so.0": "libxcb-glx0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libX11-xcb.so.1": "libx11-xcb1",
}
# What every Qt window needs besides (OpenGL, fonts, D-Bus, GLib, the keyboard).
QT_PACKAGES = ("libegl1", "libgl1", "libopengl0", "libxkbcommon0", "libfontconfig1", "libdbus-1-3",
               "libglib2.0-0")


def debian_packages() -> list[str]:
    return [*QT_PACKAGES, *XCB_LIBRARIES.values()]


def _loadable(soname: str) -> bool:
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def display_problem(environ: Mapping[str, str], platform: str = sys.platform,
                    libraries: Mapping[str, str] = XCB_LIBRARIES) -> str | None:
    """Why the window cannot open here (one line for the user), or None when it can;
    `libraries` maps each library the X11 window loads to the package that provides it."""
    # lazy: runs alone under the system python (scripts/setup.sh)
    from cyberdesk.i18n import _

    if platform != "linux":
        return None
    chosen = environ.get("QT_QPA_PLATFORM", "").split(":")[0]
    if chosen not in ("", "xcb", "wayland"):
        return None  # offscreen, minimal, vnc…: no screen needed
    if chosen == "wayland" or (not chosen and environ.get("WAYLAND_DISPLAY") and not environ.get("DISPLAY")):
        return None  # Qt's own message names the Wayland problem well enough
    if not environ.get("DISPLAY"):
        return _("No screen was found (DISPLAY is not set), so the window cannot open. For a check "
                 "without a screen, run with QT_QPA_PLATFORM=offscreen.")
    missing = [package for soname, package in libraries.items() if not _loadable(soname)]
    if missing:
        return _("The window cannot open: system libraries Qt needs are missing ({packages}). "
                 "Install them with ./scripts/start or apt-get install.").format(
                     packages=" ".join(missing))
    return None


if __name__ == "__main__":
    if sys.argv[1:] == ["--debian-packages"]:
        print(" ".join(debian_packages()))
    else:
        sys.exit(f"usage: {sys.argv[0]} --debian-packages")
