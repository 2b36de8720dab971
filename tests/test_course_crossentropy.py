"""bpkit.course.crossentropy: the saturated examples of notebook 14, the training runs and their measures."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

import bpkit
from bpkit.course import crossentropy
from bpkit.course.training import History


def test_nielsens_saturated_neuron_and_its_two_deltas():
    neuron = crossentropy.saturated_neuron(2.0)
    a = neuron.forward([1.0]).output[0]
    assert a == pytest.approx(1 / (1 + np.exp(-4.0)), rel=1e-15)
    quadratic = neuron.backprop([1.0], [0.0], "quadratic").deltas[-1][0]
    cross = neuron.backprop([1.0], [0.0], "cross_entropy").deltas[-1][0]
    assert cross == pytest.approx(a, rel=1e-15)                                 # delta = a - y
    assert quadratic == pytest.approx(a * bpkit.sigmoid_prime(4.0), rel=1e-14)  # delta = (a - y) sigma'(z)


def test_steps_to_and_largest_error_read_a_history():
    h = History(outputs=[np.array([[0.9, 0.2]]), np.array([[0.4, 0.3]]), np.array([[0.05, 0.95]])], costs=[1, 1, 1])
    y = np.array([[0.0, 1.0]])
    assert np.allclose(crossentropy.largest_error(h, y), [0.9, 0.7, 0.05])
    assert crossentropy.steps_to(h, y, 0.8) == 1 and crossentropy.steps_to(h, y, 0.1) == 2
    assert crossentropy.steps_to(h, y, 0.01) is None


def test_cross_entropy_escapes_the_saturation_sooner():
    runs = crossentropy.train_both(crossentropy.saturated_neuron(2.0), [1.0], [0.0], 0.15, 100)
    assert set(runs) == set(crossentropy.COSTS)
    assert all(len(h.outputs) == 101 for h in runs.values())
    first = {cost: h.outputs[1][0] - h.outputs[0][0] for cost, h in runs.items()}
    assert first["cross_entropy"] < first["quadratic"] < 0                      # both move down, CE much faster
    assert crossentropy.steps_to(runs["cross_entropy"], [0.0], 0.5) < 100
    assert crossentropy.steps_to(runs["quadratic"], [0.0], 0.5) is None


def test_the_saturated_network_is_wrong_on_three_of_its_four_targets():
    net, x, y = crossentropy.saturated_network()
    out = net.forward(x).output
    assert x.shape == (2, 4) and y.tolist() == [[0.0, 1.0, 1.0, 1.0]]
    assert np.all(out < 0.01)                                                  # stuck near 0
    assert np.sum(np.abs(out - y) > 0.99) == 3


def test_the_slowdown_figures():
    runs = crossentropy.train_both(crossentropy.saturated_neuron(2.0), [1.0], [0.0], 0.15, 20)
    fig = crossentropy.slowdown_figure(runs, [0.0], "title")
    errors, costs = fig.axes
    assert [line.get_label() for line in errors.get_lines()] == ["quadratic cost", "cross-entropy"]
    assert np.allclose(errors.get_lines()[1].get_ydata(), crossentropy.largest_error(runs["cross_entropy"], [0.0]))
    assert costs.get_yscale() == "log"
    for line, cost in zip(costs.get_lines(), crossentropy.COSTS, strict=True):  # each cost over its own start
        h = runs[cost].costs
        assert np.allclose(line.get_ydata(), np.asarray(h) / h[0]) and line.get_ydata()[0] == 1.0
        assert f"C(0) = {h[0]:.3g}" in line.get_label()
    assert errors.get_lines()[0].get_color() != errors.get_lines()[1].get_color()
    plt.close(fig)
    fig = crossentropy.readout_plot(1.0, 0.5)
    assert fig.axes[0].get_title() == "one neuron, w = b = 1.0, alpha = 0.50"
    plt.close(fig)
