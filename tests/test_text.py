"""The shared text definitions of :mod:`tokscope.text`: the char <-> byte index against a
per-character walk, and the first difference of two texts."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from tokscope.text import WHITESPACE, ByteIndex, first_difference, is_whitespace


def walk(text: str) -> tuple[list[int], list[int]]:
    """Byte of each char (and the end), char of each byte (and the end), one char at a time."""
    byte_of_char, char_of_byte = [], []
    pos = 0
    for i, ch in enumerate(text):
        byte_of_char.append(pos)
        width = len(ch.encode("utf-8", "surrogatepass"))
        char_of_byte += [i] * width
        pos += width
    return [*byte_of_char, pos], [*char_of_byte, len(text)]


@given(st.text())
@example("aé b")
@example("\ud800x")  # a lone surrogate, as surrogatepass encodes it
@example("👩\u200d💻")
def test_byte_index_agrees_with_a_walk(text: str) -> None:
    data = text.encode("utf-8", "surrogatepass")
    index = ByteIndex(data)
    byte_of_char, char_of_byte = walk(text)
    assert [index.byte(i) for i in range(len(text) + 1)] == byte_of_char
    assert [index.char(b) for b in range(len(data) + 1)] == char_of_byte
    starts = set(byte_of_char)
    assert [index.on_boundary(b) for b in range(len(data) + 1)] == [
        b in starts for b in range(len(data) + 1)
    ]
    if index.offsets is None:
        assert text.isascii()
    else:
        assert index.offsets.tolist() == byte_of_char


@given(st.text(), st.text())
@example("a  b", "a b")
@example("abc", "abc")
def test_first_difference(a: str, b: str) -> None:
    i = first_difference(a, b)
    assert a[:i] == b[:i]
    assert i == min(len(a), len(b)) or a[i] != b[i]


def test_the_whitespace_set_is_ascii_whitespace() -> None:
    assert "".join(sorted(WHITESPACE)) == "\t\n\x0b\x0c\r "
    assert is_whitespace(" \t\r\n") and not is_whitespace("\u00a0") and not is_whitespace("")
