"""bpkit.course.layers: SymPy's pieces named, the cost seen from one layer, the worked example's names and pictures;
and the answers of the exercises of notebooks 04-06 that need a derivation the notebooks do not show (a skip
connection, a tied bias, an L2 step), each checked by an independent route (SymPy, finite differences)."""

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
    assert f"δ = {grads.deltas[-1][0]:+.4f}" in texts                          # delta in Nielsen's sign, dC/dz


def test_the_bias_pictures_show_delta_as_the_slope_along_each_bias(ex):
    net = ex.network().replace(biases=[np.full(n, 0.1) for n in ex.network().sizes[1:]])
    grads = net.backprop(ex.x, ex.y)
    fig = layers.bias_slope_figure(ex, net, grads, on_target=2.0)
    left, right = fig.axes
    assert left.get_ylim() == right.get_ylim()                                  # one y scale: slopes compare
    assert np.diff(left.get_xlim()) == pytest.approx(np.diff(right.get_xlim()))  # x ranges of the same width
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


# ---------------------------------------------------------------- the transfer exercises, by independent routes


def test_the_skip_connection_answer_is_sympys_derivative():
    """delta^l_1 with a skip layer l -> l+2: SymPy differentiates C = G(z^{l+2}) through both routes, and the
    exercise's answer, with delta^{l+1} = (v^T delta^{l+2}) * sigma'(z^{l+1}) put in, is the same expression."""
    from bpkit.course.exercises import EXERCISES

    sigma, G = sp.Function("sigma"), sp.Function("G")
    z_l, z_m = sp.symbols("zl1:3"), sp.symbols("zm1:3")
    W = sp.Matrix(2, 2, lambda k, j: sp.Symbol(f"w{k + 1}{j + 1}"))
    U = sp.Matrix(2, 2, lambda k, j: sp.Symbol(f"u{k + 1}{j + 1}"))
    V = sp.Matrix(2, 2, lambda k, j: sp.Symbol(f"v{k + 1}{j + 1}"))
    a_l = sp.Matrix(z_l).applyfunc(sigma)
    z_next = W * a_l                                                            # z^{l+1}
    z_skip = V * z_next.applyfunc(sigma) + U * a_l                              # z^{l+2}, with the skip
    e = sp.Matrix(sp.symbols("e1:3"))
    whole = sp.diff(G(*z_skip), z_l[0])                                         # dC/dz^l_1, by SymPy
    whole = whole.xreplace({s: e[s.expr.expr.args.index(s.expr.variables[0])]    # dG/dz^{l+2}_m named e_m
                            for s in whole.atoms(sp.Subs) if s.expr.expr.func == G})
    slope = sp.Matrix([sp.diff(sigma(z), z) for z in z_m])
    d = (V.T * e).multiply_elementwise(slope)                                   # delta^{l+1}, BP2 from delta^{l+2}
    answer = EXERCISES["bp2.skip"].solution()
    put_in = answer.subs({sp.Symbol("d1"): d[0], sp.Symbol("d2"): d[1],
                          sp.Symbol("s1"): sp.diff(sigma(z_l[0]), z_l[0])})
    at_point = {z: zn for z, zn in zip(z_m, z_next, strict=True)}
    assert sp.expand(whole - put_in.subs(at_point)) == 0
    without_skip = answer.subs({sp.Symbol("u11"): 0, sp.Symbol("u21"): 0})
    assert sp.expand(whole - without_skip.subs({sp.Symbol("d1"): d[0], sp.Symbol("d2"): d[1]})
                     .subs(at_point)) != 0                                        # the check can fail


def test_the_tied_bias_answer_is_the_finite_difference_slope_along_beta(ex):
    from bpkit import numerical_gradient
    from bpkit.course.exercises import EXERCISES

    net = ex.network()

    def cost(beta):
        biases = [np.full(n, float(beta[0])) if i == 0 else np.zeros(n) for i, n in enumerate(net.sizes[1:])]
        return net.replace(biases=biases).cost(ex.x, ex.y)

    slope = numerical_gradient(cost, np.zeros(1))[0]
    assert EXERCISES["bp3.tied"].solution() == pytest.approx(slope, rel=1e-8)
    assert EXERCISES["bp3.tied"].check(slope).ok


def test_the_l2_step_goes_against_the_finite_difference_gradient_of_the_regularised_cost(ex):
    from bpkit import numerical_gradient
    from bpkit.course.exercises import EXERCISES

    lam, alpha = 0.2, 0.3
    rng = np.random.default_rng(1)
    net = ex.network().replace(biases=[rng.uniform(-0.5, 0.5, n) for n in ex.network().sizes[1:]])
    grads = net.backprop(ex.x, ex.y)
    step = EXERCISES["bp4.l2"].solution()
    for l in range(len(net.weights)):
        def regularised(flat, l=l):
            n, m = net.weights[l].shape
            w, b = flat[: n * m].reshape(n, m), flat[n * m:]
            ws = [w if i == l else wi for i, wi in enumerate(net.weights)]
            bs = [b if i == l else bi for i, bi in enumerate(net.biases)]
            return net.replace(weights=ws, biases=bs).cost(ex.x, ex.y) + lam / 2 * sum(
                float(np.sum(wi**2)) for wi in ws)

        flat = np.concatenate([net.weights[l].ravel(), net.biases[l]])
        g = numerical_gradient(regularised, flat)
        n, m = net.weights[l].shape
        expected = np.column_stack(((flat - alpha * g)[: n * m].reshape(n, m), (flat - alpha * g)[n * m:]))
        got = step(net.weights[l], net.biases[l], grads.nabla_w[l], grads.nabla_b[l], alpha, lam)
        assert np.allclose(got, expected, rtol=1e-7, atol=1e-10)
