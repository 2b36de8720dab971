"""bpkit.course.layers: SymPy's pieces named, the cost seen from one layer, the worked example's names and paths."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
import sympy as sp

from bpkit.course import layers
from bpkit.course.examples import worked_example


@pytest.fixture(scope="module")
def ex():
    return worked_example()


def test_named_gradient_names_what_sympy_leaves_unknown():
    a = sp.Matrix(sp.symbols("a1:4"))
    W = sp.Matrix(2, 3, lambda j, k: sp.Symbol(f"w{j + 1}{k + 1}"))
    b, delta = sp.Matrix(sp.symbols("b1:3")), sp.Matrix(sp.symbols("d1:3"))
    z = W * a + b
    assert layers.named_gradient(z, b, delta) == delta                          # dC/db = delta
    assert layers.named_gradient(z, W[1, :], delta) == a * delta[1]             # dC/dw_2k = a_k delta_2
    assert layers.named_gradient(z, a, delta) == W.T * delta                    # dC/da = W^T delta


def test_rename_applied_writes_each_application_by_the_entry_it_holds():
    f, x, t, name = sp.Function("f"), sp.IndexedBase("x"), sp.IndexedBase("t"), sp.IndexedBase("y")
    i = sp.Symbol("i", integer=True)
    expr = f(x[i] - t[i]) ** 2 + f(x[i])
    assert layers.rename_applied(expr, f, {t: name}) == name[i] ** 2 + f(x[i])


@pytest.mark.parametrize("biases", [False, True])
def test_the_cost_from_any_layer_is_the_network_cost(ex, biases):
    net = ex.network()
    if biases:
        net = net.replace(biases=[np.linspace(-0.3, 0.3, n) for n in net.sizes[1:]])
    trace = net.forward(ex.x)
    for l in range(1, len(net.weights) + 1):
        assert layers.cost_from_z(net, ex.y, l, trace.zs[l - 1]) == pytest.approx(net.cost(ex.x, ex.y), rel=1e-14)
    moved = trace.zs[0] + np.array([0.1, 0.0, 0.0])
    assert layers.cost_from_z(net, ex.y, 1, moved) != pytest.approx(net.cost(ex.x, ex.y))


def test_neuron_deltas_are_by_the_articles_numbers(ex):
    grads = ex.network().backprop(ex.x, ex.y)
    named = layers.neuron_deltas(ex, grads.deltas)
    assert list(named) == [3, 4, 5, 6, 7, 8]
    assert named[8] == grads.deltas[-1][0] and named[4] == grads.deltas[0][1]


def test_the_sum_over_paths_is_each_hidden_delta(ex):
    grads = ex.network().backprop(ex.x, ex.y)
    assert layers.paths(ex, 3) == [(3, 6, 8), (3, 7, 8)] and layers.paths(ex, 6) == [(6, 8)]
    delta = layers.neuron_deltas(ex, grads.deltas)
    for n in (3, 4, 5, 6, 7):
        terms = layers.path_terms(ex, grads.trace, {8: delta[8]}, n)
        assert sum(terms.values()) == pytest.approx(delta[n], rel=1e-12)


def test_changed_weights_and_biases_change_only_what_is_named(ex):
    net = ex.network()
    changed = layers.with_weights(ex, net, w78=0.5, w13=-2.0)
    named = layers.by_name(ex, changed.weights)
    assert named["w78"] == 0.5 and named["w13"] == -2.0
    assert all(named[k] == v for k, v in ex.weights.items() if k not in ("w78", "w13"))
    assert layers.by_name(ex, net.weights) == ex.weights                       # the original is untouched
    with pytest.raises(ValueError):
        layers.with_weights(ex, net, w19=1.0)
    zero = net.replace(biases=[np.zeros(n) for n in net.sizes[1:]])
    moved = layers.with_bias(ex, zero, 6, 0.7)
    assert moved.biases[1][0] == 0.7 and zero.biases[1][0] == 0.0
    assert sum(float(np.abs(b).sum()) for b in moved.biases) == pytest.approx(0.7)


def test_the_message_figure_labels_each_edge_with_w_times_delta(ex):
    grads = ex.network().backprop(ex.x, ex.y)
    fig = layers.message_figure(ex, grads)
    texts = {t.get_text() for t in fig.axes[0].texts}
    plt.close(fig)
    delta8 = grads.deltas[-1][0]
    assert f"{ex.weights['w68'] * delta8:+.4f}" in texts and f"δ = {delta8:+.5f}" in texts


def test_the_change_figure_shows_changes_in_units_of_1e_4(ex):
    grads = ex.network().backprop(ex.x, ex.y)
    changes = [-0.3 * g for g in grads.nabla_w]
    fig = layers.change_figure(ex, grads, changes)
    texts = {t.get_text() for t in fig.axes[0].texts}
    plt.close(fig)
    assert f"{layers.by_name(ex, changes)['w78'] * 1e4:+.2f}" in texts


def test_the_bias_pictures_show_delta_as_the_slope_along_each_bias(ex):
    net = ex.network().replace(biases=[np.full(n, 0.1) for n in ex.network().sizes[1:]])
    grads = net.backprop(ex.x, ex.y)
    fig = layers.bias_slope_figure(ex, net, grads, on_target=2.0)
    for ax, n in zip(fig.axes, (8, 6), strict=True):
        l, j = ex.neuron_position(n)
        curve, tangent = ax.lines[0], ax.lines[1]
        (x0, x1), (y0, y1) = tangent.get_xdata(), tangent.get_ydata()
        assert (y1 - y0) / (x1 - x0) == pytest.approx(grads.deltas[l - 1][j], rel=1e-9)
        b, c = curve.get_xdata(), curve.get_ydata()
        assert np.gradient(c, b)[150] == pytest.approx(grads.deltas[l - 1][j], rel=1e-3)   # the curve's own slope
    plt.close(fig)
    fig = layers.bias_figure(ex, net, grads)
    texts = {t.get_text() for t in fig.axes[0].texts}
    plt.close(fig)
    assert f"b = +0.1\nδ = {grads.deltas[-1][0]:+.5f}" in texts
