"""bpkit.course.matrices: the shapes picture and the minibatch panel's fixed data."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.patches import Rectangle

import bpkit
from bpkit.course import matrices


def test_the_shapes_picture_draws_every_matrix_to_scale():
    fig = matrices.shapes_figure(m=5, n_in=3, n_out=2)
    left, right = fig.axes
    blocks = {ax: [p for p in ax.patches if isinstance(p, Rectangle)] for ax in (left, right)}
    labels = {ax: [t.get_text() for t in ax.texts] for ax in (left, right)}
    plt.close(fig)
    assert len(blocks[left]) == len(blocks[right]) == 9                         # three equations of three matrices
    for ax in (left, right):                                                    # each block: width x height = shape
        shapes = [t for t in labels[ax] if "×" in t]
        drawn = [f"{round(p.get_height() / 0.5)}×{round(p.get_width() / 0.5)}" for p in blocks[ax]]
        assert drawn == shapes
    assert labels[left].count("5×2") == 3 and labels[right].count("2×5") == 3  # dY and its transpose Delta


def test_the_data_set_is_fixed_and_shuffled():
    net, x, y, order = matrices.dataset()
    assert net.sizes == [3, 4, 2] and x.shape == (3, 64) and y.shape == (2, 64)
    assert sorted(order) == list(range(64)) and list(order) != list(range(64))
    assert np.all((y > 0) & (y < 1))
    assert matrices.dataset()[1] is x                                           # the same arrays every call


@pytest.mark.parametrize("m", [1, 8, 64])
def test_a_minibatch_gradient_is_the_mean_of_its_samples_gradients(m):
    net, x, y, order = matrices.dataset()
    g, full = matrices.minibatch_gradients(m)
    per_sample = []
    for q in order[:m]:
        grads = net.backprop(x[:, q], y[:, q])
        per_sample.append(np.concatenate([a.ravel() for a in grads.nabla_w + grads.nabla_b]))
    assert g.shape == full.shape == (26,)
    assert np.allclose(g, np.mean(per_sample, axis=0), rtol=1e-12, atol=1e-15)
    if m == 64:
        assert np.allclose(g, full, rtol=1e-12, atol=1e-15)


def test_the_minibatch_plot_shows_every_entry_against_the_full_gradient():
    fig = matrices.minibatch_plot(8)
    ax = fig.axes[0]
    points = ax.collections[0].get_offsets()
    plt.close(fig)
    g, full = matrices.minibatch_gradients(8)
    assert np.allclose(points[:, 0], full) and np.allclose(points[:, 1], g)


@pytest.mark.parametrize(("n0", "n1"), [(4, 2), (3, 3), (2, 5)])
def test_the_tied_weights_reference_is_the_gradient_of_a_tied_network(n0, n1):
    """The transfer exercise's reference (matrices.tied) against central differences of a network that uses one
    matrix W as w^1 = W and w^2 = W^T, with BP1 and BP2 run as usual to give its deltas."""
    from bpkit.course.exercises.matrices import _tied_grad

    rng = np.random.default_rng(n0 * 10 + n1)
    W, b1, b2 = rng.normal(size=(n1, n0)), rng.normal(size=n1), rng.normal(size=n0)
    a0, y = rng.uniform(0, 1, n0), rng.uniform(0.1, 0.9, n0)

    def cost(W_):
        a1 = bpkit.sigmoid(W_ @ a0 + b1)
        return 0.5 * float(np.sum((bpkit.sigmoid(W_.T @ a1 + b2) - y) ** 2))

    z1 = W @ a0 + b1
    a1 = bpkit.sigmoid(z1)
    z2 = W.T @ a1 + b2
    delta2 = (bpkit.sigmoid(z2) - y) * bpkit.sigmoid_prime(z2)          # BP1
    delta1 = (W @ delta2) * bpkit.sigmoid_prime(z1)                     # BP2 through w^2 = W^T: (w^2)^T = W
    got = _tied_grad(delta1, a0, delta2, a1)
    assert got.shape == W.shape
    assert bpkit.relative_error(got, bpkit.numerical_gradient(cost, W)) < 1e-8
    assert bpkit.relative_error(np.outer(delta1, a0), bpkit.numerical_gradient(cost, W)) > 1e-3  # one use: too little
