"""bpkit.course.paths: path counts, the rate factors of eq. (53) in floats, and the figures of notebook 09."""

import itertools
import math

import matplotlib.pyplot as plt
import numpy as np
import pytest

import bpkit
from bpkit.course import paths
from bpkit.course.examples import worked_example
from bpkit.course.plotting import style


def _every_path(sizes, l, j):
    """Brute force: every tuple (j, q, ..., m) with one neuron in each layer after l."""
    return [(j, *rest) for rest in itertools.product(*(range(n) for n in sizes[l + 1:]))]


@pytest.mark.parametrize("sizes", [[2, 1], [2, 3, 1], [3, 2, 4, 2], [1, 1, 1, 1, 1], [4, 3, 3, 3, 1]])
def test_counts_match_listing_every_path(sizes):
    L = len(sizes) - 1
    listed = [p for l in range(1, L + 1) for j in range(sizes[l]) for _ in range(sizes[l - 1])
              for p in _every_path(sizes, l, j)]
    c = paths.counts(sizes)
    assert c.sizes == tuple(sizes)
    assert c.weights == sum(a * b for a, b in itertools.pairwise(sizes))
    assert c.path_terms == len(listed)
    assert c.path_mults == sum(len(p) for p in listed)               # len(p) + 1 factors, one product fewer
    assert all(paths.count_paths(sizes, l) == len(_every_path(sizes, l, 0)) for l in range(1, L + 1))
    # BP1: n_L products; BP2: n_{l+1} n_l + n_l per hidden layer; BP4: one per weight
    bp2 = sum(sizes[l + 1] * sizes[l] + sizes[l] for l in range(1, L))
    assert c.backprop_mults == sizes[-1] + bp2 + c.weights


def test_uniform_sizes():
    assert paths.uniform(3, 2) == [2, 2, 2, 2, 1]
    assert paths.count_paths(paths.uniform(4, 3), 1) == 3 ** 3


@pytest.mark.parametrize("activation", ["sigmoid", "tanh"])
def test_the_sum_over_paths_of_the_rate_factors_is_the_gradient(activation):
    net = bpkit.Network.random([3, 4, 3, 2], seed=6, activation=activation, output_activation="sigmoid")
    x, y = np.array([0.5, -0.2, 0.8]), np.array([0.3, 0.9])
    g = net.backprop(x, y)
    for l, w in enumerate(net.weights, start=1):
        for j, k in np.ndindex(w.shape):
            terms = paths.path_terms(net, x, y, l, j, k)
            assert sorted(terms) == _every_path(net.sizes, l, j)
            assert sum(terms.values()) == pytest.approx(g.nabla_w[l - 1][j, k], rel=1e-12, abs=1e-16)


def test_the_rate_factors_of_one_path_of_the_worked_example():
    ex = worked_example()
    net = ex.network()
    l, j, k = ex.weight_position("w24")                                 # path 4 -> 7 -> 8
    t = net.forward(ex.x)
    s = [bpkit.sigmoid_prime(z) for z in t.zs]
    want = [s[0][j] * ex.x[k], s[1][1] * ex.weights["w47"], s[2][0] * ex.weights["w78"], t.output[0] - ex.y[0]]
    assert np.allclose(paths.rate_factors(net, ex.x, ex.y, l, k, (j, 1, 0)), want, rtol=1e-15)
    assert paths.path_terms(net, ex.x, ex.y, l, j, k)[(j, 1, 0)] == pytest.approx(math.prod(want), rel=1e-14)
    assert paths.article_path(ex, l, (j, 1, 0)) == "4 -> 7 -> 8 -> C"


def test_the_figures_show_every_path_and_both_growths():
    ex = worked_example()
    fig = paths.paths_figure(ex, ex.network(), "w13")
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    terms = paths.path_terms(ex.network(), ex.x, ex.y, 1, 0, 0)
    assert labels == [f"via neurons 3 -> 6 -> 8 -> C: product {terms[(0, 0, 0)]:+.6f}",
                      f"via neurons 3 -> 7 -> 8 -> C: product {terms[(0, 1, 0)]:+.6f}"]
    assert fig.axes[0].get_title().startswith("Every path from w¹₁₁ (the article's w13)")
    fig = paths.growth_figure(range(1, 5), range(1, 5), 3, 2)
    assert len(fig.axes) == 2 and all(ax.get_yscale() == "log" for ax in fig.axes)
    right = fig.axes[1].get_lines()
    assert right[1].get_color() == style("backprop")["color"] and right[0].get_color() == style("other")["color"]
    assert list(right[0].get_ydata()) == [paths.counts(paths.uniform(2, n)).path_mults for n in range(1, 5)]
    plt.close("all")


def test_nielsen_names_for_figures():
    assert paths.nielsen_name("w", 1, 0, 0) == "w¹₁₁" and paths.nielsen_name("a", 3, 0) == "a³₁"
    assert paths.nielsen_name("w", 2, 1, 2) == "w²₂₃"
