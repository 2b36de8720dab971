"""bpkit.course.curves: the sigmoid's and BP1's plumbing computes what its text says."""


import matplotlib.pyplot as plt
import mpmath
import numpy as np
import pytest

from bpkit.course import curves


@pytest.mark.parametrize("t", [0.01, 0.1, 0.2, 0.249])
def test_saturation_z_is_where_sigma_prime_equals_the_threshold(t):
    z = curves.saturation_z(t)
    mpmath.mp.dps = 30
    s = 1 / (1 + mpmath.exp(-z))
    assert float(s * (1 - s)) == pytest.approx(t, rel=1e-12) and z > 0


def test_table_formats_floats_and_keeps_text():
    text = curves.table({"z": [0.5, -1.0], "name": ["a", "b"]}, fmt=".3f", formats={"z": "+.1f"})
    assert text.splitlines()[2].split() == ["+0.5", "a"] and text.splitlines()[3].split() == ["-1.0", "b"]


@pytest.mark.parametrize("y, z", [(0.9, 0.2), (0.0, -3.0), (1.0, 4.0)])
def test_output_delta_is_bp1_in_nielsens_sign_for_both_costs(y, z):
    mpmath.mp.dps = 30
    a = 1 / (1 + mpmath.exp(-z))
    assert curves.output_delta(z, y)[0] == pytest.approx(float((a - y) * a * (1 - a)), rel=1e-12)
    assert curves.output_delta(z, y, "cross_entropy")[0] == pytest.approx(float(a - y), rel=1e-12)


def test_readouts_report_the_values_they_name():
    text = curves.sigmoid_readout(0.0)
    assert "σ(z) = 0.50000000" in text and "σ'(z) = 0.25000000" in text and "(100.00% of the peak 1/4)" in text
    lines = curves.bp1_readout(0.9, 0.0).splitlines()
    d = (0.5 - 0.9) * 0.25
    assert "error a - y = -0.400000" in lines[0] and "f'(I8) = 0.250000" in lines[0]
    assert f"{d:+.6f}" in lines[1] and f"{0.5 - 0.9:+.6f}" in lines[2] and len(lines) == 3   # Nielsen's sign only


def test_bp1_figure_uses_the_course_colours():
    from bpkit.course.plotting import style

    fig = curves.bp1_figure(0.9, 0.2)
    colours = {line.get_color() for ax in fig.axes for line in ax.get_lines()}
    plt.close(fig)
    assert {style("backprop")["color"], style("target")["color"], style("other")["color"]} <= colours


def test_figures_are_drawn():
    for fig in (curves.sigmoid_plot(1.0), curves.bp1_figure(0.9, 0.2),
                curves.sigmoid_figure(np.array([0.1, 1.78]), [3, 4])):
        assert fig.axes
        plt.close(fig)
