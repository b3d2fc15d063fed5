# Shared by scripts/start and scripts/test (sourced, not run): the Debian packages and the
# virtualenv they need, each installed only when missing or out of date.

# ensure_debs PACKAGE...: install the packages dpkg does not have (Debian/Ubuntu; elsewhere nothing).
ensure_debs() {
    command -v dpkg-query >/dev/null || return 0
    local missing="" p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
    done
    [ -n "$missing" ] || return 0
    if ! command -v apt-get >/dev/null; then
        echo "CyberDesk needs these system packages:$missing" >&2
        return 1
    fi
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    echo "Installing system packages:$missing" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null
}

# gui_debs: what the Qt window needs (the list lives in one place, beside the app's own check).
gui_debs() {
    python3 cyberdesk/gui/display_check.py --debian-packages
}

# ensure_venv [EXTRA...]: .venv with CyberDesk installed (editable) with these extras; pip runs
# only when pyproject.toml changed since that part was installed (a stamp per part in .venv).
ensure_venv() {
    local stamp=".venv/.cyberdesk-installed" hash part missing="" extras
    hash=$(sha256sum pyproject.toml | cut -d' ' -f1)
    [ -x .venv/bin/python ] || python3 -m venv .venv
    for part in base "$@"; do
        grep -qx "$part $hash" "$stamp" 2>/dev/null || missing="$missing $part"
    done
    [ -n "$missing" ] || return 0
    extras=$(IFS=,; echo "$*")
    echo "Installing CyberDesk into .venv (pyproject.toml is new or changed)" >&2
    .venv/bin/python -m pip install -q --disable-pip-version-check -e ".${extras:+[$extras]}"
    {   # the parts just installed, and the other parts still installed at this pyproject.toml
        for part in base "$@"; do echo "$part $hash"; done
        [ ! -f "$stamp" ] || awk -v h="$hash" -v done=" base $* " '$2 == h && !index(done, " " $1 " ")' "$stamp"
    } > "$stamp.tmp"
    mv "$stamp.tmp" "$stamp"
}
