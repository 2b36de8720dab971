"""bpkit.course.depth: deep seeded networks and the size of delta per layer."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from bpkit.course import crossentropy, depth
from bpkit.course.plotting import CONCEPTS


def test_deep_network_rescales_each_layer_by_scale_over_sqrt_n():
    net = depth.deep_network("tanh", 3, width=8, scale=2.0, seed=1)
    raw = depth.Network.random([8] * 4, seed=1, biases=False, activation="tanh")
    for w, w0 in zip(net.weights, raw.weights, strict=True):
        assert np.allclose(w, w0 * 2.0 / np.sqrt(8))
    assert net.biases is None and net.activation == "tanh"


def test_delta_sizes_and_shrink_per_layer():
    net, grads = depth.run("sigmoid", 6, width=8)
    sizes = depth.delta_sizes(grads)
    assert sizes.shape == (6,) and np.all(sizes > 0)
    assert sizes[0] == pytest.approx(np.mean(np.abs(grads.deltas[0])))
    geometric = np.exp(np.mean(np.log(sizes[:-2] / sizes[1:-1])))  # the same mean, one layer at a time
    assert depth.shrink_per_layer(sizes) == pytest.approx(geometric)


def test_sigmoid_deltas_shrink_towards_the_input_and_bp2_bounds_them():
    net, grads = depth.run("sigmoid", 8)
    sizes = depth.delta_sizes(grads)
    assert sizes[0] < sizes[-2] and depth.shrink_per_layer(sizes) < 1  # a factor below 1 per layer down
    assert np.all(depth.norm_bound_ratios(net, grads) <= depth.PEAK_SLOPE["sigmoid"] + 1e-12)


def test_readout_and_derivative_table():
    text = depth.readout(4, 1.0)
    assert text.startswith("4 layers of 32 neurons") and all(a in text for a in depth.ACTS)
    table = depth.derivative_table([0.0, 1.0], {"exact": [0.25, 0.2], "approx": [0.25, 0.22]}, "exact")
    assert "2.200000e-01 (1.0e-01)" in table and "2.500000e-01 (< 1e-14)" in table and "approx (rel. error)" in table


def test_each_activation_and_each_cost_has_a_colour_no_route_concept_uses():
    concept_colours = {c["color"].lower() for c in CONCEPTS.values()}
    ours = [s["color"].lower() for s in depth.ACT_STYLE.values()] + [s["color"].lower()
                                                                    for s in crossentropy.STYLE.values()]
    assert set(depth.ACT_STYLE) == set(depth.ACTS) and len(set(ours)) == len(ours)
    assert not concept_colours & set(ours)
    fig = depth.readout_plot(4, 1.0)
    assert [line.get_color() for line in fig.axes[0].lines] == [depth.ACT_STYLE[a]["color"] for a in depth.ACTS]
    plt.close(fig)
