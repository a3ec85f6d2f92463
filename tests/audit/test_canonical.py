"""RFC 8785 canonical JSON."""

import json
import struct

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.audit.canonical import canonical_json, canonical_number

# RFC 8785 Appendix B (IEEE 754 bits -> ECMAScript string); the same strings come out of V8
# for these and for 150,000 random doubles (checked once with node when this was written).
NUMBER_VECTORS = {
    "0000000000000000": "0",
    "8000000000000000": "0",
    "0000000000000001": "5e-324",
    "8000000000000001": "-5e-324",
    "7fefffffffffffff": "1.7976931348623157e+308",
    "ffefffffffffffff": "-1.7976931348623157e+308",
    "4340000000000000": "9007199254740992",
    "c340000000000000": "-9007199254740992",
    "4430000000000000": "295147905179352830000",
    "44b52d02c7e14af5": "9.999999999999997e+22",
    "44b52d02c7e14af6": "1e+23",
    "44b52d02c7e14af7": "1.0000000000000001e+23",
    "444b1ae4d6e2ef4e": "999999999999999700000",
    "444b1ae4d6e2ef4f": "999999999999999900000",
    "444b1ae4d6e2ef50": "1e+21",
    "3eb0c6f7a0b5ed8c": "9.999999999999997e-7",
    "3eb0c6f7a0b5ed8d": "0.000001",
    "41b3de4355555553": "333333333.3333332",
    "41b3de4355555554": "333333333.33333325",
    "41b3de4355555555": "333333333.3333333",
    "41b3de4355555556": "333333333.3333334",
    "41b3de4355555557": "333333333.33333343",
    "becbf647612f3696": "-0.0000033333333333333333",
    "43143ff3c1cb0959": "1424953923781206.2",
}


@pytest.mark.parametrize(("bits", "expected"), sorted(NUMBER_VECTORS.items()))
def test_numbers_follow_ecmascript(bits: str, expected: str) -> None:
    assert canonical_number(struct.unpack(">d", bytes.fromhex(bits))[0]) == expected


def test_rfc8785_example_object_sorts_by_utf16_and_escapes_minimally() -> None:
    value = {
        "b": [1.5, 1e21, 1e-7, -0.0, 100, "é\n\u001f"],
        "a": True,
        "€": None,
        "\U0001f600": 1,
        "\ufb33": 2,
        "\r": "tab\there",
    }
    expected = (
        '{"\\r":"tab\\there","a":true,"b":[1.5,1e+21,1e-7,0,100,"é\\n\\u001f"],'
        '"€":null,"\U0001f600":1,"\ufb33":2}'
    )
    assert canonical_json(value).decode("utf-8") == expected


@pytest.mark.parametrize(
    "bad",
    [float("nan"), float("inf"), 2**53, -(2**53), "\ud800", {1: "x"}, b"bytes", {"k": {1, 2}}],
)
def test_refuses_values_outside_i_json(bad: object) -> None:
    with pytest.raises(ValueError):
        canonical_json(bad)


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**53) + 1, 2**53 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=20,
)


@given(json_values)
def test_canonical_form_parses_back_to_the_same_value(value: object) -> None:
    # JCS numbers are IEEE doubles: read them back as such (an int-looking 39277971307255740
    # is the shortest form of a double, not an integer).
    text = canonical_json(value)
    parsed = json.loads(text, parse_int=float)
    assert parsed == value
    assert canonical_json(parsed) == text  # idempotent


plain_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53) + 1, 2**53 - 1) | st.text(),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.text(st.characters(max_codepoint=127), max_size=6), children, max_size=4
        )
    ),
    max_leaves=20,
)


@given(plain_values)
def test_fast_path_is_byte_identical_to_the_general_serialiser(value: object) -> None:
    from engine.audit.canonical import _emit

    parts: list[str] = []
    _emit(value, parts)
    assert canonical_json(value) == "".join(parts).encode("utf-8")
