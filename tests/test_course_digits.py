"""bpkit.course.digits: the start of notebook 17's network, its progress bar, its pictures and its panel."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from sklearn.datasets import load_digits

import bpkit
from bpkit.course import Panel, digits, training
from bpkit.course.exercises import EXERCISES
from bpkit.course.plotting import style

DATA = load_digits()


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _split(n_train=300, n_test=100):
    x = DATA.images.reshape(-1, 64).T / 16.0
    y = np.eye(10)[:, DATA.target]
    order = np.random.default_rng(1).permutation(len(DATA.target))
    tr, te = order[:n_train], order[n_train:n_train + n_test]
    return x[:, tr], y[:, tr], x[:, te], y[:, te]


# ---------------------------------------------------------------- the network's start


def test_the_network_is_tanh_then_softmax_with_glorot_uniform_parameters():
    net = digits.network([64, 30, 10], seed=0)
    assert net.sizes == [64, 30, 10] and (net.activation, net.output_activation) == ("tanh", "softmax")
    for w, b in zip(net.weights, net.biases, strict=True):
        bound = np.sqrt(6.0 / (w.shape[0] + w.shape[1]))  # scikit-learn's rule for tanh
        assert np.max(np.abs(w)) <= bound and np.max(np.abs(b)) <= bound
        assert np.max(np.abs(w)) > 0.9 * bound  # the draws fill the interval
    out = net.forward(np.random.default_rng(0).random((64, 5))).output
    assert np.allclose(out.sum(axis=0), 1.0)


def test_the_start_depends_on_the_seed_only():
    a, b, c = (digits.network([64, 8, 10], seed=s) for s in (3, 3, 4))
    assert all(np.array_equal(u, v) for u, v in zip(a.weights + a.biases, b.weights + b.biases, strict=True))
    assert not np.array_equal(a.weights[0], c.weights[0])


@pytest.mark.parametrize("sizes", [[64], [64, 0, 10], [64, 2.5, 10], [64, True, 10]])
def test_bad_sizes_are_refused_with_a_message(sizes):
    with pytest.raises(ValueError, match="size"):
        digits.network(sizes)


def test_a_bad_seed_is_refused():
    with pytest.raises(ValueError, match="seed"):
        digits.network([64, 4, 10], seed=-1)


# ---------------------------------------------------------------- the progress bar


def test_the_progress_bar_is_shown_as_a_widget_view_only(monkeypatch):
    shown = []
    monkeypatch.setattr(digits, "display", lambda obj, raw=False: shown.append((obj, raw)))
    bar = digits.Progress(5, "training")
    [(bundle, raw)] = shown
    assert raw and set(bundle) == {digits.WIDGET_VIEW}  # no text/plain: nothing for a saved notebook to keep
    assert bundle[digits.WIDGET_VIEW]["model_id"] == bar.bar.model_id
    assert (bar.bar.max, bar.bar.value, bar.bar.description) == (5, 0, "training")
    for k in range(1, 6):
        bar.update(k)
        assert bar.bar.value == k
    bar.close()
    assert bar.bar.comm is None  # closed: the front end removes the view


@pytest.mark.parametrize("value", [6, -1, 2.0, True])
def test_the_progress_bar_refuses_values_outside_its_range(monkeypatch, value):
    monkeypatch.setattr(digits, "display", lambda obj, raw=False: None)
    bar = digits.Progress(5)
    with pytest.raises(ValueError, match="value"):
        bar.update(value)
    assert bar.bar.value == 0


def test_a_progress_bar_needs_at_least_one_step():
    with pytest.raises(ValueError, match="total"):
        digits.Progress(0)


# ---------------------------------------------------------------- pictures


def test_the_mosaic_puts_each_tile_at_its_corner_with_blank_gaps():
    tiles = np.arange(5 * 64, dtype=float).reshape(5, 8, 8)
    out, corners = digits.mosaic(tiles, 3, gap=(2, 1))
    assert out.shape == (2 * 8 + 2, 3 * 8 + 2) and corners == [(0, 0), (0, 9), (0, 18), (10, 0), (10, 9)]
    for tile, (r, c) in zip(tiles, corners, strict=True):
        assert np.array_equal(out[r:r + 8, c:c + 8], tile)
    assert np.isnan(out[8:10]).all() and np.isnan(out[:, 8]).all() and np.isnan(out[10:, 18:]).all()


def test_the_grid_shows_the_first_images_of_each_digit_in_its_row():
    fig = digits.grid(DATA.images, DATA.target, per_class=4)
    ax = fig.axes[0]
    picture = np.asarray(ax.images[0].get_array())
    for k in range(10):
        first = DATA.images[DATA.target == k][:4]
        for q in range(4):
            assert np.array_equal(picture[9 * k:9 * k + 8, 9 * q:9 * q + 8], first[q])
    assert [t.get_text() for t in ax.get_yticklabels()] == [str(k) for k in range(10)]


@pytest.mark.parametrize(("images", "labels"), [(np.zeros((3, 64)), np.zeros(3)), (np.zeros((3, 8, 8)), np.zeros(2))])
def test_pictures_of_digits_refuse_bad_shapes(images, labels):
    with pytest.raises(ValueError, match="shape"):
        digits.grid(images, labels)


def test_the_curves_draw_the_given_numbers_in_the_course_colours():
    acc = {"training": [0.1, 0.9, 0.97], "test": [0.1, 0.85, 0.96]}
    costs = {"bpkit": [1.0, 0.5], "scikit-learn": [1.1, 0.4]}
    fig = digits.curves(acc, costs)
    left, right = fig.axes
    lines = [ln for ln in left.get_lines() if ln.get_label().startswith("bpkit")]
    assert [list(ln.get_ydata()) for ln in lines] == list(acc.values())
    assert all(ln.get_color() == style("backprop")["color"] for ln in lines)
    assert any(list(ln.get_ydata()) == [0.95, 0.95] for ln in left.get_lines())  # the 95% line
    bp, sk = right.get_lines()
    assert list(bp.get_xdata()) == [1, 2] and list(bp.get_ydata()) == costs["bpkit"]
    assert bp.get_color() == style("backprop")["color"] and sk.get_color() == style("other")["color"]


def test_the_confusion_matrix_writes_every_count_and_bolds_the_right_answers():
    matrix = 5 * np.eye(10, dtype=int)
    matrix[3, 5] = 2
    fig = digits.confusion_figure(matrix)
    texts = {(t.get_position(), t.get_text(), t.get_fontweight()) for t in fig.axes[0].texts}
    assert texts == {((k, k), "5", "bold") for k in range(10)} | {((5, 3), "2", "normal")}
    shaded = np.asarray(fig.axes[0].images[0].get_array())
    assert shaded[3, 5] == 2 and np.trace(shaded) == 0  # colour for the mistakes only


@pytest.mark.parametrize("matrix", [np.eye(9, dtype=int), np.eye(10)])
def test_the_confusion_matrix_refuses_what_is_not_ten_by_ten_counts(matrix):
    with pytest.raises(ValueError, match="counts"):
        digits.confusion_figure(matrix)


def test_the_misclassified_digits_are_shown_with_predicted_and_true_labels():
    images, labels = DATA.images[:20], DATA.target[:20]
    predicted = labels.copy()
    predicted[[2, 7, 11]] = (labels[[2, 7, 11]] + 1) % 10
    fig = digits.misclassified(images, labels, predicted, per_row=2)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.texts] == [f"predicted {predicted[q]}\ntrue {labels[q]}" for q in (2, 7, 11)]
    picture = np.asarray(ax.images[0].get_array())
    assert np.array_equal(picture[0:8, 11:19], images[7])  # second tile: row 0, column 1 (gap of 3)
    assert np.array_equal(picture[14:22, 0:8], images[11])  # third tile: row 1 (gap of 6)
    assert "3 misclassified" in ax.get_title()


def test_misclassified_needs_a_mistake_and_matching_shapes():
    with pytest.raises(ValueError, match="nothing to show"):
        digits.misclassified(DATA.images[:5], DATA.target[:5], DATA.target[:5])
    with pytest.raises(ValueError, match="predicted must have shape"):
        digits.misclassified(DATA.images[:5], DATA.target[:5], DATA.target[:4])


def test_each_hidden_neuron_is_drawn_as_its_row_of_weights_on_a_symmetric_scale():
    w = np.random.default_rng(0).normal(size=(7, 64))
    fig = digits.hidden_units(w, per_row=3)
    ax = fig.axes[0]
    image = ax.images[0]
    picture = np.asarray(image.get_array())
    assert np.array_equal(picture[12:20, 10:18], w[4].reshape(8, 8))  # neuron 5: row 1, column 1 (gaps 4, 2)
    low, high = image.get_clim()
    assert low == -high and high == pytest.approx(np.percentile(np.abs(w), 99))
    assert [t.get_text() for t in ax.texts] == [f"j = {j}" for j in range(1, 8)]
    with pytest.raises(ValueError, match="shape"):
        digits.hidden_units(np.zeros((3, 63)))


# ---------------------------------------------------------------- the panel


def test_the_sliders_start_on_their_grid():
    s = digits.sliders(hidden=10, alpha=0.05, epochs=10)
    assert list(s) == ["hidden", "alpha", "epochs"]
    assert (s["hidden"].value, s["alpha"].value, s["epochs"].value) == (10, 0.05, 10)


def test_the_readout_states_the_test_accuracy_of_the_trained_network(monkeypatch):
    x_train, y_train, x_test, y_test = _split()
    calls = []
    real_train = digits.train

    def counting(*args, **kwargs):
        calls.append(args[3:6])
        return real_train(*args, **kwargs)

    monkeypatch.setattr(digits, "train", counting)
    render = digits.readout(x_train, y_train, x_test, y_test)
    text = render(hidden=6.0, alpha=0.1, epochs=3.0)
    h = training.train(digits.network([64, 6, 10]), x_train, y_train, 0.1, 0.9, 3, "cross_entropy", 32)
    right = h.network.forward(x_test).output.argmax(axis=0) == y_test.argmax(axis=0)
    assert f"test {np.mean(right):.3f} ({np.sum(~right)} of 100 test digits wrong)" in text
    assert text.startswith("64-6-10, alpha = 0.10, gamma = 0.9, batches of 32, 3 epochs (30 updates)")
    assert render(hidden=6, alpha=0.1000000001, epochs=3) == text and len(calls) == 1  # cached
    assert render(hidden=6, alpha=0.1, epochs=1) != text and "1 epoch (10 updates)" in render(6, 0.1, 1)


def test_the_panel_shows_the_readout_of_its_sliders():
    x_train, y_train, x_test, y_test = _split(100, 50)
    panel = Panel(digits.readout(x_train, y_train, x_test, y_test), **digits.sliders(hidden=4, alpha=0.05, epochs=2))
    assert panel.text.startswith("64-4-10") and "2 epochs" in panel.text
    assert panel.set(hidden=8).startswith("64-8-10")


def test_the_readout_refuses_test_data_of_the_wrong_shape():
    x_train, y_train, x_test, y_test = _split(50, 20)
    with pytest.raises(ValueError, match="x_test"):
        digits.readout(x_train, y_train, x_test[:63], y_test)


# ---------------------------------------------------------------- the exercises' facts


def test_the_dead_pixel_exercise_states_a_fact_and_its_answer_is_what_training_does():
    assert np.all(DATA.images[:, 0, 0] == 0)  # the top-left pixel is blank in all 1,797 images
    x_train, y_train, _, _ = _split(200, 10)
    net = digits.network([64, 5, 10], seed=2)
    after = training.train(net, x_train, y_train, 0.1, 0.9, 3, "cross_entropy", 16).network
    assert np.array_equal(after.weights[0][:, 0], net.weights[0][:, 0])  # kept their start: answer (d)
    assert not np.allclose(after.weights[0][:, 1:], net.weights[0][:, 1:])
    assert EXERCISES["digits.dead_pixel"].solution() == "d"


def test_the_parameter_count_is_what_a_network_has():
    net = digits.network([64, 30, 10])
    assert EXERCISES["digits.parameters"].solution() == sum(p.size for p in net.weights + net.biases)


def test_the_delta_exercise_output_is_a_distribution_and_its_answer_is_bp1():
    from bpkit.course.exercises.digits import _A, _LABEL

    assert sum(_A) == pytest.approx(1.0, abs=1e-12) and len(_A) == 10
    z = np.log(np.array(_A))
    y = np.eye(10)[_LABEL]
    slope = bpkit.numerical_gradient(lambda v: float(np.log(np.sum(np.exp(v))) - y @ v), z)  # C in z, by differences
    assert EXERCISES["digits.delta_true_class"].solution() == pytest.approx(slope[_LABEL], abs=1e-8)
