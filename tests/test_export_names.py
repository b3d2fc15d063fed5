"""Bundle names: readable (date, agency, company, revision) and accepted by Windows, macOS and
Linux file systems whatever the company is called. The rules are restated here independently
of the implementation and every name is also created on the real disk."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from interview_factory import BASIC, interview

from cyberdesk.services.bundle import bundle_name
from cyberdesk.services.filenames import safe_filename

WINDOWS_DEVICES = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10)),
                   *(f"LPT{n}" for n in range(1, 10))}


def portable(name: str) -> bool:
    """What Windows (NTFS/SMB), macOS (APFS) and Linux (ext4) all accept, and keep as written."""
    stem = name.split(".")[0].upper()
    return (
        0 < len(name.encode("utf-8")) <= 255
        and len(name) <= 255
        and not any(ch in '<>:"/\\|?*' or ord(ch) < 32 or ord(ch) == 127 for ch in name)
        and not any(unicodedata.category(ch) in ("Cf", "Cs", "Co", "Cn") for ch in name)
        and not name.endswith((".", " "))
        and not name.startswith((".", " "))
        and stem not in WINDOWS_DEVICES
        and unicodedata.is_normalized("NFC", name)
    )


def named(company: str, agency_code: str = "A1234-567", revision: int = 1) -> str:
    iv = interview(BASIC)
    iv.customer.company_name = company
    iv.agent.agency_code = agency_code
    iv.revision = revision
    iv.interview_date = date(2026, 11, 25)
    return bundle_name(iv)


def test_the_name_tells_a_person_what_it_is():
    name = named("株式会社サイバー商事", revision=3)
    assert name == "20261125_A1234-567_株式会社サイバー商事_r03_3f6c2a9e.zip"


@pytest.mark.parametrize("company", [
    "CON", "nul", "COM1", "Lpt9", "aux.txt",
    'A<B>C:D"E/F\\G|H?I*J',
    "株式会社\x00制御\x1f文字\x7f",
    "末尾の点...", "末尾の空白   ", "...", "   ", "",
    "右から左\u202eexe.zip", "ゼロ幅\u200b空白",
    "株式会社" + "長" * 300,
    "ｶﾌﾞｼｷｶﾞｲｼｬ　全角空白",
    "e\u0301cole (NFD)",  # decomposed: must come out composed
    "../../etc/passwd",
    "🍣寿司テック株式会社",
])
def test_any_company_name_gives_a_portable_name(company, tmp_path):
    name = named(company)
    assert portable(name), name
    assert name.startswith("20261125_A1234-567_") and name.endswith(".zip")
    assert len(name.encode("utf-8")) <= 200
    (tmp_path / name).write_bytes(b"x")
    assert [p.name for p in tmp_path.iterdir()] == [name]  # a real file, under exactly that name


def test_readable_characters_are_kept():
    assert "e\u0301cole" not in named("e\u0301cole") and "école" in named("e\u0301cole")
    assert "株式会社_ABC" in named("株式会社　ABC")
    assert "Q&A・ソリューションズ(株)" in named("Q&A・ソリューションズ(株)")


def test_a_long_name_is_cut_between_characters():
    name = named("株式会社" + "長" * 300)
    assert "株式会社長長" in name and "\ufffd" not in name


@pytest.mark.parametrize("given_name, expected", [
    ("CON.zip", "CON_.zip"),
    ("nul", "nul_"),
    ("COM1.tar.gz", "COM1_.tar.gz"),
    ("report. .zip", "report.zip"),
    ("a:b.zip", "a_b.zip"),
])
def test_safe_filename_handles_device_names_and_endings(given_name, expected):
    assert safe_filename(given_name) == expected
    assert portable(safe_filename(given_name))


@settings(max_examples=300, deadline=None)
@given(company=st.text(max_size=200), agency=st.text(max_size=40))
def test_every_generated_name_is_portable(company, agency):
    assert portable(named(company, agency))
