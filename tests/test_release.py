"""What an installed CyberDesk needs beyond its features: output that survives any console, the
user's language from the environment, one clear line instead of Qt's abort without a screen,
loud refusals of a damaged installation, the Windows version resource, and scripts/start that
installs only when pyproject.toml changed."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, run_cli
from interview_factory import BASIC, document

from cyberdesk.gui.display_check import display_problem
from cyberdesk.i18n import TranslationMissing, app_language, language_from_environment, translator
from cyberdesk.model.interview import Status

pytestmark = pytest.mark.slow
sys.path.insert(0, str(ROOT / "scripts"))
from version_info import version_file_text, version_numbers  # noqa: E402

UNPRINTABLE = "株式会社𠮷野家😀"


# A console that cannot show every character -------------------------------------------------

def test_a_cp932_console_gets_question_marks_never_an_encoding_error(tmp_path):
    """A Japanese Windows console is cp932: 𠮷 and emoji are not in it."""
    data = document(BASIC)
    data["customer"]["company_name"] = UNPRINTABLE
    source = tmp_path / f"{UNPRINTABLE}.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    cp932 = {"PYTHONIOENCODING": "cp932"}
    imported = subprocess.run([sys.executable, "-m", "cyberdesk", "import", str(source)],
                              capture_output=True, env={**os.environ, **cp932}, timeout=120)
    assert imported.returncode == 0, imported.stderr.decode("cp932")
    listed = subprocess.run([sys.executable, "-m", "cyberdesk", "list"], capture_output=True,
                            env={**os.environ, **cp932}, timeout=120)
    assert listed.returncode == 0, listed.stderr.decode("cp932")
    assert "株式会社?野家?" in listed.stdout.decode("cp932")
    missing = subprocess.run([sys.executable, "-m", "cyberdesk", "validate", str(tmp_path / "😀.json")],
                             capture_output=True, env={**os.environ, **cp932}, timeout=120)
    assert missing.returncode == 2
    [line] = missing.stderr.decode("cp932").splitlines()
    assert "?.json" in line and "Traceback" not in line


# The language ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("environ", "language"), [
    ({}, "ja"),
    ({"LANG": "C.UTF-8"}, "ja"),
    ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LANG": "en_US.UTF-8", "LC_ALL": "ja_JP.eucJP"}, "ja"),
    ({"LANG": "ja_JP.UTF-8", "LC_MESSAGES": "en_GB.UTF-8"}, "en"),
    ({"LANGUAGE": "fr:en", "LANG": "fr_FR.UTF-8"}, "en"),
    ({"LANG": "fr_FR.UTF-8"}, "ja"),
    ({"CYBERDESK_LANG": "en", "LANG": "ja_JP.UTF-8"}, "en"),
    ({"CYBERDESK_LANG": "ja", "LANGUAGE": "en"}, "ja"),
    ({"CYBERDESK_LANG": "de", "LANG": "en_US.UTF-8"}, "ja"),
])
def test_the_language_comes_from_the_environment_and_defaults_to_japanese(environ, language):
    assert language_from_environment(environ) == language


@pytest.mark.parametrize(("environ", "chosen", "language"), [
    ({}, "ja", "ja"),
    ({"LANG": "en_US.UTF-8"}, "ja", "ja"),  # the locale is the command line's, not the app's
    ({"LANG": "en_US.UTF-8"}, None, None),  # nothing chosen yet: the app's default (Japanese)
    ({"CYBERDESK_LANG": "en"}, "ja", "en"),  # for this run only
    ({"CYBERDESK_LANG": "en_US.UTF-8"}, None, "en"),
    ({"CYBERDESK_LANG": " "}, "en", "en"),
])
def test_the_app_honours_cyberdesk_lang_over_the_language_chosen_in_it(environ, chosen, language):
    assert app_language(environ, chosen) == language


def test_the_command_line_speaks_the_locales_language_in_every_help_text():
    english = run_cli("--help", env={"LANG": "en_US.UTF-8"}).stdout
    assert "usage: cyberdesk" in english and "show program's version number and exit" in english
    japanese = run_cli("--help", env={"LANG": "ja_JP.UTF-8"}).stdout
    assert "使い方: cyberdesk" in japanese and "バージョンを表示して終了する" in japanese
    commands = re.findall(r"^    ([a-z-]+)", japanese, re.MULTILINE)
    # what is typed or named as it is: commands, states, the age tool, the signing key's suffix
    words_to_type = {"cyberdesk", "age", "signing", *commands, *(status.value for status in Status)}
    todo = [[command] for command in commands]
    while todo:  # sub-commands of sub-commands too (`office intake`)
        command = todo.pop()
        text = run_cli(*command, "--help", env={"LANG": "ja_JP.UTF-8"}).stdout
        nested = set(re.findall(r"^    ([a-z-]+)", text, re.MULTILINE)) if len(command) == 1 else set()
        todo += [[*command, name] for name in nested]
        words_to_type |= nested
        english_words = set(re.findall(r"(?<![-\w])[a-z]{3,}(?![-\w])", text)) - words_to_type
        assert not english_words, (command, english_words)


# No screen -------------------------------------------------------------------------------------

def test_without_a_screen_the_app_says_so_in_one_line():
    env = {key: value for key, value in os.environ.items()
           if key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run([sys.executable, "-m", "cyberdesk"], capture_output=True, text=True,
                            env=env, timeout=120)
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert "DISPLAY" in line and "QT_QPA_PLATFORM=offscreen" in line


def test_missing_x11_libraries_are_named_by_their_package():
    problem = display_problem({"DISPLAY": ":0"}, "linux",
                              libraries={"libcyberdesk-nonexistent.so.0": "libcyberdesk-nonexistent0",
                                         "libc.so.6": "libc6"})
    assert problem is not None and "libcyberdesk-nonexistent0" in problem and "libc6" not in problem
    assert display_problem({"DISPLAY": ":0"}, "linux", libraries={"libc.so.6": "libc6"}) is None
    assert display_problem({}, "linux", libraries={}) is not None  # no screen at all
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert display_problem({}, "win32") is None


# A damaged installation ------------------------------------------------------------------------

def test_a_missing_or_damaged_catalogue_of_wording_is_an_error_not_english(tmp_path):
    with pytest.raises(TranslationMissing, match=r"cyberdesk\.mo"):
        translator("ja", tmp_path)
    damaged = tmp_path / "ja" / "LC_MESSAGES" / "cyberdesk.mo"
    damaged.parent.mkdir(parents=True)
    damaged.write_bytes(b"\xde\x12\x04\x95" + b"\0" * 12)
    with pytest.raises(TranslationMissing):
        translator("ja", tmp_path)
    assert translator("ja")("Draft") != "Draft"  # the installed one works


def test_catalogue_files_set_aside_are_one_line_each_on_stderr(cyberdesk_home):
    folder = cyberdesk_home / "catalogues"
    folder.mkdir()
    (folder / "broken.json").write_text("{not json", encoding="utf-8")
    (folder / "empty.json").write_text("{}", encoding="utf-8")
    result = run_cli("validate", str(BASIC))
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 2 and all(line.startswith("使用しないカタログ：") for line in lines)
    assert "broken.json" in lines[0] and "empty.json" in lines[1]
    assert run_cli("list").stderr == ""  # a command that needs no catalogue does not load them


# The Windows version resource ------------------------------------------------------------------

class Recorded:
    """Stands for each of PyInstaller's version-info classes when the file is read back."""

    def __init__(self, *args, **kwargs) -> None:
        self.args, self.kwargs = args, kwargs


def test_the_windows_version_resource_comes_from_pyproject():
    text = version_file_text(ROOT / "pyproject.toml", "CyberDesk.exe")
    names = ("VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable", "StringStruct",
             "VarFileInfo", "VarStruct")
    info = eval(text, {name: Recorded for name in names})  # what PyInstaller does with the file
    from cyberdesk import __version__

    assert info.kwargs["ffi"].kwargs["filevers"] == version_numbers(__version__)
    strings = dict(entry.args for entry in info.kwargs["kids"][0].args[0][0].args[1])
    assert strings["ProductName"] == "CyberDesk" and strings["FileVersion"] == __version__
    assert strings["OriginalFilename"] == "CyberDesk.exe" and "IT業務特約" in strings["FileDescription"]
    assert version_numbers("1.2.3rc1") == (1, 2, 3, 1) and version_numbers("2") == (2, 0, 0, 0)
    with pytest.raises(ValueError):
        version_numbers("70000.1")


# scripts/start ---------------------------------------------------------------------------------

RECORDER = """#!/bin/sh
echo "$@" >> "$(dirname "$0")/../calls"
"""


def _project(tmp_path: Path) -> Path:
    """A copy of the scripts and pyproject.toml, with a .venv whose python records its calls."""
    project = tmp_path / "project"
    shutil.copytree(ROOT / "scripts", project / "scripts")
    (project / "cyberdesk" / "gui").mkdir(parents=True)
    shutil.copy(ROOT / "cyberdesk" / "gui" / "display_check.py", project / "cyberdesk" / "gui")
    shutil.copy(ROOT / "pyproject.toml", project)
    bin_dir = project / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    for name in ("python", "cyberdesk"):
        (bin_dir / name).write_text(RECORDER)
        (bin_dir / name).chmod(0o755)
    return project


def test_start_installs_only_when_pyproject_changed(tmp_path):
    project = _project(tmp_path)
    calls = project / ".venv" / "calls"

    def start() -> subprocess.CompletedProcess:
        return subprocess.run([str(project / "scripts" / "start"), "--smoke"], capture_output=True,
                              text=True, timeout=120, check=True)

    first = start()
    assert "Installing CyberDesk" in first.stderr
    assert calls.read_text().splitlines() == [
        "-m pip install -q --disable-pip-version-check -e .", "--smoke"]
    second = start()
    assert "Installing" not in second.stderr
    assert calls.read_text().splitlines()[2:] == ["--smoke"]  # no pip the second time
    with open(project / "pyproject.toml", "a") as pyproject:
        pyproject.write("\n# a new dependency\n")
    assert "Installing CyberDesk" in start().stderr
