"""The 8-neuron example: bpkit against SymPy's exact gradient of the whole network, and computed verdicts."""

import copy
import json

import numpy as np
import pytest

import bpkit
from bpkit.course.errata import errata, verdict_counts
from bpkit.course.examples import (
    WORKED_EXAMPLE_FILE,
    bpkit_values,
    load_worked_example,
    sympy_values,
    worked_example,
)
from bpkit.course.training import train
from bpkit.symbolic import exact_gradients

EX = worked_example()
NET = EX.network()
GRADS = NET.backprop(EX.x, EX.y)


def test_the_data_file_holds_every_printed_number():
    sizes = {s: len(v) for s, v in EX.printed.items()}
    assert sizes == {"forward": 12, "deltas": 6, "weight_changes": 14, "new_weights": 14}
    assert len(EX.weights) == 14 and NET.sizes == [2, 3, 2, 1] and NET.biases is None


def test_weights_are_placed_in_nielsens_layout():
    for name, value in EX.weights.items():
        l, j, k = EX.weight_position(name)
        assert NET.weights[l - 1][j, k] == value
    assert EX.weight_position("w13") == (1, 0, 0) and EX.weight_position("w78") == (3, 0, 1)


def test_bpkit_gradients_equal_sympy_exact_gradient_of_the_whole_network():
    r = exact_gradients(NET, EX.x, EX.y)
    for l in range(3):
        assert np.allclose(GRADS.nabla_w[l], r.nabla_w[l], rtol=1e-12, atol=1e-16)
        assert np.allclose(GRADS.deltas[l], r.nabla_b[l], rtol=1e-12, atol=1e-16)
        assert np.allclose(GRADS.trace.zs[l], r.trace.zs[l], rtol=1e-14)


def test_every_named_value_agrees_with_sympy():
    ours, sym = bpkit_values(EX, GRADS), sympy_values(EX)
    assert ours.keys() == sym.keys() == EX.printed_flat.keys()
    for name in ours:
        assert ours[name] == pytest.approx(sym[name], rel=1e-12, abs=1e-15), name


def test_gradients_equal_central_finite_differences():
    num_w, num_b = bpkit.network_numerical_gradients(NET, EX.x, EX.y)
    for l in range(3):
        assert bpkit.relative_error(GRADS.nabla_w[l], num_w[l]) < 1e-7
        assert bpkit.relative_error(GRADS.nabla_b[l], num_b[l]) < 1e-7


def test_the_audit_finds_the_sign_error_and_what_inherits_it():
    rows = errata(EX)
    assert [r.quantity for r in rows] == list(EX.printed_flat)
    errors = {r.quantity for r in rows if r.verdict == "error"}
    assert errors == {"delta3", "dw23", "dw13", "w23_new", "w13_new"}
    why = {r.quantity: r.why for r in rows}
    assert why["delta3"].startswith("sign flipped")
    assert "delta3 = -0.0087" in why["dw13"] and "dw23 = -0.00183" in why["w23_new"]
    assert sum(verdict_counts(rows).values()) == 46


def _with_printed(tmp_path, section, name, text):
    data = json.loads(WORKED_EXAMPLE_FILE.read_text(encoding="utf-8"))
    changed = copy.deepcopy(data)
    changed["printed"][section][name] = text
    path = tmp_path / "changed.json"
    path.write_text(json.dumps(changed), encoding="utf-8")
    return {r.quantity: r for r in errata(load_worked_example(path))}


@pytest.mark.parametrize("section, name, text, before, after", [
    ("forward", "O8", "0.552", "rounding", "match"),       # the exact value, correctly rounded
    ("forward", "O8", "0.561", "rounding", "error"),       # a digit nobody's arithmetic gives
    ("deltas", "delta3", "0.0087", "error", "match"),      # the sign put right
    ("forward", "I6", "0.175", "rounding", "match"),
    ("weight_changes", "dw68", "0.015", "match", "error"),
    ("new_weights", "w37_new", "0.3397", "rounding", "match"),
])
def test_a_changed_printed_number_changes_its_verdict(tmp_path, section, name, text, before, after):
    original = {r.quantity: r.verdict for r in errata(EX)}
    assert original[name] == before
    changed = _with_printed(tmp_path, section, name, text)
    assert changed[name].verdict == after


def test_fixing_delta3_changes_the_article_precision_downstream(tmp_path):
    """The article-precision chain is computed from the data: the inherited errors vanish with it."""
    changed = _with_printed(tmp_path, "deltas", "delta3", "0.0087")
    assert changed["dw13"].verdict == "error"  # the printed -0.00157 is still wrong...
    assert "carries" not in changed["dw13"].why  # ...but no longer because of delta3
    assert changed["dw13"].article_precision > 0


def test_one_thousand_steps_with_momentum_reach_the_target():
    h = train(NET, EX.x, EX.y, alpha=EX.alpha, gamma=EX.gamma, epochs=1000)
    assert h.costs[0] == pytest.approx(GRADS.cost)
    assert h.costs[-1] < h.costs[0] / 100
    first = train(NET, EX.x, EX.y, alpha=EX.alpha, gamma=EX.gamma, epochs=1).network
    for name in EX.weights:  # one step reproduces the exact 'new weights'
        l, j, k = EX.weight_position(name)
        assert first.weights[l - 1][j, k] == pytest.approx(bpkit_values(EX, GRADS)[name + "_new"], rel=1e-14)
