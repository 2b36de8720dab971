"""Bad input gets a clear ValueError/TypeError that says what was wrong and what was expected."""

import json

import numpy as np
import pytest

import bpkit
from bpkit.examples import WORKED_EXAMPLE_FILE, load_worked_example

NET = bpkit.Network.random([2, 3, 1], seed=0)


@pytest.mark.parametrize("x, y, match", [
    (np.zeros(3), np.zeros(1), r"x must have shape \(2,\) or \(2, m\).*got \(3,\)"),
    (np.zeros((2, 4, 1)), np.zeros(1), r"x must be 1-D or 2-D, got shape \(2, 4, 1\)"),
    (np.zeros(2), np.zeros(2), r"y must have shape \(1,\).*got \(2,\)"),
    (np.zeros((2, 4)), np.zeros((1, 3)), r"y must have shape \(1, 4\).*got \(1, 3\)"),
    (np.zeros((2, 4)), np.zeros(1), r"y must have shape \(1, 4\)"),
])
def test_wrong_shapes(x, y, match):
    with pytest.raises(ValueError, match=match):
        NET.backprop(x, y)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_nan_and_inf_are_refused_everywhere(bad):
    with pytest.raises(ValueError, match="x must be finite"):
        NET.forward(np.array([0.0, bad]))
    with pytest.raises(ValueError, match="y must be finite"):
        NET.backprop(np.zeros(2), np.array([bad]))
    with pytest.raises(ValueError, match=r"weights\[0\] \(w\^1\) must be finite"):
        bpkit.Network([np.array([[bad, 1.0]])])
    with pytest.raises(ValueError, match="z must be finite"):
        bpkit.sigmoid(np.array([bad]))
    with pytest.raises(ValueError, match="must be finite"):
        bpkit.softmax(np.array([1.0, bad]))


def test_mismatched_layer_sizes():
    with pytest.raises(ValueError, match=r"w\^2 has shape \(1, 4\), but layer 1 has 3 neurons: "
                                         r"expected shape \(1, 3\)"):
        bpkit.Network([np.ones((3, 2)), np.ones((1, 4))])
    with pytest.raises(ValueError, match=r"b\^1 must have shape \(3,\), got \(2,\)"):
        bpkit.Network([np.ones((3, 2))], biases=[np.ones(2)])
    with pytest.raises(ValueError, match="expected 2 bias vectors, got 1"):
        bpkit.Network([np.ones((3, 2)), np.ones((1, 3))], biases=[np.ones(3)])
    with pytest.raises(ValueError, match=r"must be 2-D, got shape \(3,\)"):
        bpkit.Network([np.ones(3)])
    with pytest.raises(ValueError, match="sizes must be at least two positive integers"):
        bpkit.Network.random([3])


def test_wrong_types():
    with pytest.raises(TypeError, match="weights must be a non-empty list"):
        bpkit.Network(np.ones((3, 2)))
    with pytest.raises(TypeError, match="must be an array of numbers, got str"):
        bpkit.sigmoid("0.5")
    with pytest.raises(TypeError, match="x must be an array of numbers"):
        NET.forward([[0.1, "a"], [0.2, None]])
    with pytest.raises(TypeError, match="f must be callable"):
        bpkit.numerical_gradient(3.0, [1.0])


def test_unknown_activation_and_cost():
    with pytest.raises(ValueError, match=r"unknown a hidden-layer activation 'swish'; "
                                         r"expected one of \('sigmoid', 'tanh', 'relu'\)"):
        bpkit.Network([np.ones((1, 2))], activation="swish")
    with pytest.raises(ValueError, match="unknown an output activation 'softmin'"):
        bpkit.Network([np.ones((1, 2))], output_activation="softmin")
    with pytest.raises(TypeError, match="activation must be a string"):
        bpkit.Network([np.ones((1, 2))], activation=None)
    with pytest.raises(ValueError, match=r"unknown cost 'hinge'; expected one of \('quadratic', 'cross_entropy'\)"):
        NET.backprop(np.zeros(2), np.zeros(1), cost="hinge")
    tanh_net = bpkit.Network.random([2, 1], activation="tanh")
    with pytest.raises(ValueError, match="cross_entropy needs a sigmoid or softmax output layer, got 'tanh'"):
        tanh_net.backprop(np.zeros(2), np.zeros(1), cost="cross_entropy")


def test_other_functions_check_their_inputs():
    with pytest.raises(ValueError, match=r"a and b must have the same shape, got \(2,\) and \(3,\)"):
        bpkit.relative_error(np.zeros(2), np.zeros(3))
    with pytest.raises(ValueError, match="eps must be a positive finite number"):
        bpkit.numerical_gradient(lambda v: 0.0, [1.0], eps=0)
    with pytest.raises(ValueError, match=r"y must have the shape of the output a, \(2,\), got \(3,\)"):
        bpkit.quadratic(np.zeros(2), np.zeros(3))
    with pytest.raises(ValueError, match=r"x must be 1-D, got shape \(2, 2\)"):
        bpkit.softmax_jacobian(np.zeros((2, 2)))
    with pytest.raises(ValueError, match="g must have the shape of x"):
        bpkit.softmax_vjp(np.zeros(3), np.zeros(2))
    with pytest.raises(ValueError, match=r"gamma must be in \[0, 1\)"):
        bpkit.Momentum(alpha=0.3, gamma=1.5)
    with pytest.raises(ValueError, match="alpha must be positive"):
        bpkit.Momentum(alpha=-0.3)
    with pytest.raises(ValueError, match="steps must be a non-negative integer"):
        bpkit.train(NET, np.zeros(2), np.zeros(1), alpha=0.1, steps=2.5)


def _write(tmp_path, text):
    path = tmp_path / "example.json"
    path.write_text(text, encoding="utf-8")
    return path


def _edited(tmp_path, edit):
    data = json.loads(WORKED_EXAMPLE_FILE.read_text(encoding="utf-8"))
    edit(data)
    return _write(tmp_path, json.dumps(data))


@pytest.mark.parametrize("edit, match", [
    (lambda d: d.pop("weights"), r"key 'weights': missing"),
    (lambda d: d["weights"].pop("w57"), r"key 'weights': expected names .*missing \['w57'\]"),
    (lambda d: d["weights"].update(w57="3.1"), r"key 'weights.w57': expected a finite number, got '3.1'"),
    (lambda d: d["input"].update(I1=True), r"key 'input.I1': expected a finite number, got True"),
    (lambda d: d.update(learning_rate=-1), r"key 'learning_rate/momentum'"),
    (lambda d: d["printed"].pop("deltas"), r"key 'printed.deltas': missing"),
    (lambda d: d["printed"]["deltas"].update(delta8=0.0863),
     r"key 'printed.deltas.delta8': expected the printed number as a string"),
    (lambda d: d["printed"]["deltas"].update(delta8="0,0863"),
     r"key 'printed.deltas.delta8': expected a decimal number, got '0,0863'"),
    (lambda d: d["printed"]["deltas"].update(delta8="NaN"), r"key 'printed.deltas.delta8': expected a finite decimal"),
    (lambda d: d["printed"]["deltas"].update(delta9="0.1"), r"key 'printed.deltas.delta9': names a neuron"),
    (lambda d: d["printed"]["weight_changes"].update(dw18="0.1"),
     r"key 'printed.weight_changes.dw18': names a connection"),
    (lambda d: d["printed"]["forward"].update(X3="0.1"), r"key 'printed.forward.X3': not a forward name"),
    (lambda d: d.update(layers=[[1, 2], [4, 3]]), r"key 'layers': expected neurons numbered 1..N"),
    (lambda d: d.update(activation="relu"), r"key 'activation': expected 'sigmoid', got 'relu'"),
])
def test_malformed_data_file(tmp_path, edit, match):
    path = _edited(tmp_path, edit)
    with pytest.raises(ValueError, match=match) as info:
        load_worked_example(path)
    assert str(path) in str(info.value)


@pytest.mark.parametrize("text, match", [
    ("{not json", "not valid JSON"),
    ("[1, 2]", "expected a JSON object at the top level"),
])
def test_unreadable_data_file(tmp_path, text, match):
    with pytest.raises(ValueError, match=match):
        load_worked_example(_write(tmp_path, text))


def test_missing_data_file(tmp_path):
    with pytest.raises(ValueError, match="file not found"):
        load_worked_example(tmp_path / "nope.json")
