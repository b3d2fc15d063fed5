"""Characters the printed record's font lacks are caught when typed: the font's own character map
read without reportlab, `cyberdesk validate` and `render` warning (never refusing), the usual
substitute printed, and no 〓 on paper without a warning."""

from __future__ import annotations

import json
from io import BytesIO

import pytest
from conftest import ROOT, run_cli
from pypdf import PdfReader

from cyberdesk.japanese.glyphs import SUBSTITUTES, _ranges, printable_char, unprintable
from cyberdesk.model.document import loads
from cyberdesk.model.validation import print_warnings
from cyberdesk.resources import resource
from cyberdesk.services.pdf.fonts import printable


def test_the_character_map_is_the_font_s_own():
    from reportlab.pdfbase.ttfonts import TTFont

    font = TTFont("check", str(resource("fonts", "BIZUDPGothic-Regular.ttf")))
    starts, ends = _ranges()
    mine = {code for start, end in zip(starts, ends, strict=True) for code in range(start, end + 1)}
    assert mine == set(font.face.charToGlyph)


def test_the_font_has_every_ascii_character_so_ascii_text_is_not_looked_up():
    assert all(printable_char(chr(code)) for code in range(0x80))
    assert unprintable("ABC 123 !?~\t\n") == []


def test_substitutes_replace_only_what_the_font_lacks_with_what_it_has():
    for missing, substitute in SUBSTITUTES.items():
        assert not printable_char(missing), missing
        assert all(printable_char(ch) for ch in substitute), substitute
        assert printable(missing) == substitute
    assert unprintable("株式会社𠮷野家 😀 ①ＩＴ髙﨑\n") == ["𠮷", "😀"]
    assert printable("株式会社𠮷野家") == "株式会社吉野家"


def _yoshinoya(tmp_path, name: str = "株式会社𠮷野家😀"):
    data = json.loads((ROOT / "examples" / "interview-basic.json").read_text(encoding="utf-8"))
    data["customer"]["company_name"] = name
    data["insured_parties"][0]["note"] = "販売代理店✔"
    path = tmp_path / "yoshinoya.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_the_warnings_name_the_field_the_character_and_the_substitute(tmp_path):
    interview = loads(_yoshinoya(tmp_path).read_bytes())
    warnings = [(w.field, w.message) for w in print_warnings(interview)]
    assert [field for field, _message in warnings] == [
        "customer.company_name", "customer.company_name", "insured_parties[0].note"]
    assert "「𠮷」" in warnings[0][1] and "「吉」" in warnings[0][1]
    assert "「😀」" in warnings[1][1] and "削除" in warnings[1][1]
    assert "「✓」" in warnings[2][1]


@pytest.mark.slow
def test_validate_and_render_warn_but_keep_the_answer(tmp_path):
    source = _yoshinoya(tmp_path)
    result = run_cli("validate", str(source))
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith(f"{source}: customer.company_name: 警告：「𠮷」")
    assert "Traceback" not in result.stderr
    out = tmp_path / "out.pdf"
    result = run_cli("render", str(source), "-o", str(out))
    assert result.returncode == 0 and len(result.stderr.splitlines()) == 3
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(out.read_bytes())).pages)
    assert "株式会社吉野家" in text  # the usual substitute, as the warning said
    assert "[U+1F600]" in text  # the emoji, warned about above: named, never 〓
    assert "〓" not in text


@pytest.mark.slow
def test_a_name_the_font_can_show_prints_without_warning_or_geta(tmp_path):
    source = _yoshinoya(tmp_path, "株式会社𠮷野家")
    interview = loads(source.read_bytes())
    interview.insured_parties[0].note = ""
    assert [w.message for w in print_warnings(interview) if "😀" in w.message] == []
    result = run_cli("render", str(source), "-o", str(tmp_path / "out.pdf"))
    text = "".join(p.extract_text() for p in PdfReader(tmp_path / "out.pdf").pages)
    assert result.returncode == 0 and "〓" not in text


@pytest.mark.parametrize("text", [
    "株式会社さくら", "株式会社𠮷野家", "絵文字😀", "e\u0301", "\u00e9", "Ω\u2126", "\uf900",
    "\n\u0303", "\"\u0301", "\\\u0301", "\x01\u0308", "ｶﾀｶﾅ", "\u1100\u1161", "a\u0323\u0307",
    "\u2011-", "✔☐", "\u3099", "か\u3099", "\ud800",
])
def test_printed_forms_finds_what_the_field_by_field_walk_finds(text):
    """The fast path (all texts at once) never hides a field that prints otherwise."""
    from interview_factory import interview

    from cyberdesk.japanese.glyphs import printed_form
    from cyberdesk.model.document import to_document
    from cyberdesk.model.signing import sign
    from cyberdesk.model.validation import _texts_of, printed_forms

    record = interview()
    sign(record, "customer", [[(10, 10), (20, 20, 0.5)]], "高橋", "AAAA-" * 7 + "AAAA")
    record.customer.address = text
    record.proposal_reason = f"理由{text}"
    record.confirmation.explanations["plan.removed." + text] = text
    expected = {path: (stored, printed) for path, stored in _texts_of(to_document(record), "")
                if not path.startswith("name_substitutes")
                and (printed := printed_form(stored)) != stored}
    assert printed_forms(record) == expected
    assert ("customer.address" in expected) == (printed_form(text) != text)
