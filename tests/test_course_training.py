"""bpkit.course.training: the one training loop, the data sets, accuracy, the figures and the spiral panel."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

import bpkit
from bpkit.course import Panel, depth, training
from bpkit.course.training import History, train

XOR = training.xor()


def _net(seed=0):
    return training.network([2, 2, 1], seed=seed)


def test_one_full_batch_epoch_is_one_gradient_step():
    """Independent route: the new weights are w - alpha dC/dw with dC/dw from central finite differences."""
    net = _net()
    h = train(net, XOR.x, XOR.y, alpha=0.3, epochs=1)
    num_w, num_b = bpkit.network_numerical_gradients(net, XOR.x, XOR.y)
    for w, b, w_new, b_new, gw, gb in zip(net.weights, net.biases, h.network.weights, h.network.biases, num_w, num_b,
                                          strict=True):
        assert np.allclose(w_new, w - 0.3 * gw, rtol=0, atol=1e-9)
        assert np.allclose(b_new, b - 0.3 * gb, rtol=0, atol=1e-9)


def test_each_epoch_visits_every_sample_once_in_shuffled_batches(monkeypatch):
    seen = []
    backprop = bpkit.Network.backprop

    def recording(self, x, y, cost="quadratic"):
        seen.append([tuple(col) for col in np.asarray(x).T])
        return backprop(self, x, y, cost)

    monkeypatch.setattr(bpkit.Network, "backprop", recording)
    task = training.three_bit()  # 8 distinct samples
    train(training.network([3, 2, 1]), task.x, task.y, alpha=0.1, epochs=3, batch_size=3, seed=5)
    assert [len(b) for b in seen] == [3, 3, 2] * 3  # ceil(8 / 3) updates per epoch, the last batch shorter
    epochs = [sum(seen[3 * e:3 * e + 3], []) for e in range(3)]
    assert all(sorted(e) == sorted(tuple(c) for c in task.x.T) for e in epochs)  # each sample once per epoch
    assert len({tuple(e) for e in epochs}) > 1  # a fresh order each epoch


def test_a_run_is_the_same_for_the_same_seed_only():
    runs = [train(_net(), XOR.x, XOR.y, alpha=0.3, epochs=5, batch_size=1, seed=s).costs for s in (0, 0, 1)]
    assert runs[0] == runs[1] and runs[0] != runs[2]


def test_the_history_records_every_epoch_and_the_final_network():
    net = _net()
    h = train(net, XOR.x, XOR.y, alpha=0.3, gamma=0.5, epochs=40)
    assert len(h.costs) == len(h.outputs) == 41 and h.outputs[0].shape == XOR.y.shape
    assert h.costs[0] == net.cost(XOR.x, XOR.y) and h.costs[-1] == h.network.cost(XOR.x, XOR.y)
    assert np.array_equal(h.outputs[-1], h.network.forward(XOR.x).output)
    t = h.first_below(h.costs[0] / 2)
    assert t is not None and h.costs[t] < h.costs[0] / 2 <= h.costs[t - 1] and h.first_below(0.0) is None


def test_a_single_sample_is_a_data_set_of_one():
    net = bpkit.Network.random([2, 3, 1], seed=2)
    h = train(net, [0.6, 0.7], [0.9], alpha=0.5, gamma=0.1, epochs=200)
    assert h.outputs[0].shape == (1,) and h.costs[-1] < h.costs[0] / 10
    column = train(net, np.array([[0.6], [0.7]]), np.array([[0.9]]), alpha=0.5, gamma=0.1, epochs=200)
    assert column.costs == h.costs


@pytest.mark.parametrize("kwargs, kind, match", [
    ({"epochs": 2.5}, ValueError, "epochs must be an integer >= 0, got 2.5"),
    ({"epochs": True}, ValueError, "epochs must be an integer >= 0, got True"),
    ({"epochs": -1}, ValueError, "epochs must be an integer >= 0, got -1"),
    ({"batch_size": 0}, ValueError, "batch_size must be an integer >= 1, got 0"),
    ({"seed": "0"}, ValueError, "seed must be an integer >= 0, got '0'"),
    ({"alpha": 0.0}, ValueError, "alpha"),
    ({"gamma": 1.0}, ValueError, "gamma"),
    ({"cost": "hinge"}, ValueError, "hinge"),
])
def test_bad_arguments_are_refused_clearly(kwargs, kind, match):
    args = {"alpha": 0.3} | kwargs
    with pytest.raises(kind, match=match):
        train(_net(), XOR.x, XOR.y, **args)


def test_what_is_not_a_network_is_refused():
    with pytest.raises(TypeError, match="net must be a Network, got str"):
        train("net", XOR.x, XOR.y, alpha=0.3)


def test_the_data_sets():
    task = training.three_bit()
    x1, x2, x3 = task.x > 0
    assert task.x.shape == (3, 8) and len({tuple(c) for c in task.x.T}) == 8
    assert np.array_equal(task.y[0] > 0, x3 & ~(x1 & x2))
    assert np.array_equal(XOR.y[0] > 0, XOR.x[0] != XOR.x[1])
    s = training.spiral(per_class=50)
    assert s.x.shape == (2, 100) and s.size == 100 and sorted(set(s.y[0])) == [-1.0, 1.0]
    assert np.array_equal(s.x, training.spiral(per_class=50).x)
    assert not np.array_equal(s.x, training.spiral(per_class=50, seed=1).x)


def test_a_held_out_spiral_has_new_positions_along_the_arms():
    even = [training.spiral(per_class=50, noise=0.0, seed=seed).x for seed in (0, 1)]
    assert np.array_equal(*even)  # by default only the noise depends on the seed
    new = training.spiral(per_class=50, noise=0.0, seed=1, random_positions=True)
    assert np.array_equal(new.x, training.spiral(per_class=50, noise=0.0, seed=1, random_positions=True).x)
    gaps = np.linalg.norm(new.x[:, :, None] - even[0][:, None, :], axis=0).min(axis=1)
    assert new.x.shape == (2, 100) and np.all(gaps > 1e-6)  # no point at a training position


def test_network_draws_weights_in_the_spread():
    net = training.network([3, 5, 1], seed=3, spread=0.25)
    assert net.sizes == [3, 5, 1] and net.hidden.name == "tanh"
    assert all(np.max(np.abs(w)) <= 0.25 for w in net.weights + net.biases)
    assert training.network([3, 5, 1], biases=False).biases is None


def test_accuracy_counts_outputs_with_the_targets_sign():
    y = np.array([[1.0, -1.0, 1.0, -1.0]])
    h = History(outputs=[np.array([[0.2, 0.3, -0.1, -0.5]]), np.array([[0.9, -0.8, 0.7, -0.6]])], costs=[1.0, 0.1])
    assert training.accuracies(h, y) == [0.5, 1.0]
    assert training.first_all_right(h, y) == 1
    assert training.first_all_right(History(outputs=[-y], costs=[1.0]), y) is None


def test_xor_is_learned_with_the_notebooks_settings():
    h = train(_net(), XOR.x, XOR.y, alpha=0.3, gamma=0.5, epochs=100)
    assert training.accuracies(h, XOR.y)[-1] == 1.0 and h.costs[-1] < h.costs[0] / 10


def test_the_figures_show_each_run():
    h = train(_net(), XOR.x, XOR.y, alpha=0.3, gamma=0.5, epochs=50)
    fig = training.loss_figure({"XOR": (h, XOR)})
    ax = fig.axes[0]
    assert len(ax.lines) == 2 and ax.get_yscale() == "log"  # the curve and the dot where all are right
    assert ax.lines[1].get_xdata()[0] == training.first_all_right(h, XOR.y)
    plt.close(fig)
    fig = training.boundary_figure({"a": (h.network, XOR, 1.5), "b": (h.network, XOR, 2.0)}, grid=21)
    assert len(fig.axes) == 3  # two maps and the colour bar
    plt.close(fig)


def test_the_runs_share_tanhs_colour_and_differ_by_line_style():
    runs = {f"seed {s}": (train(_net(s), XOR.x, XOR.y, alpha=0.3, epochs=5), XOR) for s in (0, 1, 2)}
    fig = training.loss_figure(runs, "title")
    curves = [line for line in fig.axes[0].lines if line.get_label().startswith("seed")]
    assert {line.get_color() for line in curves} == {depth.ACT_STYLE["tanh"]["color"]}
    assert len({line.get_linestyle() for line in curves}) == 3 and fig.axes[0].get_title() == "title"
    plt.close(fig)


def test_the_markers_stand_out_from_the_regions_behind_them():
    """Each class's marker is white or black with an edge of the other shade: neither the red nor the blue of the
    output map, so a sample is visible on its own region and on the other one."""
    fig = training.boundary_figure({"XOR": (_net(), XOR, 1.5)}, grid=21)
    marks = fig.axes[0].collections[-2:]
    faces = [tuple(np.round(m.get_facecolor()[0][:3], 3)) for m in marks]
    edges = [tuple(np.round(m.get_edgecolor()[0][:3], 3)) for m in marks]
    assert faces == [(1.0, 1.0, 1.0), (0.0, 0.0, 0.0)] and edges == [(0.0, 0.0, 0.0), (1.0, 1.0, 1.0)]
    assert [m.get_label() for m in marks] == ["target +1", "target -1"]
    plt.close(fig)


def test_xor_from_seed_2_stays_at_a_quarter_while_seed_9_leaves_its_plateau():
    """The notebook's example of a worse valley and of a plateau (XOR, 2-2-1, starts in [-1, 1])."""
    runs = {s: train(training.network([2, 2, 1], seed=s, spread=1.0), XOR.x, XOR.y, alpha=0.3, gamma=0.5, epochs=400)
            for s in (2, 9)}
    assert runs[2].costs[-1] > 0.25 and training.accuracies(runs[2], XOR.y)[-1] == 0.5
    assert min(runs[9].costs[50:200]) > 0.25 and runs[9].costs[-1] < 0.01


def test_the_panel_reports_the_run_it_shows():
    panel = Panel(training.readout, plot=training.readout_plot, **training.sliders(alpha=0.05, gamma=0.9, hidden=4))
    text = panel.set(gamma=0.0)
    data = training.spiral()
    h = train(training.network([2, 4, 4, 1], seed=0, spread=1.0), data.x, data.y, alpha=0.05, epochs=100,
              batch_size=20)
    assert text == training.readout(alpha=0.05, gamma=0.0, hidden=4)
    assert f"cost {h.costs[0]:.4f} -> {h.costs[-1]:.4f}, accuracy {training.accuracies(h, data.y)[-1]:.3f}" in text
    assert "sizes [2, 4, 4, 1]" in text and "1000 updates" in text and panel.image.value[:4] == b"\x89PNG"
