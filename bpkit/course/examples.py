"""The 8-neuron worked example, loaded from ``data/`` and validated, with its names mapped to bpkit's arrays.

The article numbers neurons 1..8 across the layers [1, 2], [3, 4, 5], [6, 7], [8] and writes
``w_ij`` for the weight from neuron i to neuron j; in Nielsen's layout that is ``w^l[j', i']``
with i', j' the neurons' places within their layers. Its delta has the opposite sign to Nielsen's.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import numpy as np

from ..network import Gradients, Network

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
WORKED_EXAMPLE_FILE = DATA_DIR / "worked_example_8_neuron.json"

#: The sections of printed numbers, in the article's order.
SECTIONS = ("forward", "deltas", "weight_changes", "new_weights")
_NAME = {
    "forward": re.compile(r"^[IO](\d)$"),
    "deltas": re.compile(r"^delta(\d)$"),
    "weight_changes": re.compile(r"^dw(\d)(\d)$"),
    "new_weights": re.compile(r"^w(\d)(\d)_new$"),
}


@dataclass(frozen=True)
class WorkedExample:
    """The example's facts and the article's printed numbers (as Decimals, keeping their printed digits)."""

    layers: list[list[int]]
    activation: str
    x: np.ndarray
    y: np.ndarray
    learning_rate: float
    momentum: float
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
        m = re.fullmatch(r"d?w(\d)(\d)(_new)?", name)
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
            if _NAME[section].match(name):
                return section
        raise ValueError(f"unknown quantity {name!r}")


def exact_values(ex: WorkedExample, grads: Gradients) -> dict[str, float]:
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
            dw = -ex.learning_rate * float(grads.nabla_w[l - 1][j, k])
            out[name] = dw if section == "weight_changes" else ex.weights[name[:3]] + dw
    return out


def _fail(path: Path, key: str, what: str) -> ValueError:
    return ValueError(f"{path}: key {key!r}: {what}")


#: Every number in the file lies within +-LIMIT, and is printed with at most MAX_PLACES decimals.
LIMIT = 1e6
MAX_PLACES = 30
#: The file is read up to this many bytes (the real one has about 2 kB).
MAX_BYTES = 1 << 20


def _number(path: Path, key: str, v: Any) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not abs(v) <= LIMIT:
        shown = f"{str(v)[:20]}... ({len(str(v))} digits)" if isinstance(v, int) and len(str(v)) > 20 else repr(v)
        raise _fail(path, key, f"expected a finite number between -{LIMIT:g} and {LIMIT:g}, got {shown}")
    return float(v)


def _read_json(path: Path) -> Any:
    try:
        with path.open("rb") as f:
            raw = f.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise ValueError(f"{path}: file not found (expected the worked example's JSON)") from None
    except IsADirectoryError:
        raise ValueError(f"{path}: is a directory (expected the worked example's JSON file)") from None
    except OSError as exc:
        raise ValueError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    if len(raw) > MAX_BYTES:
        raise ValueError(f"{path}: larger than {MAX_BYTES} bytes (expected a worked example of a few kB)")
    try:
        return json.loads(raw.decode("utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: not valid JSON: {exc}") from None
    except RecursionError:
        raise ValueError(f"{path}: JSON nested too deeply (expected the worked example's flat layout)") from None
    except ValueError as exc:  # e.g. an integer of more digits than Python converts
        raise ValueError(f"{path}: not valid JSON: {exc}") from None


def load_worked_example(path: str | Path = WORKED_EXAMPLE_FILE) -> WorkedExample:
    """Read and validate a worked-example file; any problem raises ValueError naming the file and the key."""
    if not isinstance(path, (str, Path)):
        raise TypeError(f"path must be a str or a pathlib.Path, got {type(path).__name__}")
    if str(path) == "":
        raise ValueError("path must name a file, got an empty string")
    path = Path(path)
    data = _read_json(path)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a JSON object at the top level")
    for key in ("layers", "activation", "input", "target", "learning_rate", "momentum",
                "weights", "printed"):
        if key not in data:
            raise _fail(path, key, "missing")
    layers = data["layers"]
    if (not isinstance(layers, list) or len(layers) < 2
            or not all(isinstance(n, list) and n and all(type(i) is int for i in n) for n in layers)):
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
            missing = sorted(set(names) - set(section))
            extra = sorted(set(section) - set(names))
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
    if not isinstance(printed_raw, dict):
        raise _fail(path, "printed", "expected an object with sections " + ", ".join(SECTIONS))
    printed: dict[str, dict[str, Decimal]] = {}
    for section in SECTIONS:
        if section not in printed_raw:
            raise _fail(path, f"printed.{section}", "missing")
        entries = printed_raw[section]
        if not isinstance(entries, dict) or not entries:
            raise _fail(path, f"printed.{section}", "expected a non-empty object of printed numbers")
        printed[section] = {}
        for name, text in entries.items():
            key = f"printed.{section}.{name}"
            m = _NAME[section].match(name)
            if not m:
                raise _fail(path, key, f"not a {section} name (expected like {_NAME[section].pattern})")
            neurons = [int(g) for g in m.groups()]
            if len(neurons) == 1 and neurons[0] not in flat[len(layers[0]):]:
                raise _fail(path, key, "names a neuron that is not in a hidden or output layer")
            if len(neurons) == 2 and f"w{neurons[0]}{neurons[1]}" not in weights:
                raise _fail(path, key, "names a connection that the network does not have")
            if not isinstance(text, str):
                raise _fail(path, key, f"expected the printed number as a string such as \"0.0863\" "
                            f"(to keep its digits), got {text!r}")
            try:
                value = Decimal(text)
            except InvalidOperation:
                raise _fail(path, key, f"expected a decimal number, got {text!r}") from None
            if not value.is_finite():
                raise _fail(path, key, f"expected a finite decimal number, got {text!r}")
            if value.adjusted() > 6 or -value.as_tuple().exponent > MAX_PLACES or abs(value) > LIMIT:
                raise _fail(path, key, f"expected a number between -{LIMIT:g} and {LIMIT:g} with at most "
                            f"{MAX_PLACES} decimals, got {text[:40]!r}")
            printed[section][name] = value
    return WorkedExample(
        layers=layers, activation="sigmoid",
        x=np.array(list(inputs.values())), y=np.array(list(target.values())),
        learning_rate=alpha, momentum=gamma, weights=weights, printed=printed,
        source=str(data.get("source", "")), path=path,
    )


def worked_example() -> WorkedExample:
    """The 8-neuron worked example from ``data/worked_example_8_neuron.json``."""
    return load_worked_example(WORKED_EXAMPLE_FILE)


def sympy_values(ex: WorkedExample) -> dict[str, float]:
    """The same names as ``exact_values``, from SymPy's exact differentiation of the whole network.

    delta^l comes out as dC/db^l at b = 0, since z^l = w^l a^{l-1} + b^l makes dz/db = 1.
    """
    key = (tuple(ex.weights.items()), tuple(ex.x), tuple(ex.y), ex.learning_rate,
           tuple((s, tuple(v.items())) for s, v in ex.printed.items()))
    if key not in _SYMPY_CACHE:  # differentiating the whole network takes about half a second
        from ..symbolic import exact_gradients

        _SYMPY_CACHE[key] = exact_values(ex, exact_gradients(ex.network(), ex.x, ex.y))
    return dict(_SYMPY_CACHE[key])


_SYMPY_CACHE: dict[tuple, dict[str, float]] = {}
