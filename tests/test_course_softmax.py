"""bpkit.course.softmax: the notebook's table, readout and figure state what the numbers are."""

import matplotlib.pyplot as plt
import numpy as np

from bpkit.course import softmax as sm


def test_vec_formats_fixed_decimals_and_signs():
    assert sm.vec([0.5, -0.25], 2) == "(0.50, -0.25)"
    assert sm.vec([0.5, -0.25], 1, sign=True) == "(+0.5, -0.2)"


def test_against_lists_the_reference_first_and_each_relative_error():
    ref = np.array([1.0, 0.0])
    text = sm.against(ref, {"same": ref.copy(), "opposite": -ref})
    rows = [line for line in text.splitlines() if "finite differences" in line or "same" in line
            or "opposite" in line]
    assert "0.00" in rows[1] and "1.00" in rows[-1]


def test_readout_rows_of_the_jacobian_sum_to_zero_and_s_sums_to_one():
    text = sm.readout(0.0, 0.0, 0.0)
    assert "s = (0.3333, 0.3333, 0.3333)" in text
    assert text.count("sum 0.0000") == 3
    assert "s - y = (-0.6667, +0.3333, +0.3333)" in text


def test_sliders_start_at_the_logits():
    s = sm.sliders(np.array([0.3, -1.2, 2.0]))
    assert list(s) == ["x1", "x2", "x3"] and [w.value for w in s.values()] == [0.3, -1.2, 2.0]


def test_delta_table_reports_small_errors_as_below_1e7():
    d = np.array([0.1, -0.1])
    text = sm.delta_table([("quadratic", d, d, 1e-9), ("cross_entropy", d, d, 3e-3)])
    assert "< 1e-7" in text and "3.0e-03" in text


def test_figure_and_alt_text():
    x0 = np.array([1.0, 0.0, -1.0])
    fig = sm.jacobian_figure(x0)
    assert len(fig.axes) >= 3
    plt.close(fig)
    assert "x = (1.0, 0.0, -1.0)" in sm.alt_text(x0)
