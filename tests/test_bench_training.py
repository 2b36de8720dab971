"""Functional checks of the training benchmark (benchmarks/bench_training.py); nothing here is timed.

The benchmark compares times only if every peer does the same arithmetic: the inline NumPy loop and bpkit must
make the same gradient and the same momentum step, and scikit-learn (and PyTorch, when installed) must replay the
shared start and sample orders. The script itself must run (--quick) and write its table where it is told.
"""

import dataclasses
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import bpkit

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_training.py"


@pytest.fixture(scope="module")
def bt():
    spec = importlib.util.spec_from_file_location("bench_training", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the file runs
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        del sys.modules[spec.name]


@pytest.fixture(scope="module")
def data(bt):
    return bt.digits()


def small(bt, data, m):
    """The first m training images only (the test images all kept)."""
    return dataclasses.replace(data, x=data.x[:, :m], y=data.y[:, :m], rows=data.rows[:m], labels=data.labels[:m])


def test_the_data(bt, data):
    assert data.x.shape == (64, 1437) and data.x_test.shape == (64, 360)
    assert data.x.min() == 0.0 and data.x.max() == 1.0
    np.testing.assert_array_equal(data.rows, data.x.T)
    np.testing.assert_array_equal(data.y.argmax(axis=0), data.labels)
    np.testing.assert_array_equal(data.y.sum(axis=0), 1.0)


def test_inline_numpy_gradient_is_bpkits(bt, data):
    start = bt.shared_start(data.x.shape[1], 1)
    net = bpkit.Network(start.weights, start.biases, activation="sigmoid", output_activation="softmax")
    x, y = data.x[:, :5], data.y[:, :5]
    grads = net.backprop(x, y, "cross_entropy")
    ours = [grads.nabla_w[0], grads.nabla_b[0], grads.nabla_w[1], grads.nabla_b[1]]
    theirs = bt.inline_numpy(start.weights[0], start.biases[0], start.weights[1], start.biases[1], x, y)
    for a, b in zip(ours, theirs, strict=True):
        assert a.shape == b.shape
        assert bpkit.relative_error(a, b) < 1e-13


@pytest.mark.parametrize("kind", ["fit", "partial_fit"])
def test_inline_numpy_steps_are_bpkits(bt, data, kind):
    """Two epochs of 40 images, batches of 32 and 8: four momentum steps, the last three with a previous change."""
    tiny = small(bt, data, 40)
    start = bt.shared_start(40, 2)
    peers = [bt.Bpkit(tiny, start), bt.InlineNumpy(tiny, start)]
    for peer in peers:
        peer.begin(kind)
        for k in range(2):
            peer.epoch(k)
    ours, theirs = (peer.parameters() for peer in peers)
    assert bt.difference(ours, theirs) < 1e-13
    assert bt.difference(ours, start.weights[:1] + start.biases[:1] + start.weights[1:] + start.biases[1:]) > 1e-3


def test_orders_are_permutations(bt):
    start = bt.shared_start(50, 3)
    for orders in start.orders.values():
        assert len(orders) == 3
        for order in orders:
            np.testing.assert_array_equal(np.sort(order), np.arange(50))
    assert any(not np.array_equal(a, b) for a, b in zip(*start.orders.values(), strict=True))  # fit reshuffles


def test_scikit_learn_replays_the_shared_start(bt, data):
    """MLPClassifier's fit and partial_fit, epoch by epoch, make bpkit's steps in the orders of shared_start."""
    tiny = small(bt, data, 100)
    start = bt.shared_start(100, 3)
    ours, theirs = bt.Bpkit(tiny, start), bt.Sklearn(tiny, start)
    for peer in (ours, theirs):
        peer.train(3)
    assert bt.difference(ours.parameters(), theirs.parameters()) < 1e-12
    for peer in (ours, theirs):
        peer.epoch_by_epoch()
        for k in range(3):
            peer.epoch(k)
    assert bt.difference(ours.parameters(), theirs.parameters()) < 1e-12
    np.testing.assert_array_equal(ours.predict(), theirs.predict())


def test_pytorch_replays_the_shared_start(bt, data):
    pytest.importorskip("torch")
    tiny = small(bt, data, 100)
    start = bt.shared_start(100, 3)
    ours, theirs = bt.Bpkit(tiny, start), bt.Torch(tiny, start)
    for peer in (ours, theirs):
        peer.train(3)
    assert bt.difference(ours.parameters(), theirs.parameters()) < 1e-12


def test_time_to_target_counts_epochs(bt, data):
    tiny = small(bt, data, 64)
    peer = bt.InlineNumpy(tiny, bt.shared_start(64, 3))
    seconds, needed = bt.time_to_target(peer, 0.0, 3)  # any accuracy reaches 0
    assert needed == 1 and seconds > 0
    seconds, needed = bt.time_to_target(peer, 1.01, 3)  # no accuracy reaches 101%
    assert needed is None and seconds > 0


def test_table_format(bt):
    times = {"bpkit": bt.Times([2.0, 4.0, 3.0], [1.0, 2.0, 1.5], {8}, {0.975}),
             "slow": bt.Times([4.0, 4.0, 9.0], [5.0, 5.0, 5.0], {None}, {0.9})}
    lines = bt.table(times, 30, 45, 360)
    assert lines[2] == "| bpkit | 3.000 | 1.00 | 2222 | 8 | 1.500 | 1.00 | 97.50% (351/360) |"
    assert lines[3] == "| slow | 4.000 | 2.00 | 2963 | not in 30 | - | - | 90.00% (324/360) |"
    assert lines[-1] == "- slow: 30 epochs 2.00 (1.00-3.00)"


def test_quick_mode_runs(tmp_path):
    env = dict(os.environ, PYTHONHASHSEED="0")
    env.pop("MPLBACKEND", None)
    done = subprocess.run([sys.executable, str(SCRIPT), "--quick", "--out", str(tmp_path)], capture_output=True,
                          text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "training.md").read_text(encoding="utf-8")
    assert text in done.stdout
    peers = ["bpkit", "inline NumPy", "scikit-learn"]
    if importlib.util.find_spec("torch") is not None:
        peers.append("PyTorch")
    rows = [line for line in text.splitlines() if line.startswith("| ") and not line.startswith("| peer")]
    assert [row.split(" | ")[0][2:] for row in rows] == peers
    assert rows[0].startswith("| bpkit | ") and " | 1.00 | " in rows[0]
    for name in peers[1:]:
        assert f"- {name}: the same test accuracy after each of the 10 epochs" in text
