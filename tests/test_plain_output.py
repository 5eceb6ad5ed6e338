"""Small things users read in plain output: sizes that line up, skip reasons said once, standard
input named as such."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tokscope.corpus.documents import REASONS, STDIN_NAME, display_name
from tokscope.render.common.numbers import MEGABYTE_DIGITS, megabytes
from tokscope.render.stats.rows import reason_label


@given(st.integers(min_value=0, max_value=10**13))
def test_megabytes_have_one_precision(n: int) -> None:
    shown = megabytes(n)
    assert len(shown.rsplit(".", 1)[1]) == MEGABYTE_DIGITS
    assert abs(float(shown.replace(",", "")) - n / 1e6) <= 0.5 * 10**-MEGABYTE_DIGITS + 1e-9


def test_a_column_of_sizes_lines_up() -> None:
    assert [megabytes(n) for n in (400_000, 62_000, 0)] == ["0.400", "0.062", "0.000"]


def test_every_skip_reason_is_named_once() -> None:
    for reason in REASONS:
        label = reason_label(reason)
        assert not label.startswith(f"{reason} ({reason}"), label
    assert reason_label("empty") == REASONS["empty"]


def test_standard_input_is_named() -> None:
    assert display_name("-") == STDIN_NAME == "<stdin>"
    assert display_name("./-") == "./-"
