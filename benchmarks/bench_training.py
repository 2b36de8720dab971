"""Training speed on real data: the 8x8 handwritten digits, trained by bpkit and by what a learner would use instead.

Figures, not a test: ``make bench`` prints a table and writes it into ``build/bench/training.md``.
The data: scikit-learn's 8x8 digits (1,797 images, no download), a stratified split seeded by SEED (1,437 training,
360 test images), inputs divided by 16 (so in [0, 1]), one-hot targets. The network: 64-32-10, sigmoid hidden units,
softmax outputs, cross-entropy cost, float64; minibatch SGD with momentum, dw(t) = -alpha dC/dw + gamma dw(t-1)
(the gradient is the batch mean), batch 32, alpha 0.1, gamma 0.9.

Every peer does the same arithmetic from the same start: the initial weights and biases, and the order of the samples
in every epoch, are drawn as scikit-learn's ``MLPClassifier(random_state=SEED)`` draws them (Glorot-uniform,
+-sqrt(2 / (n_in + n_out)) for logistic units, then a reshuffle per epoch), so bpkit, the inline NumPy and PyTorch
replay scikit-learn's own runs. The script checks that they do (the same test accuracy after every epoch, final
weights equal to rounding) before it times anything.

Peers: bpkit (``Network.backprop`` and ``Momentum.step``); the same loop in plain NumPy written inline;
scikit-learn's ``MLPClassifier`` (``fit`` for a fixed number of epochs, ``partial_fit`` epoch by epoch to stop at the
target: ``warm_start`` with ``max_iter=1`` would restart the momentum at every epoch); PyTorch CPU (``nn.Linear``,
``nn.CrossEntropyLoss``, ``optim.SGD`` with momentum and dampening 0: v = mu v + g, w -= lr v, which is the article's
dw = -alpha g + gamma dw(t-1) with v = -dw / alpha) when installed (``make bench-extras``).

Two times per peer and round: (a) a fixed number of epochs, from building the model to the end, in the sample orders
of ``fit``; (b) epoch by epoch until the test accuracy first reaches TARGET, in the orders of ``partial_fit`` (which
reshuffles 0..m-1 at every call where ``fit`` reshuffles the previous epoch's order: other orders from the same
draws). The test evaluation after each epoch of (b) is not timed (the clock stops for it, for every peer alike).
Each round times every peer once, after a pause that lets the previous library's threads fall asleep; the order of
the peers is reversed every other round. Each ratio in the table is the median of the ratios peer / bpkit taken
within a round, so that a machine whose speed drifts favours no one; the lines under the table give their quartiles.

Every library runs on one thread (``--threads``): OpenBLAS through threadpoolctl, PyTorch through
``torch.set_num_threads``. At these sizes a second thread makes no run faster, and on a shared two-core machine it
mostly waits: OpenBLAS's threads spin after a product (the untimed test evaluation's among them) and PyTorch's wait
for each other in every parallel region, so that with their default two threads runs came out up to 50 times slower
whenever the other core was busy.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
import warnings
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import sklearn
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.utils import shuffle
from threadpoolctl import threadpool_limits  # scikit-learn's own dependency

import bpkit

SIZES = [64, 32, 10]  # inputs, sigmoid hidden units, softmax outputs
BATCH = 32
ALPHA = 0.1  # learning rate
GAMMA = 0.9  # momentum
EPOCHS = 30
TARGET = 0.95  # test accuracy
SEED = 0
OUT = Path(__file__).resolve().parent.parent / "build" / "bench"


@dataclass(frozen=True)
class Digits:
    """The split data: ``x`` (64, m) and ``y`` (10, m) one column per training image (bpkit's layout), ``rows``
    (m, 64) the same images one per row (scikit-learn's and PyTorch's layout), ``labels`` (m,) their digits; the
    test images likewise."""

    x: np.ndarray
    y: np.ndarray
    rows: np.ndarray
    labels: np.ndarray
    x_test: np.ndarray
    rows_test: np.ndarray
    labels_test: np.ndarray


def digits(seed: int = SEED) -> Digits:
    """The 8x8 digits, inputs / 16 in [0, 1], split 80/20 (stratified, seeded)."""
    data = load_digits()
    rows, rows_test, labels, labels_test = train_test_split(data.data / 16.0, data.target, test_size=0.2,
                                                            random_state=seed, stratify=data.target)
    return Digits(x=np.ascontiguousarray(rows.T), y=np.eye(SIZES[-1])[:, labels], rows=np.ascontiguousarray(rows),
                  labels=labels, x_test=np.ascontiguousarray(rows_test.T), rows_test=np.ascontiguousarray(rows_test),
                  labels_test=labels_test)


@dataclass(frozen=True)
class Start:
    """The shared start: ``weights[l-1]`` is w^l (n_l, n_{l-1}), ``biases[l-1]`` is b^l; ``orders["fit"][k]`` and
    ``orders["partial_fit"][k]``, the order of the training samples in epoch k of scikit-learn's ``fit`` and of
    its ``partial_fit`` called once per epoch."""

    weights: list[np.ndarray]
    biases: list[np.ndarray]
    orders: dict[str, list[np.ndarray]]


def shared_start(m: int, epochs: int, seed: int = SEED) -> Start:
    """The start that ``MLPClassifier(activation="logistic", random_state=seed)`` draws from one RandomState: per
    layer a Glorot-uniform weight matrix (n_{l-1}, n_l) and bias vector, bound sqrt(2 / (n_{l-1} + n_l)); then,
    once per epoch, one ``sklearn.utils.shuffle``. ``fit`` shuffles the previous epoch's order; ``partial_fit``
    starts every call from 0, 1, ..., m-1, so the same draws give other orders."""
    weights, biases, orders = [], [], {}
    for kind in ("fit", "partial_fit"):
        rs = np.random.RandomState(seed)
        for n_in, n_out in zip(SIZES[:-1], SIZES[1:], strict=True):
            bound = np.sqrt(2.0 / (n_in + n_out))
            w, b = rs.uniform(-bound, bound, (n_in, n_out)), rs.uniform(-bound, bound, n_out)
            if kind == "fit":
                weights.append(np.ascontiguousarray(w.T))  # Nielsen's layout
                biases.append(b)
        order, orders[kind] = np.arange(m), []
        for _ in range(epochs):
            order = shuffle(order if kind == "fit" else np.arange(m), random_state=rs)
            orders[kind].append(order)
    return Start(weights, biases, orders)


def inline_numpy(w1: np.ndarray, b1: np.ndarray, w2: np.ndarray, b2: np.ndarray, x: np.ndarray,
                 y: np.ndarray) -> tuple[np.ndarray, ...]:
    """The gradient of the batch's mean cross-entropy in plain NumPy, written inline the way a learner would
    (naive sigmoid, softmax shifted by the column maximum)."""
    m = x.shape[1]
    a1 = 1.0 / (1.0 + np.exp(-(w1 @ x + b1[:, None])))
    z2 = w2 @ a1 + b2[:, None]
    e2 = np.exp(z2 - z2.max(axis=0))
    a2 = e2 / e2.sum(axis=0)
    d2 = a2 - y
    d1 = (w2.T @ d2) * a1 * (1.0 - a1)
    return d1 @ x.T / m, d1.mean(axis=1), d2 @ a1.T / m, d2.mean(axis=1)


class Peer:
    """One way to train: ``begin(kind)`` builds the model at the shared start and takes the sample orders of
    scikit-learn's ``kind`` ("fit" or "partial_fit"), ``epoch(k)`` trains epoch k; ``train(epochs)``, what is
    timed for a fixed number of epochs, does both in the orders of ``fit``, and ``epoch_by_epoch()`` begins a run
    in the orders of ``partial_fit``, which stops at the target."""

    name = ""

    def __init__(self, data: Digits, start: Start) -> None:
        self.data, self.start = data, start

    def begin(self, kind: str) -> None:
        self.orders = self.start.orders[kind]

    def epoch(self, k: int) -> None:
        raise NotImplementedError

    def train(self, epochs: int) -> None:
        self.begin("fit")
        for k in range(epochs):
            self.epoch(k)

    def epoch_by_epoch(self) -> None:
        self.begin("partial_fit")

    def predict(self) -> np.ndarray:
        """The predicted digit of every test image."""
        raise NotImplementedError

    def accuracy(self) -> float:
        return float(np.mean(self.predict() == self.data.labels_test))

    def parameters(self) -> list[np.ndarray]:
        """[w^1, b^1, w^2, b^2] in Nielsen's layout."""
        raise NotImplementedError


class Bpkit(Peer):
    name = "bpkit"

    def begin(self, kind: str) -> None:
        super().begin(kind)
        self.net = bpkit.Network(self.start.weights, self.start.biases, activation="sigmoid",
                                 output_activation="softmax")
        self.opt = bpkit.Momentum(ALPHA, GAMMA)

    def epoch(self, k: int) -> None:
        x, y, order, net, opt = self.data.x, self.data.y, self.orders[k], self.net, self.opt
        for first in range(0, len(order), BATCH):
            batch = order[first:first + BATCH]
            grads = net.backprop(x[:, batch], y[:, batch], "cross_entropy")
            net = opt.step(net, grads)
        self.net = net

    def predict(self) -> np.ndarray:
        return self.net.forward(self.data.x_test).output.argmax(axis=0)

    def parameters(self) -> list[np.ndarray]:
        return [self.net.weights[0], self.net.biases[0], self.net.weights[1], self.net.biases[1]]


class InlineNumpy(Peer):
    name = "inline NumPy"

    def begin(self, kind: str) -> None:
        super().begin(kind)
        w, b = self.start.weights, self.start.biases
        self.params = [w[0].copy(), b[0].copy(), w[1].copy(), b[1].copy()]
        self.changes = [np.zeros_like(p) for p in self.params]  # dw(t-1), db(t-1)

    def epoch(self, k: int) -> None:
        x, y, order, params, changes = self.data.x, self.data.y, self.orders[k], self.params, self.changes
        for first in range(0, len(order), BATCH):
            batch = order[first:first + BATCH]
            grads = inline_numpy(*params, x[:, batch], y[:, batch])
            changes = [-ALPHA * g + GAMMA * d for g, d in zip(grads, changes, strict=True)]
            params = [p + d for p, d in zip(params, changes, strict=True)]
        self.params, self.changes = params, changes

    def predict(self) -> np.ndarray:
        w1, b1, w2, b2 = self.params
        return (w2 @ (1.0 / (1.0 + np.exp(-(w1 @ self.data.x_test + b1[:, None])))) + b2[:, None]).argmax(axis=0)

    def parameters(self) -> list[np.ndarray]:
        return list(self.params)


def mlp(random_state: int | np.random.RandomState, max_iter: int = 1) -> MLPClassifier:
    """scikit-learn's MLPClassifier with the benchmark's network and settings, running all ``max_iter`` epochs."""
    return MLPClassifier(hidden_layer_sizes=(SIZES[1],), activation="logistic", solver="sgd", alpha=0.0,
                         batch_size=BATCH, learning_rate="constant", learning_rate_init=ALPHA, momentum=GAMMA,
                         nesterovs_momentum=False, max_iter=max_iter, shuffle=True, random_state=random_state,
                         tol=0.0, n_iter_no_change=max_iter, early_stopping=False)


class Sklearn(Peer):
    name = "scikit-learn"

    def epoch_by_epoch(self) -> None:
        # partial_fit reads random_state afresh at every call: an int would give every epoch the same order,
        # one RandomState goes on where the previous epoch stopped.
        self.clf = mlp(np.random.RandomState(SEED))
        self.classes = np.arange(SIZES[-1])

    def epoch(self, k: int) -> None:
        self.clf.partial_fit(self.data.rows, self.data.labels, classes=self.classes)

    def train(self, epochs: int) -> None:
        self.clf = mlp(SEED, max_iter=epochs)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)  # it ran all epochs, as asked
            self.clf.fit(self.data.rows, self.data.labels)

    def predict(self) -> np.ndarray:
        return self.clf.predict(self.data.rows_test)

    def parameters(self) -> list[np.ndarray]:
        (c1, c2), (i1, i2) = self.clf.coefs_, self.clf.intercepts_
        return [c1.T, i1, c2.T, i2]


class Torch(Peer):
    name = "PyTorch"

    def __init__(self, data: Digits, start: Start) -> None:
        import torch

        super().__init__(data, start)
        self.torch = torch
        self.rows, self.labels = torch.tensor(data.rows), torch.tensor(data.labels)
        self.rows_test = torch.tensor(data.rows_test)
        self.tensors = {kind: [torch.from_numpy(order) for order in orders] for kind, orders in start.orders.items()}

    def begin(self, kind: str) -> None:
        self.orders = self.tensors[kind]
        nn = self.torch.nn
        f64 = self.torch.float64
        self.model = nn.Sequential(nn.Linear(SIZES[0], SIZES[1], dtype=f64), nn.Sigmoid(),
                                   nn.Linear(SIZES[1], SIZES[2], dtype=f64))
        with self.torch.no_grad():
            for layer, w, b in zip(self.model[::2], self.start.weights, self.start.biases, strict=True):
                layer.weight.copy_(self.torch.from_numpy(w))  # nn.Linear's weight is (n_out, n_in): Nielsen's
                layer.bias.copy_(self.torch.from_numpy(b))
        self.loss = nn.CrossEntropyLoss()  # softmax and cross-entropy, the batch mean
        self.opt = self.torch.optim.SGD(self.model.parameters(), lr=ALPHA, momentum=GAMMA, dampening=0.0)

    def epoch(self, k: int) -> None:
        order, model, loss, opt = self.orders[k], self.model, self.loss, self.opt
        for first in range(0, len(order), BATCH):
            batch = order[first:first + BATCH]
            opt.zero_grad()
            loss(model(self.rows[batch]), self.labels[batch]).backward()
            opt.step()

    def predict(self) -> np.ndarray:
        with self.torch.no_grad():
            return self.model(self.rows_test).argmax(dim=1).numpy()

    def parameters(self) -> list[np.ndarray]:
        return [p.detach().numpy().copy() for p in self.model.parameters()]


def make_peers(data: Digits, start: Start) -> list[Peer]:
    """bpkit first, then the inline NumPy, scikit-learn, and PyTorch if it imports."""
    peers: list[Peer] = [Bpkit(data, start), InlineNumpy(data, start), Sklearn(data, start)]
    try:
        peers.append(Torch(data, start))
    except ImportError:
        pass
    return peers


@dataclass
class Check:
    """One untimed run of a peer: the test accuracy after every epoch (epoch by epoch, in ``partial_fit``'s
    orders) and the final parameters of that run and of ``train`` (in ``fit``'s orders)."""

    accuracies: list[float]
    stepped: list[np.ndarray]
    trained: list[np.ndarray]


def check_run(peer: Peer, epochs: int) -> Check:
    peer.epoch_by_epoch()
    accuracies = []
    for k in range(epochs):
        peer.epoch(k)
        accuracies.append(peer.accuracy())
    stepped = peer.parameters()
    peer.train(epochs)
    return Check(accuracies, stepped, peer.parameters())


def difference(a: list[np.ndarray], b: list[np.ndarray]) -> float:
    """Largest relative difference between two lists of parameters."""
    return max(bpkit.relative_error(p, q) for p, q in zip(a, b, strict=True))


def agreement(peers: list[Peer], epochs: int) -> tuple[dict[str, Check], list[str]]:
    """Train every peer both ways once, untimed (also their warm-up): each must reach bpkit's test accuracy after
    every epoch and its final weights up to rounding, in both runs. Returns the runs and the lines that report the
    differences."""
    checks = {peer.name: check_run(peer, epochs) for peer in peers}
    ours = checks["bpkit"]
    lines = []
    for name, check in list(checks.items())[1:]:
        stepped, trained = difference(check.stepped, ours.stepped), difference(check.trained, ours.trained)
        same = check.accuracies == ours.accuracies
        if not same or max(stepped, trained) > 1e-6:
            raise AssertionError(f"{name} did not replay bpkit's runs: test accuracies after each epoch "
                                 f"{'equal' if same else 'differ'}, final weights differ by {stepped:.1e} "
                                 f"(epoch by epoch) and {trained:.1e} ({epochs} epochs in one go)")
        lines.append(f"- {name}: the same test accuracy after each of the {epochs} epochs; final weights within "
                     f"{stepped:.1e} (epoch by epoch) and {trained:.1e} ({epochs} epochs in one go)")
    return checks, lines


def time_fixed(peer: Peer, epochs: int) -> float:
    """Seconds to build the model and train ``epochs`` epochs."""
    t = time.perf_counter()
    peer.train(epochs)
    return time.perf_counter() - t


def time_to_target(peer: Peer, target: float, epochs: int) -> tuple[float, int | None]:
    """Seconds of training (the test evaluation after each epoch not counted) until the test accuracy first
    reaches ``target``, and the epochs it took (None if not within ``epochs``; the time is then that of all)."""
    elapsed = 0.0
    t = time.perf_counter()
    peer.epoch_by_epoch()
    for k in range(epochs):
        peer.epoch(k)
        elapsed += time.perf_counter() - t
        if peer.accuracy() >= target:
            return elapsed, k + 1
        t = time.perf_counter()
    return elapsed, None


@dataclass
class Times:
    """Per round: seconds for the fixed epochs and to the target; the epochs to the target and the final test
    accuracy of every timed run (the same in every round: the runs are deterministic)."""

    fixed: list[float]
    target: list[float]
    epochs: set[int | None]
    accuracy: set[float]


def measure(peers: list[Peer], epochs: int, rounds: int, pause: float) -> dict[str, Times]:
    """Every peer timed once per round, after ``pause`` seconds of sleep (OpenBLAS's and PyTorch's threads spin for
    a while after a call and, on two cores, take the cores from whoever runs next); the order of the peers is
    reversed every other round."""
    times = {peer.name: Times([], [], set(), set()) for peer in peers}
    for r in range(rounds):
        for peer in peers if r % 2 == 0 else peers[::-1]:
            record = times[peer.name]
            time.sleep(pause)
            record.fixed.append(time_fixed(peer, epochs))
            record.accuracy.add(peer.accuracy())
            time.sleep(pause)
            seconds, needed = time_to_target(peer, TARGET, epochs)
            record.target.append(seconds)
            record.epochs.add(needed)
    return times


def ratios(times: dict[str, Times], name: str, kind: str) -> list[float]:
    """The peer's time over bpkit's, round by round."""
    return [b / a for a, b in zip(getattr(times["bpkit"], kind), getattr(times[name], kind), strict=True)]


def table(times: dict[str, Times], epochs: int, steps: int, n_test: int) -> list[str]:
    """The table (Markdown) and the quartiles of the ratios."""
    lines = [f"| peer | {epochs} epochs (s) | / bpkit | per step (us) | epochs to {TARGET:.0%} | to {TARGET:.0%} (s) "
             f"| / bpkit | test accuracy after {epochs} epochs |",
             "|---|---|---|---|---|---|---|---|"]
    for name, record in times.items():
        fixed = statistics.median(record.fixed)
        (needed,), (accuracy,) = record.epochs, record.accuracy  # deterministic: one value each
        reached = needed is not None
        fixed_ratio = statistics.median(ratios(times, name, "fixed"))
        target = f"{statistics.median(record.target):.3f}" if reached else "-"
        target_ratio = f"{statistics.median(ratios(times, name, 'target')):.2f}" if reached else "-"
        lines.append(f"| {name} | {fixed:.3f} | {fixed_ratio:.2f} | {fixed / (epochs * steps) * 1e6:.0f} | "
                     f"{needed if reached else f'not in {epochs}'} | {target} | {target_ratio} | "
                     f"{accuracy:.2%} ({round(accuracy * n_test)}/{n_test}) |")
    lines += ["", f"the runs of {epochs} epochs shuffle as scikit-learn's fit does, the runs to {TARGET:.0%} as its "
              "partial_fit does (other orders from the same draws): the last column and the epochs to "
              f"{TARGET:.0%} come from two runs;",
              "peer / bpkit is the median of the ratios within a round, not the ratio of the medians; "
              "median (quartiles):"]
    for name, record in list(times.items())[1:]:
        parts = []
        for kind, label in (("fixed", f"{epochs} epochs"), ("target", f"to {TARGET:.0%}")):
            if kind == "target" and None in record.epochs:
                continue
            q = statistics.quantiles(ratios(times, name, kind))
            parts.append(f"{label} {q[1]:.2f} ({q[0]:.2f}-{q[2]:.2f})")
        lines.append(f"- {name}: " + "; ".join(parts))
    return lines


def versions(peers: list[Peer], threads: int) -> str:
    text = (f"NumPy {np.__version__}, scikit-learn {sklearn.__version__}, "
            + ("each library's default threads" if threads == 0 else f"OpenBLAS on {threads} thread"
               + "s" * (threads > 1)))
    torch = next((peer for peer in peers if isinstance(peer, Torch)), None)
    if torch is None:
        return text + "; PyTorch not installed (make bench-extras)"
    n = torch.torch.get_num_threads()
    return text + f"; PyTorch {torch.torch.__version__} on {n} thread" + "s" * (n > 1)


def main(argv: list[str] | None = None) -> int:
    """Check, measure, print and write the table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=21, help="timed rounds (default 21)")
    parser.add_argument("--epochs", type=int, default=EPOCHS, help=f"epochs per run (default {EPOCHS})")
    parser.add_argument("--pause", type=float, default=0.2, help="seconds of sleep before each timed run")
    parser.add_argument("--threads", type=int, default=1,
                        help="threads for OpenBLAS and PyTorch (default 1; 0 leaves each library's default)")
    parser.add_argument("--quick", action="store_true", help="a quick run: 3 rounds of 10 epochs, short pauses")
    parser.add_argument("--out", type=Path, default=OUT, help="folder for training.md (default build/bench)")
    args = parser.parse_args(argv)
    if args.quick:
        args.rounds, args.epochs, args.pause = 3, 10, 0.02
    if args.rounds < 2 or args.epochs < 1 or args.threads < 0:
        parser.error("--rounds must be at least 2 (for the quartiles), --epochs at least 1, --threads at least 0")
    load = os.getloadavg()[0]
    data = digits()
    m, n_test = data.x.shape[1], data.x_test.shape[1]
    steps = -(-m // BATCH)  # minibatches per epoch, the last one shorter
    peers = make_peers(data, shared_start(m, args.epochs))
    with threadpool_limits(limits=args.threads or None):
        for peer in peers:
            if isinstance(peer, Torch) and args.threads:
                peer.torch.set_num_threads(args.threads)
        setting = versions(peers, args.threads)
        _, checks = agreement(peers, args.epochs)
        times = measure(peers, args.epochs, args.rounds, args.pause)
    head = (f"training on the 8x8 digits ({m} training, {n_test} test images, inputs / 16, split seed {SEED}): "
            f"{'-'.join(map(str, SIZES))}, sigmoid hidden, softmax output, cross-entropy, float64; minibatch SGD with "
            f"momentum, batch {BATCH} ({steps} steps an epoch), alpha {ALPHA}, gamma {GAMMA}; one start for all "
            f"(scikit-learn's Glorot-uniform weights and per-epoch shuffles, random_state {SEED}); test evaluation "
            f"not timed; medians of {args.rounds} rounds, peers in alternating order, {args.pause} s pause before "
            f"each run; {date.today()}, {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
            f"load average {load:.2f} at the start; {setting}")
    lines = [head, "", *table(times, args.epochs, steps, n_test), "",
             "every peer replays bpkit's runs (checked, untimed, before the timing):", *checks]
    text = "\n".join(lines)
    print(text)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "training.md").write_text(text + "\n", encoding="utf-8")
    print(f"\nwrote {args.out / 'training.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
