"""Bad input gets a clear ValueError/TypeError naming the argument, what it got and what was expected.

One table over the public API and one over the terminal command; each case is checked by exception
type and message (for the command: exit status 2, one ``error:`` line on stderr, no traceback).
"""

import json
import os
import subprocess
import sys
import warnings

import numpy as np
import pytest

import bpkit
from bpkit.course import cli
from bpkit.course.examples import WORKED_EXAMPLE_FILE, load_worked_example
from bpkit.course.training import train

NET = bpkit.Network.random([2, 3, 1], seed=0)
SOFT = bpkit.Network.random([2, 3], seed=0, output_activation="softmax")
X, Y = np.array([0.1, 0.2]), np.array([0.5])
GRADS = NET.backprop(X, Y)
OTHER = bpkit.Network.random([3, 2], seed=1).backprop(np.zeros(3), np.zeros(2))


def _momentum_then_other():
    m = bpkit.Momentum(0.3)
    m.changes(GRADS)
    m.changes(OTHER)


API = [
    # shapes of x and y
    ("x too long", lambda: NET.backprop(np.zeros(3), Y), ValueError, r"x must have shape \(2,\) or \(2, m\).*got \(3,\)"),
    ("x 3-D", lambda: NET.forward(np.zeros((2, 4, 1))), ValueError, r"x must be 1-D or 2-D, got shape \(2, 4, 1\)"),
    ("x scalar", lambda: NET.forward(1.0), ValueError, r"x must be 1-D or 2-D, got shape \(\)"),
    ("y wrong length", lambda: NET.backprop(X, np.zeros(2)), ValueError, r"y must have shape \(1,\).*got \(2,\)"),
    ("y wrong batch", lambda: NET.backprop(np.zeros((2, 4)), np.zeros((1, 3))), ValueError, r"y must have shape \(1, 4\)"),
    ("y 1-D for batch", lambda: NET.backprop(np.zeros((2, 4)), Y), ValueError, r"y must have shape \(1, 4\)"),
    ("empty batch", lambda: NET.backprop(np.zeros((2, 0)), np.zeros((1, 0))), ValueError,
     r"x must not be empty.*got shape \(2, 0\)"),
    ("empty batch forward", lambda: NET.forward(np.zeros((2, 0))), ValueError, r"x must not be empty"),
    ("empty batch cost", lambda: NET.cost(np.zeros((2, 0)), np.zeros((1, 0))), ValueError, r"x must not be empty"),
    # values
    ("x NaN", lambda: NET.forward([0.0, np.nan]), ValueError, "x must be finite, but it contains NaN or inf"),
    ("x inf", lambda: NET.forward([0.0, np.inf]), ValueError, "x must be finite"),
    ("y NaN", lambda: NET.backprop(X, [np.nan]), ValueError, "y must be finite"),
    ("y -inf", lambda: NET.cost(X, [-np.inf]), ValueError, "y must be finite"),
    ("x strings", lambda: NET.forward(np.array(["0.1", "0.2"])), TypeError,
     r"x must be an array of real numbers \(int or float\), got dtype <U3"),
    ("x mixed list", lambda: NET.forward([[0.1, "a"], [0.2, None]]), TypeError, "x must be an array of real numbers"),
    ("x bools", lambda: NET.forward(np.array([True, False])), TypeError, "got dtype bool"),
    ("x complex", lambda: NET.forward(np.array([1 + 2j, 0j])), TypeError, "got dtype complex128"),
    ("x None", lambda: NET.forward(None), TypeError, "x must be an array of real numbers, got NoneType"),
    ("x object", lambda: NET.forward([object(), 1.0]), TypeError, "got an element <object object"),
    ("y string", lambda: NET.backprop(X, "0.5"), TypeError, "y must be an array of real numbers, got str"),
    ("huge Python int", lambda: NET.forward([10**400, 1]), ValueError, r"x must be finite in float64.*beyond"),
    # weights and biases
    ("w NaN", lambda: bpkit.Network([np.array([[np.nan, 1.0]])]), ValueError, r"weights\[0\] \(w\^1\) must be finite"),
    ("w mismatch", lambda: bpkit.Network([np.ones((3, 2)), np.ones((1, 4))]), ValueError,
     r"w\^2 has shape \(1, 4\), but layer 1 has 3 neurons: expected shape \(1, 3\)"),
    ("w 1-D", lambda: bpkit.Network([np.ones(3)]), ValueError, r"must be 2-D, got shape \(3,\)"),
    ("w zero rows", lambda: bpkit.Network([np.ones((0, 2))]), ValueError, r"w\^1\) must not be empty.*\(0, 2\)"),
    ("w zero cols", lambda: bpkit.Network([np.ones((2, 0))]), ValueError, r"must not be empty.*\(2, 0\)"),
    ("w array", lambda: bpkit.Network(np.ones((3, 2))), TypeError, "weights must be a non-empty list of arrays, one per layer, got ndarray"),
    ("w empty", lambda: bpkit.Network([]), TypeError, "weights must be a non-empty list"),
    ("w string", lambda: bpkit.Network("w"), TypeError, "weights must be a non-empty list"),
    ("w complex", lambda: bpkit.Network([np.ones((1, 2)) * 1j]), TypeError, "got dtype complex128"),
    ("w bool", lambda: bpkit.Network([np.ones((1, 2), dtype=bool)]), TypeError, "got dtype bool"),
    ("b shape", lambda: bpkit.Network([np.ones((3, 2))], biases=[np.ones(2)]), ValueError,
     r"b\^1 must have shape \(3,\), got \(2,\)"),
    ("b count", lambda: bpkit.Network([np.ones((3, 2)), np.ones((1, 3))], biases=[np.ones(3)]), ValueError,
     "expected 2 bias vectors, got 1"),
    ("b array", lambda: bpkit.Network([np.ones((3, 2))], biases=np.ones(3)), TypeError, "biases must be a non-empty list of arrays"),
    ("b inf", lambda: bpkit.Network([np.ones((1, 2))], biases=[[np.inf]]), ValueError, r"biases\[0\] \(b\^1\) must be finite"),
    ("overflow in z", lambda: bpkit.Network([np.full((1, 2), 1e308)]).forward([10.0, 10.0]), ValueError,
     r"float64 overflowed in forward \(overflow encountered in matmul\); expected weights, inputs"),
    ("overflow in bias add", lambda: bpkit.Network([np.full((1, 1), 1e308)], [[1e308]]).forward([1.0]), ValueError,
     r"float64 overflowed in forward \(overflow encountered in add\)"),
    ("overflow in gradient", lambda: bpkit.Network([np.ones((2, 1)), np.array([[1e308, -1e308]])], None, "relu",
                                                   "sigmoid").backprop([1.0], [-1e3]), ValueError,
     "float64 overflowed in backprop"),
    ("overflow in cost", lambda: NET.cost(X, [1e300]), ValueError, "float64 overflowed in cost"),
    # Network.random
    ("sizes one", lambda: bpkit.Network.random([3]), ValueError, "sizes must be a list of at least two positive"),
    ("sizes zero", lambda: bpkit.Network.random([2, 0]), ValueError, r"got \[2, 0\]"),
    ("sizes float", lambda: bpkit.Network.random([2, 1.5]), ValueError, "positive integers"),
    ("sizes bool", lambda: bpkit.Network.random([2, True]), ValueError, "positive integers"),
    ("sizes string", lambda: bpkit.Network.random("23"), ValueError, "sizes must be a list"),
    ("seed string", lambda: bpkit.Network.random([2, 1], seed="0"), TypeError, "seed must be a non-negative integer, got '0'"),
    ("seed negative", lambda: bpkit.Network.random([2, 1], seed=-1), ValueError, "seed must be a non-negative integer"),
    ("seed float", lambda: bpkit.Network.random([2, 1], seed=0.5), TypeError, "seed must be a non-negative integer"),
    ("biases string", lambda: bpkit.Network.random([2, 1], biases="no"), TypeError, "biases must be True or False, got 'no'"),
    # activations and costs
    ("unknown hidden", lambda: bpkit.Network([np.ones((1, 2))], activation="swish"), ValueError,
     r"unknown hidden-layer activation 'swish'; expected one of \('sigmoid', 'tanh', 'relu'\)"),
    ("softmax hidden", lambda: bpkit.Network([np.ones((1, 2))], activation="softmax"), ValueError,
     r"softmax is for the output layer only \(output_activation='softmax'\)"),
    ("unknown output", lambda: bpkit.Network([np.ones((1, 2))], output_activation="softmin"), ValueError,
     "unknown output activation 'softmin'"),
    ("activation None", lambda: bpkit.Network([np.ones((1, 2))], activation=None), TypeError, "activation must be a string"),
    ("unknown cost", lambda: NET.backprop(X, Y, cost="hinge"), ValueError,
     r"unknown cost 'hinge'; expected one of \('quadratic', 'cross_entropy'\)"),
    ("cost not a string", lambda: NET.cost(X, Y, cost=2), TypeError, "cost must be a string"),
    ("CE on tanh", lambda: bpkit.Network.random([2, 1], activation="tanh").backprop(X, Y, "cross_entropy"), ValueError,
     "cross_entropy needs a sigmoid or softmax output layer, got 'tanh'"),
    ("CE y > 1", lambda: NET.backprop(X, [1.5], "cross_entropy"), ValueError, r"must lie in \[0, 1\]"),
    ("CE softmax two-hot", lambda: SOFT.backprop(X, [1.0, 1.0, 0.0], "cross_entropy"), ValueError,
     "column 0 sums to 2"),
    ("CE softmax zeros", lambda: SOFT.cost(X, [0.0, 0.0, 0.0], "cross_entropy"), ValueError, "column 0 sums to 0"),
    # elementwise functions
    ("sigmoid string", lambda: bpkit.sigmoid("0.5"), TypeError, "z must be an array of real numbers, got str"),
    ("sigmoid huge int", lambda: bpkit.sigmoid(10**400), ValueError, "z must be finite in float64"),
    ("sigmoid NaN", lambda: bpkit.sigmoid([np.nan]), ValueError, "z must be finite"),
    ("tanh_prime complex", lambda: bpkit.tanh_prime([1j]), TypeError, "got dtype complex128"),
    ("softmax NaN", lambda: bpkit.softmax([1.0, np.nan]), ValueError, "x must be finite"),
    ("softmax 3-D", lambda: bpkit.softmax(np.zeros((2, 2, 2))), ValueError, "x must be 1-D or 2-D"),
    ("softmax empty", lambda: bpkit.softmax(np.zeros(0)), ValueError, "x must not be empty"),
    ("jacobian 2-D", lambda: bpkit.softmax_jacobian(np.zeros((2, 2))), ValueError, r"x must be 1-D, got shape \(2, 2\)"),
    ("vjp shapes", lambda: bpkit.softmax_vjp(np.zeros(3), np.zeros(2)), ValueError, "g must have the shape of x"),
    # finite differences
    ("f not callable", lambda: bpkit.numerical_gradient(3.0, [1.0]), TypeError, "f must be callable"),
    ("h zero", lambda: bpkit.numerical_gradient(lambda v: 0.0, [1.0], h=0), ValueError, r"h must be in \(0.0, inf\), got 0.0"),
    ("h True", lambda: bpkit.numerical_gradient(lambda v: 0.0, [1.0], h=True), TypeError,
     "h must be a finite real number, got True"),
    ("h NaN", lambda: bpkit.numerical_gradient(lambda v: 0.0, [1.0], h=np.nan), TypeError, "h must be a finite"),
    ("f returns array", lambda: bpkit.numerical_gradient(lambda v: v * 2, [1.0, 2.0]), TypeError,
     r"f must return one real number, got ndarray \(2,\)"),
    ("f returns NaN", lambda: bpkit.numerical_gradient(lambda v: np.nan, [1.0]), ValueError,
     "f must return a finite number, got nan"),
    ("f returns string", lambda: bpkit.numerical_gradient(lambda v: "1", [1.0]), TypeError, "got str"),
    ("relative_error shapes", lambda: bpkit.relative_error(np.zeros(2), np.zeros(3)), ValueError,
     r"a and b must have the same shape, got \(2,\) and \(3,\)"),
    # optimiser
    ("gamma 1.5", lambda: bpkit.Momentum(alpha=0.3, gamma=1.5), ValueError, r"gamma must be in \[0.0, 1.0\), got 1.5"),
    ("alpha negative", lambda: bpkit.Momentum(alpha=-0.3), ValueError, r"alpha must be in \(0.0, inf\), got -0.3"),
    ("alpha zero", lambda: bpkit.Momentum(alpha=0), ValueError, r"alpha must be in \(0.0, inf\), got 0.0"),
    ("alpha string", lambda: bpkit.Momentum(alpha="0.3"), TypeError, "alpha must be a finite real number, got '0.3'"),
    ("alpha True", lambda: bpkit.Momentum(alpha=True), TypeError, "alpha must be a finite real number, got True"),
    ("alpha NaN", lambda: bpkit.Momentum(alpha=np.nan), TypeError, "alpha must be a finite real number"),
    ("step with other grads", lambda: bpkit.Momentum(0.3).step(NET, OTHER), ValueError,
     r"the gradients \(shapes \[\(2, 3\)\]\) do not belong to this network"),
    ("changes of two nets", _momentum_then_other, ValueError, "use one Momentum per network"),
    ("changes of non-grads", lambda: bpkit.Momentum(0.3).changes([np.zeros(2)]), TypeError,
     "grads must be the Gradients that Network.backprop returns, got list"),
    ("train epochs float", lambda: train(NET, X, Y, alpha=0.1, epochs=2.5), ValueError,
     "epochs must be an integer >= 0, got 2.5"),
    ("train net", lambda: train("net", X, Y, alpha=0.1), TypeError, "net must be a Network, got str"),
    # the worked-example loader
    ("loader None", lambda: load_worked_example(None), TypeError, "path must be a str or a pathlib.Path, got NoneType"),
    ("loader empty path", lambda: load_worked_example(""), ValueError, "path must name a file, got an empty string"),
    ("loader directory", lambda: load_worked_example(WORKED_EXAMPLE_FILE.parent), ValueError, "is a directory"),
    # issue 18: inputs that were accepted as other numbers, or ended in another exception (every array argument and
    # every kind: tests/test_input_arrays.py; numbers: test_input_numbers.py; files: test_input_files.py)
    ("masked x", lambda: NET.forward(np.ma.array([0.1, 0.2], mask=[0, 1])), TypeError,
     r"^x must be a plain array; got a masked array \(np.ma\), whose masked entries would be used as numbers: "
     "fill or compress it first$"),
    ("masked weights", lambda: bpkit.Network([np.ma.ones((1, 2))]), TypeError, r"^weights\[0\] \(w\^1\) must be a plain"),
    ("masked target", lambda: NET.backprop(X, np.ma.array([0.5], mask=[1])), TypeError, "^y must be a plain array"),
    ("bool in a float list", lambda: NET.forward([0.1, True]), TypeError,
     "^x must be an array of real numbers, got an element True of type bool$"),
    ("bool in a target list", lambda: NET.cost(X, [True]), TypeError, "^y must be an array of real numbers, got an element True"),
    ("bytearray as z", lambda: bpkit.sigmoid(bytearray(b"ab")), TypeError, "^z must be an array of real numbers, got bytearray$"),
    ("ragged x", lambda: NET.forward([[0.1, 0.2], [0.3]]), ValueError,
     r"^x must be a rectangular array of real numbers \(rows of equal length\), got a ragged list$"),
    ("alpha beyond float64", lambda: bpkit.Momentum(alpha=10**400), ValueError,
     r"^alpha must be in \(0.0, inf\), got an integer of about 401 digits, beyond float64's range$"),
    ("gamma beyond float64", lambda: bpkit.Momentum(0.3, gamma=-(10**400)), ValueError, r"^gamma must be in \[0.0, 1.0\)"),
    ("h beyond float64", lambda: bpkit.numerical_gradient(lambda v: 0.0, [1.0], h=10**400), ValueError,
     r"^h must be in \(0.0, inf\), got an integer of about 401 digits"),
    ("step of a list", lambda: bpkit.Momentum(0.3).step(NET, [np.zeros((3, 2))]), TypeError,
     "^grads must be the Gradients that Network.backprop returns, got list$"),
    ("step of a string net", lambda: bpkit.Momentum(0.3).step("net", GRADS), TypeError, "^net must be a Network, got str$"),
    ("h below the spacing of x", lambda: bpkit.numerical_gradient(lambda v: float(v[0] ** 2), [1e8], h=1e-10),
     ValueError, r"^h = 1e-10 is too small for x\[0\] = 100000000: .*\(x \+ h == x there, so the slope would be 0\)"),
    ("h 1e308", lambda: bpkit.numerical_gradient(lambda v: float(v[0]), [1.0], h=1e308), ValueError,
     r"^h = 1e\+308 is too large: .*expected h <= 8.9e\+307$"),
    ("f of a huge int", lambda: bpkit.numerical_gradient(lambda v: 10**400, [1.0]), ValueError,
     "^f must return a finite number, got an integer of about 401 digits$"),
    ("gradients of a string", lambda: bpkit.network_numerical_gradients("net", X, Y), TypeError,
     "^net must be a Network, got str$"),
    ("gradients of a masked target", lambda: bpkit.network_numerical_gradients(NET, X, np.ma.array([0.5])), TypeError,
     "^y must be a plain array"),
    ("softmax axis out of range", lambda: bpkit.softmax([1.0, 2.0], axis=5), ValueError,
     r"axis must be one of \[-1, 0\] for x of shape \(2,\), got 5"),
    ("softmax axis string", lambda: bpkit.softmax([1.0, 2.0], axis="0"), TypeError, "axis must be an integer, got str"),
    # a Network never changes: its parameters are set once, checked
    ("weights set later", lambda: setattr(bpkit.Network.random([2, 1]), "weights", [np.full((1, 2), np.nan)]),
     AttributeError, r"a Network's weights are set once, checked, when it is made; .*net.replace\(weights=...\)"),
    ("biases set later", lambda: setattr(bpkit.Network.random([2, 1]), "biases", None), AttributeError,
     "a Network's biases are set once"),
    ("weights written in place", lambda: bpkit.Network.random([2, 1]).weights[0].__setitem__((0, 0), np.nan),
     ValueError, "read-only"),
    ("biases written in place", lambda: bpkit.Network.random([2, 1]).biases[0].__iadd__(1.0), ValueError, "read-only"),
    ("softmax of one neuron", lambda: bpkit.Network.random([3, 1], output_activation="softmax"), ValueError,
     r"a softmax output layer needs at least 2 neurons .*got weights of shape \(1, 3\); use a sigmoid output"),
    # the SymPy oracle refuses what a Network refuses
    ("symbolic softmax hidden", lambda: _symbolic().network([2, 2, 2], activation="softmax"), ValueError,
     "softmax is for the output layer only"),
    ("symbolic tanh cross-entropy", lambda: _symbolic().network([2, 2], "tanh", cost="cross_entropy"), ValueError,
     "cross_entropy needs a sigmoid or softmax output layer, got 'tanh'"),
    ("symbolic exact NaN", lambda: _symbolic().exact(float("nan")), ValueError, "v must be finite"),
    ("symbolic exact string", lambda: _symbolic().exact("a"), TypeError, "v must be an array of real numbers, got str"),
    ("symbolic forward of a batch", lambda: _symbolic().exact_forward(NET, np.zeros((NET.sizes[0], 3))), ValueError,
     r"x must be one sample of shape \(\d+,\), got a batch"),
]


def _symbolic():  # noqa: ANN202 - loaded on demand, as bpkit loads it
    import bpkit.symbolic

    return bpkit.symbolic

#: Cases of the core's door: sizes beyond memory, a cost of None.
CORE = [
    pytest.param(lambda: bpkit.Network.random([2, 10**20]), ValueError, r"^sizes .*(too large|at most)",
                 id="sizes beyond memory"),
    pytest.param(lambda: bpkit.Network.random([2**40, 2**40]), ValueError, r"^sizes .*(too large|at most)",
                 id="sizes beyond memory 2"),
    pytest.param(lambda: NET.backprop(X, Y, None), TypeError, r"^cost must be a string, one of .*got None",
                 id="backprop cost None"),
    pytest.param(lambda: NET.cost(X, Y, None), TypeError, r"^cost must be a string, one of .*got None",
                 id="cost cost None"),
]


@pytest.mark.parametrize("call, kind, match", [pytest.param(*c[1:], id=c[0]) for c in API] + CORE)
def test_api_refuses_bad_input_clearly(call, kind, match):
    with pytest.raises(kind, match=match):
        call()


def _file(tmp_path, text):
    path = tmp_path / "example.json"
    path.write_text(text, encoding="utf-8")
    return path


def _edited(tmp_path, edit):
    data = json.loads(WORKED_EXAMPLE_FILE.read_text(encoding="utf-8"))
    edit(data)
    return _file(tmp_path, json.dumps(data))


FILES = [
    ("missing key", lambda d: d.pop("weights"), r"key 'weights': missing"),
    ("missing weight", lambda d: d["weights"].pop("w57"), r"key 'weights': expected names .*missing \['w57'\]"),
    ("weight as string", lambda d: d["weights"].update(w57="3.1"), r"key 'weights.w57': expected a finite number"),
    ("input bool", lambda d: d["input"].update(I1=True), r"key 'input.I1': expected a finite number.*got True"),
    ("negative rate", lambda d: d.update(learning_rate=-1), r"key 'learning_rate/momentum'"),
    ("missing section", lambda d: d["printed"].pop("deltas"), r"key 'printed.deltas': missing"),
    ("printed as float", lambda d: d["printed"]["deltas"].update(delta8=0.0863),
     r"key 'printed.deltas.delta8': expected the printed number as a string"),
    ("decimal comma", lambda d: d["printed"]["deltas"].update(delta8="0,0863"),
     r"key 'printed.deltas.delta8': expected a plain decimal numeral such as \"-0.0863\" .*got '0,0863'"),
    ("printed NaN", lambda d: d["printed"]["deltas"].update(delta8="NaN"), r"expected a plain decimal numeral .*'NaN'"),
    ("printed underscore", lambda d: d["printed"]["deltas"].update(delta8="0_0863"),
     r"key 'printed.deltas.delta8': expected a plain decimal numeral .*got '0_0863'"),
    ("no such neuron", lambda d: d["printed"]["deltas"].update(delta9="0.1"), r"key 'printed.deltas.delta9': names a"),
    ("no such edge", lambda d: d["printed"]["weight_changes"].update(dw18="0.1"), r"dw18': names a connection"),
    ("bad name", lambda d: d["printed"]["forward"].update(X3="0.1"), r"key 'printed.forward.X3': not a forward"),
    ("neurons out of order", lambda d: d.update(layers=[[1, 2], [4, 3]]), r"expected neurons numbered 1..N"),
    ("activation relu", lambda d: d.update(activation="relu"), r"key 'activation': expected 'sigmoid', got 'relu'"),
    ("huge integer", lambda d: d["weights"].update(w13=10**300), r"key 'weights.w13': expected a finite number between "
     r"-1e\+06 and 1e\+06, got 10000000000000000000\.\.\. \(301 digits\)"),
    ("weight near float max", lambda d: d["weights"].update(w13=1.7e308), r"got 1.7e\+308"),
    ("huge exponent", lambda d: d["printed"]["deltas"].update(delta8="1e999999999"),
     r"\(ASCII digits, at most 30 decimals, between -1e\+06 and 1e\+06\), got '1e999999999'"),
    ("tiny exponent", lambda d: d["printed"]["deltas"].update(delta8="1e-999999999"), r"at most 30 decimals"),
    ("huge printed numeral", lambda d: d["printed"]["deltas"].update(delta8="9" * 100_000),
     r"got '9999999999999999999999999999999999999999'$"),
]


@pytest.mark.parametrize("edit, match", [c[1:] for c in FILES], ids=[c[0] for c in FILES])
def test_malformed_data_file(tmp_path, edit, match):
    path = _edited(tmp_path, edit)
    with pytest.raises(ValueError, match=match) as info:
        load_worked_example(path)
    assert str(path) in str(info.value)


@pytest.mark.parametrize("text, match", [
    ("{not json", "not valid JSON"),
    ("[1, 2]", "expected a JSON object at the top level"),
    ("[" * 100_000 + "]" * 100_000, "JSON nested too deeply"),
    ('{"layers": ' + "9" * 5000 + "}", "not valid JSON"),
    ("\udcff", r"not UTF-8 text \(byte 0 is b'\\xff'\); expected a UTF-8 JSON file"),
])
def test_unreadable_data_file(tmp_path, text, match):
    path = tmp_path / "example.json"
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    with pytest.raises(ValueError, match=match):
        load_worked_example(path)


def test_missing_data_file(tmp_path):
    with pytest.raises(ValueError, match="file not found"):
        load_worked_example(tmp_path / "nope.json")


def test_an_endless_device_is_refused_before_it_is_read():
    with pytest.raises(ValueError, match=r"/dev/zero: is a character device, not a regular file"):
        load_worked_example("/dev/zero")


@pytest.mark.skipif(not os.path.exists("/proc/self/pagemap"), reason="needs Linux's /proc")
def test_a_regular_file_longer_than_its_size_says_is_read_only_up_to_the_limit():
    """/proc files are regular files of size 0 whatever they hold: the read itself stops at the limit."""
    with pytest.raises(ValueError, match=r"/proc/self/pagemap: larger than 1048576 bytes"):
        load_worked_example("/proc/self/pagemap")


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "bpkit", *args], capture_output=True, text=True, timeout=60)


def _cli_file(tmp_path, edit=None, text=None):
    return str(_edited(tmp_path, edit) if edit else _file(tmp_path, text))


CLI = [
    ("a directory", lambda t: str(t), "is a directory"),
    ("an empty path", lambda t: "", "path must name a file"),
    ("a missing file", lambda t: str(t / "nope.json"), "file not found"),
    ("/dev/zero", lambda t: "/dev/zero", "is a character device, not a regular file"),
    ("deep nesting", lambda t: _cli_file(t, text="[" * 100_000 + "]" * 100_000), "nested too deeply"),
    ("huge integer", lambda t: _cli_file(t, lambda d: d["weights"].update(w13=10**300)), "301 digits"),
    ("huge exponent", lambda t: _cli_file(t, lambda d: d["printed"]["deltas"].update(delta8="1e999999")),
     "at most 30 decimals"),
    ("weight near float max", lambda t: _cli_file(t, lambda d: d["weights"].update(w13=1.7e308)), "between"),
    ("not JSON", lambda t: _cli_file(t, text="{"), "not valid JSON"),
    ("empty object", lambda t: _cli_file(t, text="{}"), "key 'layers': missing"),
]


@pytest.mark.parametrize("data, match", [c[1:] for c in CLI], ids=[c[0] for c in CLI])
def test_the_terminal_command_reports_one_error_line(tmp_path, capsys, data, match):
    # In-process (a new interpreter per case would cost a second and a half each); the next test runs the real
    # terminal command once, as a separate process.
    assert cli.main(["worked-example", "--data", data(tmp_path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and match in lines[0], err


def test_the_terminal_command_as_a_process_reports_one_error_line(tmp_path):
    r = _cli("worked-example", "--data", str(tmp_path / "nope.json"))
    assert r.returncode == 2
    assert r.stdout == ""
    lines = r.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "file not found" in lines[0], r.stderr
    assert "Traceback" not in r.stderr


def test_the_tables_are_big_enough():
    """Issue 18 asks for at least 250 bad-input cases, each checked by exception type and message."""
    import test_input_arrays
    import test_input_files
    import test_input_numbers

    here = len(API) + len(CORE) + len(FILES) + len(CLI)
    arrays = len(test_input_arrays.CASES)
    numbers = (len(test_input_numbers.PARAMETERS) * len(test_input_numbers.BAD_NUMBERS) + len(test_input_numbers.STEP)
               + len(test_input_numbers.RESULTS) + len(test_input_numbers.STEPS))
    files = len(test_input_files.PATHS) + len(test_input_files.CONTENTS) + len(test_input_files.CLI)
    assert here >= 140 and here + arrays + numbers + files >= 250


@pytest.mark.parametrize("call, error, match", [
    (lambda: bpkit.bp4(np.ones((2, 3)), np.ones(3)), ValueError,
     r"shapes that do not fit: got delta \(2, 3\), a_prev \(3,\); expected delta \(j,\) or \(j, m\), a_prev \(k,\)"),
    (lambda: bpkit.bp4(np.ones(2), np.ones((3, 4))), ValueError, "all samples or all batches of m"),
    (lambda: bpkit.bp2(np.ones((3, 2)), np.ones(2), np.ones(2)), ValueError, r"w_next \(j, k\), delta_next \(j,\)"),
    (lambda: bpkit.bp2(np.ones((3, 4)), np.ones(3), [[1.0, 2.0], [3.0]]), ValueError, "sigma_prime_z must be a rectangular"),
    (lambda: bpkit.bp3("x"), TypeError, "delta must be an array of real numbers, got str"),
    (lambda: bpkit.bp4([np.nan], [1.0]), ValueError, "delta must be finite"),
    (lambda: bpkit.bp1("nope", np.zeros(2), np.zeros(2), np.zeros(2), "sigmoid"), ValueError, "unknown cost 'nope'"),
    (lambda: bpkit.bp1("cross_entropy", np.zeros(2), np.full(2, 0.5), np.ones(2), "tanh"), ValueError,
     "cross_entropy needs a sigmoid or softmax output layer"),
    (lambda: bpkit.bp1("cross_entropy", np.zeros(2), np.full(2, 0.5), np.full(2, 2.0), "sigmoid"), ValueError,
     r"targets y must lie in \[0, 1\]"),
    (lambda: bpkit.bp4(np.array([1e200]), np.array([1e200])), ValueError, "float64 overflowed in bp4"),
    (lambda: bpkit.bp2(np.array([[1e200]]), np.array([1e200]), np.array([1.0])), ValueError, "overflowed in bp2"),
    (lambda: bpkit.bp3(np.array([[1e308, 1e308]])), ValueError, "overflowed in bp3"),
    (lambda: bpkit.bp1("quadratic", [1.0], [1e308], [-1e308], "sigmoid"), ValueError, "overflowed in bp1"),
], ids=["bp4 batch and sample", "bp4 sample and batch", "bp2 sizes", "bp2 ragged", "bp3 string", "bp4 NaN",
        "bp1 cost name", "bp1 output for cross-entropy", "bp1 target", "bp4 overflow", "bp2 overflow", "bp3 overflow",
        "bp1 overflow"])
def test_the_exported_bp_functions_check_their_input(call, error, match):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a refusal, never a NumPy warning and inf
        with pytest.raises(error, match=match):
            call()


def test_the_exported_bp_functions_say_what_they_take():
    import inspect
    params = inspect.signature(bpkit.bp1).parameters
    assert params["cost"].annotation == "str | Cost" and params["output"].annotation == "str | Activation"
    assert params["z_L"].annotation == "Any" and inspect.signature(bpkit.bp4).parameters["delta"].annotation == "Any"


def test_a_step_too_small_for_a_weight_names_the_weight():
    net = bpkit.Network.random([2, 2, 1], seed=0)
    with pytest.raises(ValueError, match=r"h = 1e-20 is too small for weights\[0\]\[\d, \d\]"):
        bpkit.network_numerical_gradients(net, [1.0, 2.0], [1.0], h=1e-20)


def test_the_exported_bp_functions_compute_what_networks_do():
    from bpkit import network
    rng = np.random.default_rng(3)
    w, d, sp_, a = rng.normal(size=(3, 2)), rng.normal(size=(3, 4)), rng.normal(size=(2, 4)), rng.normal(size=(2, 4))
    assert np.array_equal(bpkit.bp2(w, d, sp_), network.bp2(w, d, sp_))
    assert np.array_equal(bpkit.bp4(d, a), network.bp4(d, a)) and np.array_equal(bpkit.bp3(d), network.bp3(d))
    z, y = rng.normal(size=(2, 4)), rng.uniform(size=(2, 4))
    sig = bpkit.ACTIVATIONS["sigmoid"]
    assert np.array_equal(bpkit.bp1("quadratic", z, sig.fn(z), y, "sigmoid"),
                          network.bp1(bpkit.COSTS["quadratic"], z, sig.fn(z), y, sig))
