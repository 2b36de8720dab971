"""bpkit.course.costcount: the operation counts of notebook 13, checked against SymPy built independently."""

import itertools

import matplotlib.pyplot as plt
import pytest
import sympy as sp

from bpkit.course import costcount
from bpkit.course.plotting import style

SIZES = [(2, 1), (1, 1, 1), (2, 3, 1), (3, 2, 2), (2, 2, 3, 1)]


def _by_hand(sizes):
    """A sigmoid network's quadratic cost written out here, not with bpkit.symbolic: (cost, w^1, b^1, w^2, ...)."""
    a = list(sp.symbols(f"x1:{sizes[0] + 1}"))
    params = []
    for l, (k, n) in enumerate(itertools.pairwise(sizes), start=1):
        z = []
        for j in range(n):
            w = sp.symbols(f"w{l}_{j}_0:{k}")
            b = sp.Symbol(f"b{l}_{j}")
            params += [*w, b]
            z.append(sum(w[i] * a[i] for i in range(k)) + b)
        a = [1 / (1 + sp.exp(-zj)) for zj in z]
    y = sp.symbols(f"y1:{sizes[-1] + 1}")
    return sum((a[j] - y[j]) ** 2 for j in range(sizes[-1])) / 2, params


@pytest.mark.parametrize("sizes", SIZES)
def test_forward_ops_add_up_the_operations_of_each_neuron(sizes):
    z = sp.Symbol("z")
    per_neuron = {n_in: int(sp.count_ops(sum(sp.symbols(f"w:{n_in}")[i] * sp.symbols(f"a:{n_in}")[i]
                                              for i in range(n_in)) + sp.Symbol("b"))) for n_in in sizes[:-1]}
    sigmoid = int(sp.count_ops(1 / (1 + sp.exp(-z))))
    y, a = sp.symbols(f"y:{sizes[-1]}"), sp.symbols(f"a:{sizes[-1]}")
    cost = int(sp.count_ops(sum((a[j] - y[j]) ** 2 for j in range(sizes[-1])) / 2))
    want = sum(n * (per_neuron[k] + sigmoid) for k, n in itertools.pairwise(sizes)) + cost
    assert costcount.forward_ops(sizes) == want
    assert costcount.backprop_ops(sizes) == costcount.forward_ops(sizes) + costcount.backward_ops(sizes)
    assert costcount.backward_ops(sizes) < 1.5 * costcount.forward_ops(sizes)


def test_parameters_and_finite_differences():
    assert costcount.parameters([2, 3, 1]) == 2 * 3 + 3 + 3 * 1 + 1
    assert costcount.sizes_of(4, 3) == [2, 4, 4, 1] and costcount.sizes_of(5, 1) == [2, 1]
    p, f = costcount.parameters([2, 3, 1]), costcount.forward_ops([2, 3, 1])
    assert costcount.finite_difference_ops([2, 3, 1]) == 2 * p * f + 4 * p


@pytest.mark.parametrize("sizes", [(2, 1), (1, 1, 1), (2, 2, 1)])
def test_naive_ops_count_sympys_derivative_of_the_cost_built_by_hand(sizes):
    cost, params = _by_hand(sizes)
    _, ours = costcount.cost_and_parameters(sizes)
    assert len(params) == len(ours) == costcount.parameters(sizes)
    assert costcount.naive_ops(sizes) == sum(int(sp.count_ops(sp.diff(cost, p))) for p in params)
    assert costcount.cse_ops(sizes) < costcount.naive_ops(sizes)
    order = [f"{v}^{l}" for l, (k, n) in enumerate(itertools.pairwise(sizes), start=1) for v in "wb"
             for _ in range(n * k if v == "w" else n)]                  # w^1, b^1, w^2, b^2, ...
    assert [str(p).split("_")[0] for p in ours] == order


def test_counts_with_and_without_measuring():
    c = costcount.counts([2, 2, 1])
    assert (c.naive, c.cse) == (costcount.naive_ops((2, 2, 1)), costcount.cse_ops((2, 2, 1)))
    big = costcount.counts([784, 30, 10], measure=False)
    assert big.naive is None and big.cse is None and big.parameters == 784 * 30 + 30 + 30 * 10 + 10
    assert costcount.METHODS["backprop"](big) == costcount.backprop_ops([784, 30, 10])
    ratios = [costcount.counts(costcount.sizes_of(2, L)).naive / costcount.backprop_ops(costcount.sizes_of(2, L))
              for L in (1, 2, 3)]
    assert ratios[0] < ratios[1] < ratios[2]
    assert costcount.cheap_to_build(2, 6) and not costcount.cheap_to_build(6, 2)


@pytest.mark.parametrize("L", [1, 2, 5])
def test_the_chain_program_gives_sympys_derivatives_with_3L_minus_1_multiplications(L):
    ch = costcount.chain(L)
    assert len(ch.w) == L and ch.cost.has(*ch.w)
    env = dict(ch.stored)
    for name, rhs in ch.program:                  # run the program line by line
        env[name] = rhs.xreplace(env)
    for g, w in zip(ch.grads, ch.w, strict=True):
        assert sp.expand(env[g] - sp.diff(ch.cost, w)) == 0
    assert sum(costcount.multiplications(rhs) for _, rhs in ch.program) == 3 * L - 1
    assert sum(costcount.multiplications(sp.diff(ch.cost, w)) for w in ch.w) == L**2 + L


@pytest.mark.parametrize("L", [1, 2, 5])
def test_the_chain_with_a_linear_output_needs_3L_minus_2_multiplications(L):
    ch = costcount.chain(L, linear_output=True)
    x, y = sp.symbols("x y")
    h = x
    for w in ch.w[:-1]:                           # the hidden layers, written out here: a_l = R(w_l a_{l-1})
        h = sp.Function("R")(w * h)
    assert sp.expand(ch.cost - (ch.w[-1] * h - y) ** 2 / 2) == 0   # no activation on the output
    env = dict(ch.stored)
    for name, rhs in ch.program:
        env[name] = rhs.xreplace(env)
    for g, w in zip(ch.grads, ch.w, strict=True):
        assert sp.expand(env[g] - sp.diff(ch.cost, w)) == 0
    assert sum(costcount.multiplications(rhs) for _, rhs in ch.program) == 3 * L - 2
    assert sum(costcount.multiplications(sp.diff(ch.cost, w)) for w in ch.w) == L**2


def test_multiplications_counts_the_factors_of_a_product():
    x, y, z = sp.symbols("x y z")
    assert [costcount.multiplications(e) for e in (x, x * y, x * y * z, x + y)] == [0, 1, 2, 0]


def test_the_growth_figure():
    by_width = [costcount.counts(costcount.sizes_of(n, 2)) for n in (1, 2)]
    by_depth = [costcount.counts(costcount.sizes_of(2, L)) for L in (1, 2)]
    fig = costcount.growth_figure(by_width, by_depth, max_width=8, max_depth=4)
    left, right = fig.axes
    assert (left.get_xscale(), left.get_yscale(), right.get_yscale()) == ("log", "log", "log")
    naive = [line for line in right.get_lines() if line.get_label() == "SymPy naive derivative (measured)"]
    assert list(naive[0].get_ydata()) == [c.naive for c in by_depth]
    colours = {line.get_label(): line.get_color() for line in right.get_lines()}
    assert colours["backprop"] == style("backprop")["color"]                        # one colour per concept
    assert colours["finite differences"] == style("finite differences")["color"]
    sympy_colour = style("SymPy")["color"]
    assert colours["SymPy naive derivative (measured)"] == colours["SymPy after cse (measured)"] == sympy_colour
    plt.close(fig)
