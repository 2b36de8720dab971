"""The 8-neuron worked example, loaded from ``data/`` and validated, with its names mapped to bpkit's arrays.

The article numbers neurons 1..8 across the layers [1, 2], [3, 4, 5], [6, 7], [8] and writes
``w_ij`` for the weight from neuron i to neuron j; in Nielsen's layout that is ``w^l[j', i']``
with i', j' the neurons' places within their layers. Its delta has the opposite sign to Nielsen's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np

from ..network import Gradients, Network
from .datafile import BadKey, read_regular_file, show_path, strict_json

# data/ of a checkout, or its copy bpkit/data/ in an installed package (pyproject.toml ships it there).
_HERE = Path(__file__).resolve()
DATA_DIR = next((d for d in (_HERE.parents[2] / "data", _HERE.parents[1] / "data")
                 if (d / "worked_example_8_neuron.json").is_file()), _HERE.parents[2] / "data")
WORKED_EXAMPLE_FILE = DATA_DIR / "worked_example_8_neuron.json"

#: The sections of printed numbers, in the article's order.
SECTIONS = ("forward", "deltas", "weight_changes", "new_weights")
_NAME = {  # matched whole (fullmatch), ASCII digits only
    "forward": re.compile(r"[IO]([0-9])"),
    "deltas": re.compile(r"delta([0-9])"),
    "weight_changes": re.compile(r"dw([0-9])([0-9])"),
    "new_weights": re.compile(r"w([0-9])([0-9])_new"),
}


@dataclass(frozen=True)
class WorkedExample:
    """The example's facts and the article's printed numbers (as Decimals, keeping their printed digits)."""

    layers: list[list[int]]
    activation: str
    x: np.ndarray
    y: np.ndarray
    alpha: float  # the learning rate (the data file's learning_rate)
    gamma: float  # the momentum (the data file's momentum)
    weights: dict[str, float]
    printed: dict[str, dict[str, Decimal]]
    source: str
    path: Path

    def network(self) -> Network:
        """The example as a bpkit Network (no biases), weights placed in Nielsen's layout."""
        ws = [np.zeros((len(cur), len(prev))) for prev, cur in zip(self.layers, self.layers[1:], strict=False)]
        for name, value in self.weights.items():
            l, j, k = self.weight_position(name)
            ws[l - 1][j, k] = value
        return Network(ws, None, activation=self.activation)

    def neuron_position(self, n: int) -> tuple[int, int]:
        """(layer, index within the layer) of the article's neuron n; layer 0 is the input layer."""
        for layer, neurons in enumerate(self.layers):
            if n in neurons:
                return layer, neurons.index(n)
        raise ValueError(f"no neuron {n} in the worked example; neurons are {self.layers}")

    def weight_position(self, name: str) -> tuple[int, int, int]:
        """(l, j, k) such that the article's weight ``w_ij`` is w^l[j, k]; e.g. 'w13' -> (1, 0, 0)."""
        m = re.fullmatch(r"d?w([0-9])([0-9])(_new)?", name)
        if not m:
            raise ValueError(f"not a weight name: {name!r}; expected like 'w13', 'dw13' or 'w13_new'")
        (li, k), (lj, j) = self.neuron_position(int(m[1])), self.neuron_position(int(m[2]))
        if lj != li + 1:
            raise ValueError(f"{name!r} joins neurons that are not in consecutive layers")
        return lj, j, k

    @property
    def printed_flat(self) -> dict[str, Decimal]:
        """Every printed number by name, in the article's order."""
        return {k: v for section in SECTIONS for k, v in self.printed[section].items()}

    def section_of(self, name: str) -> str:
        """Which section ('forward', 'deltas', ...) a printed name belongs to."""
        for section in SECTIONS:
            if _NAME[section].fullmatch(name):
                return section
        raise ValueError(f"unknown quantity {name!r}")


def bpkit_values(ex: WorkedExample, grads: Gradients) -> dict[str, float]:
    """bpkit's values for every printed name: I_j = z, O_j = a, delta_j = -dC/dz (the article's sign),
    dw_ij = -alpha dC/dw_ij (first step, so the momentum term is zero), w_ij_new = w_ij + dw_ij."""
    trace = grads.trace
    out: dict[str, float] = {}
    for name in ex.printed_flat:
        section = ex.section_of(name)
        if section == "forward":
            layer, j = ex.neuron_position(int(name[1:]))
            arr = trace.zs[layer - 1] if name[0] == "I" else trace.activations[layer]
            out[name] = float(arr[j])
        elif section == "deltas":
            layer, j = ex.neuron_position(int(name[5:]))
            out[name] = float(-grads.deltas[layer - 1][j])
        else:
            l, j, k = ex.weight_position(name)
            dw = -ex.alpha * float(grads.nabla_w[l - 1][j, k])
            out[name] = dw if section == "weight_changes" else ex.weights[name[:3]] + dw
    return out


def _fail(path: Path, key: str, what: str) -> ValueError:
    return ValueError(f"{show_path(path)}: key {key!r}: {what}")


#: Every number in the file lies within +-LIMIT, and is printed with at most MAX_PLACES decimals.
LIMIT = 1e6
MAX_PLACES = 30
#: The file is read up to this many bytes (the real one has about 2 kB).
MAX_BYTES = 1 << 20
#: A printed number: a plain decimal numeral, ASCII digits only (Decimal would also take "0_0863",
#: " 1", "+1", "1e3", "NaN" and other scripts' digits).
_DECIMAL = re.compile(rf"-?(0|[1-9][0-9]{{0,6}})(\.[0-9]{{1,{MAX_PLACES}}})?")
_KEYS = ("layers", "activation", "input", "target", "learning_rate", "momentum", "weights", "printed")


def _number(path: Path, key: str, v: Any) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not abs(v) <= LIMIT:
        big = isinstance(v, int) and len(str(v)) > 20
        shown = f"{str(v)[:20]}... ({len(str(v))} digits)" if big else repr(v)
        raise _fail(path, key, f"expected a finite number between -{LIMIT:g} and {LIMIT:g}, "
                    f"got {shown}")
    return float(v)


def _printed_number(path: Path, key: str, text: Any) -> Decimal:
    if not isinstance(text, str):
        raise _fail(path, key, f"expected the printed number as a string such as \"0.0863\" "
                    f"(to keep its digits), got {text!r}")
    if not _DECIMAL.fullmatch(text) or abs(value := Decimal(text)) > LIMIT:
        raise _fail(path, key, f"expected a plain decimal numeral such as \"-0.0863\" (ASCII "
                    f"digits, at most {MAX_PLACES} decimals, between -{LIMIT:g} and {LIMIT:g}), "
                    f"got {text[:40]!r}")
    return value


def load_worked_example(path: str | Path = WORKED_EXAMPLE_FILE) -> WorkedExample:
    """Read and validate a worked-example file; any problem raises ValueError naming the file and
    the key. What is not a regular file of at most MAX_BYTES is refused before it is read."""
    if not isinstance(path, (str, Path)):
        raise TypeError(f"path must be a str or a pathlib.Path, got {type(path).__name__}")
    if str(path) == "":
        raise ValueError("path must name a file, got an empty string")
    path = Path(path)
    try:
        data = strict_json(read_regular_file(path, "the worked example's JSON file", MAX_BYTES),
                           show_path(path))
    except BadKey as exc:
        raise _fail(path, *exc.args) from None
    if not isinstance(data, dict):
        raise ValueError(f"{show_path(path)}: expected a JSON object at the top level")
    for key in _KEYS:
        if key not in data:
            raise _fail(path, key, "missing")
    if extra := sorted(set(data) - set(_KEYS) - {"biases", "title", "source"}):
        raise _fail(path, extra[0], f"unexpected; expected only {list(_KEYS)}, biases, title, source")
    if bad := [k for k in ("title", "source") if not isinstance(data.get(k, ""), str)]:
        raise _fail(path, bad[0], f"expected text, got {type(data[bad[0]]).__name__}")
    layers = data["layers"]
    if (not isinstance(layers, list) or len(layers) < 2 or not all(
            isinstance(n, list) and n and all(type(i) is int for i in n) for n in layers)):
        raise _fail(path, "layers", "expected a list of at least two non-empty lists of neuron numbers")
    flat = [n for layer in layers for n in layer]
    if flat != list(range(1, len(flat) + 1)) or len(flat) > 9:
        raise _fail(path, "layers", f"expected neurons numbered 1..N (N <= 9) in order, got {flat}")
    if data["activation"] != "sigmoid":
        raise _fail(path, "activation", f"expected 'sigmoid', got {data['activation']!r}")
    if data.get("biases", False) is not False:
        raise _fail(path, "biases", "the worked example has no biases; expected false")

    def named_numbers(key: str, names: list[str]) -> dict[str, float]:
        section = data[key]
        if not isinstance(section, dict):
            raise _fail(path, key, "expected an object of named numbers")
        if sorted(section) != sorted(names):
            missing, extra = sorted(set(names) - set(section)), sorted(set(section) - set(names))
            raise _fail(path, key, f"expected names {names}; missing {missing}, unexpected {extra}")
        return {n: _number(path, f"{key}.{n}", section[n]) for n in names}

    inputs = named_numbers("input", [f"I{n}" for n in layers[0]])
    target = named_numbers("target", [f"O{n}" for n in layers[-1]])
    edges = [f"w{i}{j}" for prev, cur in zip(layers, layers[1:], strict=False) for j in cur for i in prev]
    weights = named_numbers("weights", edges)
    alpha = _number(path, "learning_rate", data["learning_rate"])
    gamma = _number(path, "momentum", data["momentum"])
    if alpha <= 0 or not 0 <= gamma < 1:
        raise _fail(path, "learning_rate/momentum", f"expected alpha > 0 and 0 <= gamma < 1, "
                    f"got {alpha}, {gamma}")
    printed_raw = data["printed"]
    if not isinstance(printed_raw, dict) or (extra := sorted(set(printed_raw) - set(SECTIONS))):
        raise _fail(path, f"printed.{extra[0]}" if isinstance(printed_raw, dict) else "printed",
                    "expected an object with only the sections " + ", ".join(SECTIONS))
    printed: dict[str, dict[str, Decimal]] = {}
    for section in SECTIONS:
        entries = printed_raw.get(section)
        if not isinstance(entries, dict) or not entries:
            what = "missing" if section not in printed_raw else "expected a non-empty object of printed numbers"
            raise _fail(path, f"printed.{section}", what)
        printed[section] = {}
        for name, text in entries.items():
            key = f"printed.{section}.{name}"
            if not (m := _NAME[section].fullmatch(name)):
                raise _fail(path, key, f"not a {section} name (expected like {_NAME[section].pattern})")
            neurons = [int(g) for g in m.groups()]
            if len(neurons) == 1 and neurons[0] not in flat[len(layers[0]):]:
                raise _fail(path, key, "names a neuron that is not in a hidden or output layer")
            if len(neurons) == 2 and f"w{neurons[0]}{neurons[1]}" not in weights:
                raise _fail(path, key, "names a connection that the network does not have")
            printed[section][name] = _printed_number(path, key, text)
    return WorkedExample(
        layers=layers, activation="sigmoid",
        x=np.array(list(inputs.values())), y=np.array(list(target.values())),
        alpha=alpha, gamma=gamma, weights=weights, printed=printed,
        source=str(data.get("source", "")), path=path,
    )


def worked_example() -> WorkedExample:
    """The 8-neuron worked example from ``data/worked_example_8_neuron.json``."""
    return load_worked_example(WORKED_EXAMPLE_FILE)


def sympy_values(ex: WorkedExample) -> dict[str, float]:
    """The same names as ``bpkit_values``, from SymPy's exact differentiation of the whole network.

    delta^l comes out as dC/db^l at b = 0, since z^l = w^l a^{l-1} + b^l makes dz/db = 1.
    """
    key = (tuple(ex.weights.items()), tuple(ex.x), tuple(ex.y), ex.alpha,
           tuple((s, tuple(v.items())) for s, v in ex.printed.items()))
    if key not in _SYMPY_CACHE:  # differentiating the whole network takes about half a second
        from ..symbolic import exact_gradients

        _SYMPY_CACHE[key] = bpkit_values(ex, exact_gradients(ex.network(), ex.x, ex.y))
    return dict(_SYMPY_CACHE[key])


_SYMPY_CACHE: dict[tuple, dict[str, float]] = {}
