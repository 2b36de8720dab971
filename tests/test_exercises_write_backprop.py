"""The exercises of 11_write_backprop, by routes independent of their checkers: the main one words exactly what
``diagnose_backprop`` finds; the float32 step is the minimum of the model and near the measured one; the step that
fixes the ReLU check does fix it, and the others do not."""

import json
from pathlib import Path

import numpy as np
import pytest

import bpkit
from bpkit import Network
from bpkit.course.diagnose import diagnose_backprop
from bpkit.course.exercises import EXERCISES, check
from bpkit.course.exercises.write_backprop import MAIN, TABLE_H32, _planted, _with_bp3_bp4, backprop
from bpkit.course.mistakes import MISTAKES

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "11_write_backprop.ipynb"


@pytest.mark.parametrize("start", sorted(MAIN))
def test_each_planted_mistake_gets_the_diagnosis_in_full(start):
    texts = [text for _, text in MISTAKES if text.startswith(start)]
    assert len(texts) == 1, start  # the hint names one of the diagnosis' mistakes, and its whole text is shown
    message = check("write.backprop", MAIN[start]).message
    assert message.startswith("Not yet. Hint: " + texts[0]), message
    assert diagnose_backprop(MAIN[start]).message == "Not yet: " + message.removeprefix("Not yet. Hint: ")


def test_the_reference_is_backprop_and_the_check_says_what_it_checked():
    rng = np.random.default_rng(3)
    net = Network.random([2, 6, 3, 4], seed=3)
    x, y = rng.standard_normal((2, 7)), rng.uniform(0.1, 0.9, (4, 7))
    nabla_w, nabla_b = backprop(net.weights, net.biases, x, y)
    want = net.backprop(x, y)
    unplanted = _planted()(net.weights, net.biases, x, y)  # the mistakes' code, with no flag set, is backprop
    for got, same, expected in zip(nabla_w + nabla_b, unplanted[0] + unplanted[1], want.nabla_w + want.nabla_b,
                                   strict=True):
        np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(got, same, rtol=1e-12, atol=1e-15)
    r = check("write.backprop", backprop)
    assert r.ok and "five random networks" in r.message


def test_writing_into_the_inputs_and_an_exception_are_reported_as_hints():
    def steps(weights, biases, x, y):
        out = backprop(weights, biases, x, y)
        biases[0] -= out[1][0]
        return out

    assert check("write.backprop", steps).message.startswith("Not yet. Hint: inputs modified in place")
    message = check("write.backprop", lambda w, b, x, y: w[0] @ x.T).message
    assert message.startswith("Not yet. Hint: your function raised ValueError"), message


def test_calling_bpkits_backprop_or_bp1_to_bp4_is_refused_by_name():
    def by_network(weights, biases, x, y):
        g = bpkit.Network(weights, biases).backprop(x, y)
        return g.nabla_w, g.nabla_b

    assert "calls `bpkit.Network.backprop`" in check("write.backprop", by_network).message
    assert "calls `bpkit.bp3`" in check("write.backprop", _with_bp3_bp4).message
    assert diagnose_backprop(_with_bp3_bp4).ok and diagnose_backprop(by_network).ok  # refused for the call alone
    assert check("write.backprop", lambda w, b, x, y: backprop(w, b, x, y)).ok


OWN_HELPERS = """
import bpkit
from bpkit import sigmoid


def bp1(a_L, y, z_L):
    return (a_L - y) * sigmoid(z_L) * (1 - sigmoid(z_L))


def bp2(w_next, delta_next, z):
    return (w_next.T @ delta_next) * bpkit.sigmoid(z) * (1 - bpkit.sigmoid(z))


def bp3(delta):
    return delta.mean(axis=1)


def bp4(delta, a_prev):
    return delta @ a_prev.T / delta.shape[1]


def my_backprop(weights, biases, x, y):
    zs, activations = [], [x]
    for w, b in zip(weights, biases):
        zs.append(w @ activations[-1] + b[:, None])
        activations.append(bpkit.sigmoid(zs[-1]))
    deltas = [bp1(activations[-1], y, zs[-1])]
    for l in range(len(weights) - 1, 0, -1):
        deltas.insert(0, bp2(weights[l], deltas[0], zs[l - 1]))
    return [bp4(d, a) for d, a in zip(deltas, activations)], [bp3(d) for d in deltas]
"""


def test_a_learners_own_helpers_named_bp1_to_bp4_are_accepted():
    """A notebook cell that defines its own bp1..bp4 (with bpkit.sigmoid) is the learner's code, not bpkit's."""
    cell = {}
    exec(compile(OWN_HELPERS, "<learner's cell>", "exec"), cell)  # run as Jupyter runs a cell
    r = check("write.backprop", cell["my_backprop"])
    assert r.ok, r.message


def test_the_tables_float32_step_is_the_one_the_notebook_prints():
    """The hint for section 3's float32 step fires on the value its table shows."""
    cell = next(c for c in json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"] if c.get("id") == "wb-step")
    text = "".join("".join(o.get("text", [])) for o in cell["outputs"])
    row = next(line.split() for line in text.splitlines() if line.startswith("float32"))
    assert float(row[2]) == TABLE_H32
    assert "section 3's best h" in check("write.best_h32", float(row[2])).message


def _central32(h: float) -> float:
    """The float32 central difference of exp at 0, as float32 computes it."""
    h32 = np.float32(h)
    return float((np.exp(h32) - np.exp(-h32)) / (np.float32(2) * h32))


def test_the_best_float32_step_minimises_the_model_and_lies_near_the_measured_best():
    eps, best = float(np.finfo(np.float32).eps), EXERCISES["write.best_h32"].solution()
    hs = np.geomspace(1e-5, 1e-1, 4001)
    model = hs**2 / 6 + eps / hs  # f = f''' = 1 at 0
    assert best == pytest.approx(hs[model.argmin()], rel=3e-3)
    grid = np.geomspace(1e-5, 1e-1, 321)  # 80 steps a decade
    measured = np.array([abs(_central32(h) - 1.0) for h in grid])
    typical = [np.median(measured[max(0, i - 20):i + 21]) for i in range(len(grid))]  # round-off scatters: the
    assert 1 / 3 < grid[int(np.argmin(typical))] / best < 3                          # median of half a decade
    assert check("write.best_h32", 0.0071).ok and not check("write.best_h32", 0.005).ok


def _relu_check(h: float, dtype: type = np.float64) -> float:
    """Central difference over backprop for the bias of the ReLU neuron with z = 3e-7 (notebook 11, section 3)."""
    net = Network.random([2, 3, 1], seed=1, activation="relu", output_activation="sigmoid")
    x, y = np.array([0.6, 0.7]), np.array([0.9])
    b1 = net.biases[0].copy()
    b1[0] = 3e-7 - net.weights[0][0] @ x
    net = net.replace(biases=[b1, net.biases[1]])
    slope = net.backprop(x, y).nabla_b[0][0]
    ws = [w.astype(dtype) for w in net.weights]

    def cost(b: float) -> float:
        a = np.maximum(ws[0] @ x.astype(dtype) + np.concatenate([[b], b1[1:]]).astype(dtype), 0)
        out = 1 / (1 + np.exp(-(ws[1] @ a + net.biases[1].astype(dtype))))
        return float(0.5 * np.sum((out - y.astype(dtype)) ** 2))

    b = dtype(b1[0])
    return (cost(b + dtype(h)) - cost(b - dtype(h))) / (2 * float(dtype(h))) / slope


def test_only_a_step_smaller_than_z_fixes_the_relu_check():
    assert _relu_check(1e-8) == pytest.approx(1, abs=1e-6)  # about 7 digits, as the exercise says
    assert _relu_check(1e-7) == pytest.approx(1, abs=1e-6)
    assert _relu_check(1e-5) == pytest.approx(0.5 + 3e-7 / 2e-5, abs=1e-6)
    assert abs(_relu_check(1e-3) - 0.5) < abs(_relu_check(1e-5) - 0.5)  # a larger step: closer to 1/2
    assert abs(_relu_check(1e-5, np.float32) - 1) > 0.3  # float32 keeps the straddle
    assert EXERCISES["write.relu_kink"].solution() == "d"
