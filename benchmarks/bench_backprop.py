"""Backprop speed, side by side: bpkit against what a learner would write or use instead.

Figures, not a test: ``make bench`` prints a table and writes it, with a plot, into ``build/bench/``.
The network is 784-100-10, sigmoid, quadratic cost, float64; the gradient is the batch mean, as bpkit's.
Peers: the same computation in plain NumPy written inline; a per-sample loop in the style of Nielsen's
``network.py``; PyTorch CPU autograd and HIPS autograd when installed (``requirements-bench.txt``).
bpkit and the inline NumPy are timed in interleaved rounds, each call right after an untimed one of the same
function (steady state); each other peer in blocks that alternate with blocks of bpkit. Every ratio in the table is
the median of ratios taken within a round or a pair of blocks, so that a machine whose speed drifts favours no one;
the lines under the table give their quartiles, which say how far one run can be off.
"""

from __future__ import annotations

import argparse
import copy
import os
import platform
import statistics
import time
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path

import numpy as np

import bpkit

SIZES = [784, 100, 10]
BATCHES = [1, 32, 256, 2048]
OUT = Path(__file__).resolve().parent.parent / "build" / "bench"


def setup(m: int, seed: int = 0) -> tuple[bpkit.Network, np.ndarray, np.ndarray]:
    """The network and a batch of m random samples (inputs in [0, 1), targets one-hot)."""
    net = bpkit.Network.random(SIZES, seed=seed)
    rng = np.random.default_rng(seed + m)
    x = rng.random((SIZES[0], m))
    y = np.eye(SIZES[-1])[:, rng.integers(0, SIZES[-1], m)]
    return net, x, y


def inline_numpy(w1: np.ndarray, b1: np.ndarray, w2: np.ndarray, b2: np.ndarray, x: np.ndarray,
                 y: np.ndarray) -> tuple[np.ndarray, ...]:
    """The same gradient in plain NumPy, written inline the way a learner would (naive sigmoid)."""
    m = x.shape[1]
    a1 = 1.0 / (1.0 + np.exp(-(w1 @ x + b1[:, None])))
    a2 = 1.0 / (1.0 + np.exp(-(w2 @ a1 + b2[:, None])))
    d2 = (a2 - y) * a2 * (1.0 - a2)
    d1 = (w2.T @ d2) * a1 * (1.0 - a1)
    return d1 @ x.T / m, d1.mean(axis=1), d2 @ a1.T / m, d2.mean(axis=1)


def nielsen_loop(w1: np.ndarray, b1: np.ndarray, w2: np.ndarray, b2: np.ndarray, x: np.ndarray,
                 y: np.ndarray) -> tuple[np.ndarray, ...]:
    """Nielsen's network.py style: backprop one sample at a time (column vectors), sum, divide by m."""
    nw1, nb1, nw2, nb2 = np.zeros_like(w1), np.zeros_like(b1), np.zeros_like(w2), np.zeros_like(b2)
    m = x.shape[1]
    for i in range(m):
        xi, yi = x[:, i:i + 1], y[:, i:i + 1]
        a1 = 1.0 / (1.0 + np.exp(-(w1 @ xi + b1[:, None])))
        a2 = 1.0 / (1.0 + np.exp(-(w2 @ a1 + b2[:, None])))
        d2 = (a2 - yi) * a2 * (1.0 - a2)
        d1 = (w2.T @ d2) * a1 * (1.0 - a1)
        nw1 += d1 @ xi.T
        nb1 += d1[:, 0]
        nw2 += d2 @ a1.T
        nb2 += d2[:, 0]
    return nw1 / m, nb1 / m, nw2 / m, nb2 / m


def torch_peer() -> Callable[..., Callable[[], object]] | None:
    """PyTorch CPU autograd, if installed: returns a factory of timed closures."""
    try:
        import torch
    except ImportError:
        return None

    def make(w1, b1, w2, b2, x, y):  # noqa: ANN001, ANN202 - arrays in, closure out
        t = [torch.tensor(v, dtype=torch.float64) for v in (w1, b1, w2, b2)]
        for v in t:
            v.requires_grad_(True)
        tx, ty = torch.tensor(x, dtype=torch.float64), torch.tensor(y, dtype=torch.float64)

        def run() -> object:
            for v in t:
                v.grad = None
            a1 = torch.sigmoid(t[0] @ tx + t[1][:, None])
            a2 = torch.sigmoid(t[2] @ a1 + t[3][:, None])
            cost = 0.5 * ((a2 - ty) ** 2).sum(dim=0).mean()
            cost.backward()
            return [v.grad for v in t]

        return run

    return make


def autograd_peer() -> Callable[..., Callable[[], object]] | None:
    """HIPS autograd, if installed."""
    try:
        import autograd
        import autograd.numpy as anp
    except ImportError:
        return None

    def make(w1, b1, w2, b2, x, y):  # noqa: ANN001, ANN202
        def cost(params):  # noqa: ANN001, ANN202
            p1, q1, p2, q2 = params
            a1 = 1.0 / (1.0 + anp.exp(-(anp.dot(p1, x) + q1[:, None])))
            a2 = 1.0 / (1.0 + anp.exp(-(anp.dot(p2, a1) + q2[:, None])))
            return 0.5 * anp.mean(anp.sum((a2 - y) ** 2, axis=0))

        grad = autograd.grad(cost)
        return lambda: grad([w1, b1, w2, b2])

    return make


def block_time(f: Callable[[], object], calls: int) -> float:
    """Median wall time of ``calls`` calls in a row, after one untimed call (steady state)."""
    f()
    times = []
    for _ in range(calls):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def paired_blocks(ours: Callable[[], object], theirs: Callable[[], object], rounds: int, calls: int,
                  pause: float) -> tuple[list[float], list[float]]:
    """Steady-state times of two runs in blocks of ``calls`` calls, one block of each per round (which one goes
    first alternates): within a round the machine's speed is about the same for both. ``pause`` seconds before each
    block let the other library's threads fall asleep: OpenBLAS's and PyTorch's spin after a call and, on two cores,
    take them from each other (back to back, both lose up to 40x)."""
    times: tuple[list[float], list[float]] = ([], [])
    for r in range(rounds):
        for i in (0, 1) if r % 2 == 0 else (1, 0):
            time.sleep(pause)
            times[i].append(block_time((ours, theirs)[i], calls))
    return times


def pairing(repeats: int) -> tuple[int, int]:
    """Rounds and calls per block for the peers timed in blocks: about a quarter of ``repeats`` pairs of 7 calls."""
    return max(3, repeats // 4), 7


def round_times(runs: dict[str, Callable[[], object]], repeats: int) -> dict[str, list[float]]:
    """Wall time of each run in steady state, once per round, in interleaved rounds so that a machine whose speed
    drifts favours none of them. In each round every run is called twice in a row and the second call is timed:
    a call right after another function's pays for that function's memory (the allocator hands back, or takes
    from the system, pages of a different size), which is not the run's own cost."""
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeats):
        for name, run in runs.items():
            run()
            t = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - t)
    return times


def matmul_peak(repeats: int) -> float:
    """Measured float64 matrix-multiply rate of this machine in GFLOP/s (1000 x 1000 x 1000)."""
    rng = np.random.default_rng(1)
    a, b = rng.random((1000, 1000)), rng.random((1000, 1000))
    return 2e9 / block_time(lambda: a @ b, repeats) / 1e9


def flops(m: int) -> float:
    """Floating-point operations of the three large products of one gradient (forward and backward)."""
    n0, n1, n2 = SIZES
    return 2.0 * m * (n1 * n0 + n2 * n1) + 2.0 * m * (n1 * n2) + 2.0 * m * (n1 * n0 + n2 * n1)


def check_agreement(net: bpkit.Network, x: np.ndarray, y: np.ndarray) -> float:
    """Largest relative difference between bpkit's gradient and the inline and loop versions."""
    g = net.backprop(x, y)
    ours = [g.nabla_w[0], g.nabla_b[0], g.nabla_w[1], g.nabla_b[1]]
    args = (net.weights[0], net.biases[0], net.weights[1], net.biases[1], x, y)
    return max(bpkit.relative_error(a, b) for f in (inline_numpy, nielsen_loop) for a, b in zip(ours, f(*args),
                                                                                                 strict=True))


def measure(m: int, names: list[str], peers: dict[str, Callable[..., Callable[[], object]] | None],
            repeats: int) -> tuple[dict[str, float], float, float, dict[str, list[float]]]:
    """At batch size m: the median time of every implementation, bpkit's forward time, the agreement check, and for
    every peer its time over bpkit's, once per round (or pair of blocks)."""
    net, x, y = setup(m)
    params = (net.weights[0], net.biases[0], net.weights[1], net.biases[1], x, y)
    ours = lambda: net.backprop(x, y)  # noqa: E731
    runs = {"bpkit": ours, "inline NumPy": lambda: inline_numpy(*params), "Nielsen loop": lambda: nielsen_loop(*params)}
    runs.update({n: p(*params) for n, p in peers.items() if p is not None})
    runs = {name: runs[name] for name in names} | {"bpkit forward": lambda: net.forward(x)}
    # bpkit, its forward pass and the inline NumPy are timed interleaved, call by call: their ratio is the one that
    # matters most. The other peers take blocks of their own, paired with blocks of bpkit: PyTorch's threads would
    # fight OpenBLAS's call by call, and the slow ones would evict the caches.
    rounds = round_times({n: runs.pop(n) for n in ("bpkit", "inline NumPy", "bpkit forward")}, repeats)
    times = {n: statistics.median(t) for n, t in rounds.items()}
    ratios = {"inline NumPy": [b / a for a, b in zip(rounds["bpkit"], rounds["inline NumPy"], strict=True)]}
    for name, run in runs.items():
        slow = name == "Nielsen loop" and m >= 256  # 0.1 s a call at 256, over 1 s at 2048
        # Only PyTorch brings threads of its own; OpenBLAS's spin for about 0.1 s after a call (THREAD_TIMEOUT).
        mine, theirs = paired_blocks(ours, run, *((3, 1) if slow else pairing(repeats)),
                                     pause=0.2 if name == "torch" else 0.0)
        times[name] = statistics.median(theirs)
        ratios[name] = [b / a for a, b in zip(mine, theirs, strict=True)]
    return times, times.pop("bpkit forward"), check_agreement(net, x, y), ratios


def library_gaps(repeats: int) -> list[str]:
    """Where PyTorch's time differs from NumPy's, if it is installed: its time over NumPy's (median of paired blocks)
    for the two large products of a gradient and for the sigmoid of z^1, at the batch sizes where it leads."""
    try:
        import torch
    except ImportError:
        return []
    rng = np.random.default_rng(2)
    lines = ["PyTorch's time over NumPy's for the pieces of a gradient (median of paired blocks; PyTorch brings MKL "
             "and two-core elementwise kernels, NumPy OpenBLAS and one-core ufuncs):"]
    for m in (256, 2048):
        w, x, d, z = (rng.standard_normal(shape) for shape in [(SIZES[1], SIZES[0]), (SIZES[0], m), (SIZES[1], m),
                                                               (SIZES[1], m)])
        tw, tx, td, tz = map(torch.tensor, (w, x, d, z))
        pieces = {"w^1 a^0": (partial(np.matmul, w, x), partial(torch.matmul, tw, tx)),
                  "delta^1 (a^0)^T": (partial(np.matmul, d, x.T), partial(torch.matmul, td, tx.T)),
                  "sigmoid(z^1)": (partial(_naive_sigmoid, z), partial(torch.sigmoid, tz))}
        ratios = []
        for name, (ours, theirs) in pieces.items():
            a, b = paired_blocks(ours, theirs, max(3, repeats // 6), 7, pause=0.2)
            ratios.append(f"{name} {statistics.median([t / s for s, t in zip(a, b, strict=True)]):.2f}")
        lines.append(f"- batch {m}: " + ", ".join(ratios))
    return lines


def where_the_time_goes(repeats: int) -> list[str]:
    """bpkit's time over the inline NumPy's, split into what bpkit does that the inline code does not, each as a
    share of the inline NumPy's time: its sigmoid and sigma' (from e^-|z|: no overflow for any z, full relative
    precision where sigma' is tiny), measured as bpkit against the same Network with the inline code's naive
    ``1 / (1 + exp(-z))`` and ``a (1 - a)`` in its place; the door's check of x and y; and the rest (Python
    overhead, the cost value). Interleaved rounds; each share is the median of the within-round differences."""
    lines = ["where bpkit's extra time goes, as a share of the inline NumPy's time (median of the differences "
             "within interleaved rounds):"]
    for m in (256, 2048):
        net, x, y = setup(m)
        naive = copy.copy(net)
        naive.hidden = naive.output = bpkit.Activation("sigmoid", _naive_with_prime)
        params = (net.weights[0], net.biases[0], net.weights[1], net.biases[1], x, y)
        t = round_times({"bpkit": partial(net.backprop, x, y), "inline": partial(inline_numpy, *params),
                         "naive sigmoid": partial(naive.backprop, x, y),
                         "door": partial(net._check, x, y, "quadratic")}, repeats)
        parts = [_share(t["bpkit"], t["inline"], t["inline"]), _share(t["bpkit"], t["naive sigmoid"], t["inline"]),
                 _share(t["door"], [0.0] * repeats, t["inline"])]
        lines.append(f"- batch {m}: {parts[0]:+.0%} in all; the stable sigmoid and sigma' {parts[1]:+.0%}, "
                     f"the check of x and y {parts[2]:+.0%}, the rest {parts[0] - parts[1] - parts[2]:+.0%}")
    return lines


def _share(more: list[float], less: list[float], base: list[float]) -> float:
    """The median, over rounds, of (more - less) / base."""
    return statistics.median([(a - b) / c for a, b, c in zip(more, less, base, strict=True)])


def _naive_with_prime(z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    a = _naive_sigmoid(z)
    return a, a * (1.0 - a)


def _naive_sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def main() -> int:
    """Measure, print and write the table and the plot."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=41)
    args = parser.parse_args()
    peers: dict[str, Callable[..., Callable[[], object]] | None] = {"torch": torch_peer(),
                                                                    "autograd": autograd_peer()}
    peak = matmul_peak(args.repeats)
    names = ["bpkit", "inline NumPy", "Nielsen loop"] + [n for n, p in peers.items() if p is not None]
    results: dict[str, dict[int, float]] = {n: {} for n in names}
    ratios: dict[str, dict[int, list[float]]] = {n: {} for n in names[1:]}  # peer / bpkit, one per round
    forward: dict[int, float] = {}
    worst = 0.0
    for m in BATCHES:
        times, forward[m], agreement, paired = measure(m, names, peers, args.repeats)
        worst = max(worst, agreement)
        for name in names:
            results[name][m] = times[name]
        for name in names[1:]:
            ratios[name][m] = paired[name]
    rounds, calls = pairing(args.repeats)
    head = (f"backprop of a {'-'.join(map(str, SIZES))} sigmoid network, quadratic cost, float64; medians of "
            f"{args.repeats} interleaved rounds (bpkit, inline NumPy) and of {rounds} pairs of blocks of {calls} calls "
            f"(the others; the Nielsen loop 3 of 1 call from batch 256); {date.today()}, "
            f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, NumPy {np.__version__}; "
            f"matrix-multiply peak {peak:.1f} GFLOP/s")
    lines = [head, "", "| batch | " + " | ".join(f"{n} (ms)" for n in names) + " | " +
             " | ".join(f"{n} / bpkit" for n in names[1:]) + " | bpkit % of peak | bpkit backward / forward |",
             "|" + "---|" * (2 * len(names) + 2)]
    for m in BATCHES:
        t = {n: results[n][m] for n in names}
        ratio = " | ".join(f"{statistics.median(ratios[n][m]):.2f}" for n in names[1:])
        pct = 100 * flops(m) / t["bpkit"] / 1e9 / peak
        back = (t["bpkit"] - forward[m]) / forward[m]
        lines.append(f"| {m} | " + " | ".join(f"{t[n] * 1e3:.3f}" for n in names) + f" | {ratio} | {pct:.0f}% | "
                     f"{back:.2f} |")
    lines += ["", "each peer / bpkit is the median of the ratios within a round (inline NumPy) or a pair of blocks "
              "(the others), not the ratio of the two medians;",
              "bpkit's time over a close peer's, median (quartiles):"]
    for name in [n for n in ("inline NumPy", "torch", "autograd") if n in ratios]:
        spread = [statistics.quantiles([1 / r for r in ratios[name][m]]) for m in BATCHES]
        lines.append(f"- {name}: " + "; ".join(f"batch {m}: {q[1]:.2f} ({q[0]:.2f}-{q[2]:.2f})"
                                                 for m, q in zip(BATCHES, spread, strict=True)))
    lines += [f"largest relative difference between bpkit and the inline and loop gradients: {worst:.1e}"]
    lines += where_the_time_goes(args.repeats)
    lines += [""] + gaps if (gaps := library_gaps(args.repeats)) else []
    text = "\n".join(lines)
    print(text)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "table.md").write_text(text + "\n", encoding="utf-8")
    _plot(results, ratios, names)
    print(f"\nwrote {OUT / 'table.md'} and {OUT / 'backprop.png'}")
    return 0


def _plot(results: dict[str, dict[int, float]], ratios: dict[str, dict[int, list[float]]], names: list[str]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax, rel) = plt.subplots(1, 2, figsize=(11.0, 4.0))
    for name in names:
        ax.loglog(BATCHES, [results[name][m] * 1e3 for m in BATCHES], marker="o", label=name)
    ax.set(xlabel="batch size m", ylabel="time per gradient (ms)", title="Backprop, 784-100-10 sigmoid, float64")
    ax.legend(loc="upper left", fontsize=8)
    ax.grid(True, which="both", lw=0.3)
    for name in names[1:]:  # the Nielsen loop and autograd are far off: the panel shows the close ones
        over = [statistics.median([1 / r for r in ratios[name][m]]) for m in BATCHES]  # bpkit / peer, paired
        if min(over) > 1 / 3:
            rel.semilogx(BATCHES, over, marker="o", label=name, color=f"C{names.index(name)}")
    rel.axhline(1.0, color="k", lw=0.8)
    rel.axhline(1.1, color="k", lw=0.8, ls="--", label="1.1 (the target against inline NumPy)")
    rel.set(xlabel="batch size m", ylabel="bpkit's time / the other's (paired median)",
            title="bpkit relative to the close peers")
    rel.legend(loc="upper left", fontsize=8)
    rel.grid(True, which="both", lw=0.3)
    fig.tight_layout()
    fig.savefig(OUT / "backprop.png", dpi=100)
    plt.close(fig)


if __name__ == "__main__":
    raise SystemExit(main())
