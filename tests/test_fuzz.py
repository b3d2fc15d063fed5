"""Property-based fuzzing of the two readers of outside data: the interview file reader and the
bundle check. Structured mutations (a value replaced by any JSON, a key dropped or added, deep
nesting) and byte-level ones (bytes flipped, inserted, deleted, the file cut short) of real files
and real bundles: the reader either accepts or refuses with its own problems/findings, never with
an exception of Python's, and every finding code is one documented in head-office-bundles.md.

CI runs a bounded number of examples; `HYPOTHESIS_PROFILE=long` runs many more (see
docs/limits.md), once, locally.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from interview_factory import BASIC, DRAFT, SIGNED, WIDE
from test_verify import good, members  # noqa: F401 - the module's real bundle

from cyberdesk.catalogue import installed
from cyberdesk.files.safejson import JsonLimitError
from cyberdesk.files.safejson import loads as load_json
from cyberdesk.model.document import (
    LIMITS,
    READABLE_VERSIONS,
    _point_problem,
    _points_fine,
    _shape,
    _structure_clean,
    _structure_problems,
    _template,
    dumps,
    from_document,
    loads,
)
from cyberdesk.model.problems import ProblemsError
from cyberdesk.model.validation import check as validate
from cyberdesk.services.bundle import (
    AUDIT,
    INTERVIEW,
    MANIFEST,
    SUMMARY,
    check,
    manifest_for,
    pack,
    sha256,
)

LONG = os.environ.get("HYPOTHESIS_PROFILE") == "long"
FUZZ = settings(max_examples=3000 if LONG else 120, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow, HealthCheck.data_too_large])
DOCS = Path(__file__).resolve().parent.parent / "docs" / "head-office-bundles.md"
CODES = set(re.findall(r"^\| `([a-z_]+)` \|", DOCS.read_text(encoding="utf-8"), re.M))

JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-10**30, 10**30) | st.floats(allow_nan=False)
    | st.text(max_size=30) | st.sampled_from(["", "\n", "1970-01-01", "0001-01-01T00:00:00+14:00",
                                              "finalized", "draft", "ア", "basic", "9" * 40]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8),
                                                                      children, max_size=4),
    max_leaves=12)


def _paths(value, prefix=()):
    """Every path (tuple of keys and indexes) into a decoded document."""
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _paths(child, (*prefix, index))


@st.composite
def mutated_documents(draw, source: dict) -> dict:
    """`source` with 1-4 structured mutations: replace, drop, add, or bury a value deep."""
    data = json.loads(json.dumps(source))
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(list(_paths(data))[1:]))
        *parents, last = path
        holder = data
        for key in parents:
            holder = holder[key]
        action = draw(st.sampled_from(["replace", "drop", "add", "bury"]))
        if action == "replace":
            holder[last] = draw(JSON)
        elif action == "drop":
            del holder[last]
        elif action == "add" and isinstance(holder, dict):
            holder[draw(st.text(max_size=8))] = draw(JSON)
        elif action == "bury":
            value = holder[last]
            for _level in range(draw(st.integers(1, 40))):
                value = [value]
            holder[last] = value
        if action == "drop" and isinstance(holder, list):
            break  # indexes moved: draw new paths next time
    return data


@st.composite
def mutated_bytes(draw, source: bytes) -> bytes:
    """`source` with 1-6 byte-level mutations: flip, insert, delete, cut, duplicate a slice."""
    data = bytearray(source)
    for _ in range(draw(st.integers(1, 6))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["flip", "insert", "delete", "cut", "repeat"]))
        if action == "flip":
            data[at] ^= draw(st.integers(1, 255))
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif action == "delete":
            del data[at:at + draw(st.integers(1, 16))]
        elif action == "cut":
            del data[at:]
        else:
            data[at:at] = data[at:at + draw(st.integers(1, 64))]
    return bytes(data)


SOURCES = {path.name: json.loads(path.read_text(encoding="utf-8")) for path in (BASIC, WIDE, DRAFT)}


def _read(raw: bytes) -> None:
    """The file reader's contract: an Interview that validates without error, or ProblemsError."""
    try:
        interview = loads(raw)
    except ProblemsError as error:
        assert error.problems and all(p.field and p.message for p in error.problems)
        return
    validate(interview, installed(), complete=True)
    assert loads(dumps(interview).encode("utf-8")) == interview


@FUZZ
@given(st.sampled_from(sorted(SOURCES)).flatmap(lambda name: mutated_documents(SOURCES[name])))
def test_structured_mutations_of_interview_files(data):
    _read(json.dumps(data, ensure_ascii=False).encode("utf-8"))


@FUZZ
@given(st.sampled_from([BASIC, WIDE, DRAFT]).flatmap(lambda p: mutated_bytes(p.read_bytes())))
def test_byte_mutations_of_interview_files(raw):
    _read(raw)


def _judged(tmp_path: Path, data: bytes) -> list[str]:
    path = tmp_path / "fuzz.zip"
    path.write_bytes(data)
    checked = check(path)  # unguarded: an exception here is a bug the fuzzer found
    codes = [finding.code for finding in checked.findings]
    assert set(codes) <= CODES, codes
    return codes


@pytest.fixture
def parts(good):  # noqa: F811
    return members(good)


@FUZZ
@given(data=st.data())
def test_byte_mutations_of_bundles(good, tmp_path, data):  # noqa: F811
    mutated = data.draw(mutated_bytes(good))
    codes = _judged(tmp_path, mutated)
    assert codes or mutated == good


@FUZZ
@given(data=st.data())
def test_structured_mutations_of_the_manifest_and_the_interview_inside(parts, tmp_path, data):
    """The interview and the manifest mutated, the manifest's hashes recomputed (so that only
    the cross-checks can tell), packed canonically: refused, never crashed, unless unchanged."""
    manifest = json.loads(parts[MANIFEST])
    interview = json.loads(parts[INTERVIEW])
    target = data.draw(st.sampled_from(["manifest", "interview", "both"]))
    if target in ("interview", "both"):
        interview = data.draw(mutated_documents(interview))
    inner = (json.dumps(interview, ensure_ascii=False, indent=2) + "\n").encode()
    manifest["members"][INTERVIEW] = {"sha256": sha256(inner), "size": len(inner)}
    if target in ("manifest", "both"):
        manifest = data.draw(mutated_documents(manifest))
    raw_manifest = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
    created_at = json.loads(parts[MANIFEST])["created_at"]
    bundle = pack([(MANIFEST, raw_manifest), (INTERVIEW, inner), (SUMMARY, parts[SUMMARY]),
                   (AUDIT, parts[AUDIT])], created_at)
    codes = _judged(tmp_path, bundle)
    if codes == []:  # accepted: then the manifest says exactly what the interview inside says
        expected = manifest_for(loads(inner), {INTERVIEW: inner, SUMMARY: parts[SUMMARY],
                                               AUDIT: parts[AUDIT]}, manifest["signer"])
        assert {**manifest, "app": None} == {**expected, "app": None}


@FUZZ
@given(st.sampled_from(sorted(SOURCES)).flatmap(lambda name: mutated_documents(SOURCES[name])),
       st.sampled_from(READABLE_VERSIONS), st.sampled_from(["", "\ud800", "extra", "a.b"]))
def test_the_quick_structure_check_agrees_with_the_one_that_names_paths(data, version, key):
    """`_structure_clean` (no paths) passes exactly the documents `_structure_problems` passes."""
    confirmation = data.get("confirmation")
    if isinstance(confirmation, dict) and isinstance(confirmation.get("explanations"), dict):
        confirmation["explanations"][key] = {key: [key]}  # free keys hold anything
    if isinstance(data.get("agent"), dict):
        data["agent"]["phone"] = key
    clean = _structure_clean(data, _shape(version))
    assert clean == (not _structure_problems(data, _template(version), ""))


_COORDINATE = st.one_of(st.floats(-1, 600), st.integers(-1, 600_001), st.booleans(), st.none(),
                        st.floats(allow_nan=True, allow_infinity=True), st.just("1"),
                        st.integers(10**300, 10**310))
_POINT = st.one_of(st.lists(st.floats(0, 1), min_size=2, max_size=4),
                   st.lists(_COORDINATE, max_size=5), _COORDINATE)


@FUZZ
@given(st.lists(_POINT, min_size=1, max_size=8))
def test_the_quick_point_check_passes_only_points_the_one_by_one_check_passes(stroke):
    """`_points_fine` (a coordinate at a time) never passes a stroke with a point in error."""
    try:
        reference = [_point_problem(point) for point in stroke]
    except OverflowError:  # math.isfinite of an integer beyond a float: not from a file
        reference = ["overflow"]
    if _points_fine(stroke):
        assert reference == [None] * len(stroke)


_NESTED = st.recursive(st.one_of(st.floats(allow_nan=True), st.integers(), st.booleans(), st.none(),
                                 st.sampled_from(["", "\ud800", "a"])),
                       lambda inner: st.lists(inner, max_size=4), max_leaves=30)


@FUZZ
@given(st.lists(_NESTED, max_size=5))
def test_lists_of_numbers_passed_in_bulk_are_those_the_walk_passes(value):
    """A signature's strokes are passed by a few bulk checks (`_numbers_only`); anything they
    pass, the walk that names paths passes too, and a text anywhere inside is still walked."""
    assert _structure_clean(value, None) == (not _structure_problems(value, [], ""))


_COORDINATES = st.one_of(st.tuples(st.floats(0, 300), st.floats(0, 300)),
                         st.tuples(st.floats(0, 300), st.floats(0, 300), st.floats(0, 1))).map(list)


@st.composite
def stroke_values(draw) -> object:
    """What a file may put under a signature's `strokes`: strokes as a pad writes them, those with
    one point buried in lists or made too wide, strokes beyond the JSON limits, or any JSON."""
    strokes = draw(st.lists(st.lists(_COORDINATES, min_size=1, max_size=6), min_size=1, max_size=4))
    stroke = draw(st.sampled_from(strokes))
    at = draw(st.integers(0, len(stroke) - 1))
    change = draw(st.sampled_from(["none", "bury", "wide point", "long stroke", "any"]))
    if change == "bury":
        for _level in range(draw(st.integers(1, 12))):
            stroke[at] = [stroke[at]]
    elif change == "wide point":
        stroke[at] = [1.0] * draw(st.sampled_from([5, LIMITS.max_items + 1]))
    elif change == "long stroke":
        stroke.extend([[1.0, 1.0]] * LIMITS.max_items)
    elif change == "any":
        return draw(JSON)
    return strokes


def _accepted(raw: str, measure_strokes: bool) -> bool:
    try:
        data = load_json(raw, LIMITS) if measure_strokes else None
        loads(raw) if data is None else from_document(data)
    except (ProblemsError, JsonLimitError):
        return False
    return True


@FUZZ
@given(stroke_values(), st.sampled_from(["customer", "agent"]))
def test_strokes_set_aside_from_the_json_limits_are_refused_as_before(strokes, role):
    """The file reader measures the JSON limits without the strokes, which `check_strokes`
    checks whole: it accepts exactly the files it accepted when the limits covered them."""
    data = json.loads(SIGNED.read_text(encoding="utf-8"))
    data["signatures"][role]["strokes"] = strokes
    raw = json.dumps(data, ensure_ascii=False)
    assert _accepted(raw, measure_strokes=False) == _accepted(raw, measure_strokes=True)
