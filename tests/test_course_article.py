"""bpkit.course.article: the worked example's text tables, pictures and panel readouts, against the data file."""

import matplotlib.pyplot as plt
from matplotlib.colors import to_hex

from bpkit.course import article
from bpkit.course.errata import errata
from bpkit.course.examples import worked_example
from bpkit.course.training import train

EX = worked_example()
NET = EX.network()
TRACE = NET.forward(EX.x)
ROWS = errata(EX)


def test_the_verdict_picture_colours_each_weight_by_its_worse_verdict():
    fig = article.plot_verdicts(EX, ROWS)
    by = {r.quantity: r.verdict for r in ROWS}
    labels = fig.axes[0].texts[:len(EX.weights)]
    for w, text in zip(EX.weights, labels, strict=True):
        worst = max(by[f"d{w}"], by[f"{w}_new"], key=article.RANK.__getitem__)
        assert to_hex(text.get_bbox_patch().get_facecolor()) == article.COLOUR[worst]
        assert text.get_text().endswith(article.MARK[by[f"{w}_new"]])
    assert {to_hex(node.get_facecolor()) for node in fig.axes[0].patches} == {"#ffffff"}  # only boxes carry colours
    neurons = sum(len(layer) for layer in EX.layers[1:])
    assert sum(r"$\delta^{art}$" in t.get_text() for t in fig.axes[0].texts) == neurons  # the article's delta
    plt.close(fig)
    plt.close(article.plot_network(EX))


def test_the_training_picture_has_one_curve_per_momentum():
    runs = {g: train(NET, EX.x, EX.y, alpha=EX.alpha, gamma=g, epochs=20) for g in (EX.gamma, 0.0)}
    fig = article.plot_training(EX, runs, EX.alpha)
    assert [len(ax.lines) for ax in fig.axes] == [3, 3]  # two runs and the target (left) or the tolerance (right)
    assert list(fig.axes[0].lines[0].get_ydata()) == [float(o[0]) for o in runs[EX.gamma].outputs]
    plt.close(fig)


def test_the_training_readout_reports_the_run():
    text = article.training_readout(EX, 1.0, 0.9)
    h = train(NET, EX.x, EX.y, alpha=1.0, gamma=0.9, epochs=article.STEPS)
    assert text.startswith(f"α = 1.00, γ = 0.90: after {article.STEPS} steps O8 = {h.outputs[-1][0]:.6f}")
    first = h.first_below(article.TOL)
    stay = 1 + max(t for t, c in enumerate(h.costs) if c >= article.TOL)  # heavy momentum overshoots: stay > first
    assert first < stay and all(c < article.TOL for c in h.costs[stay:]) and max(h.costs[first:]) > article.TOL
    assert text.endswith(f"C < {article.TOL_TEXT} from step {stay} on (first below at step {first}, then above again)")
    steady = train(NET, EX.x, EX.y, alpha=0.3, gamma=0.1, epochs=article.STEPS)
    t = steady.first_below(article.TOL)
    assert all(c < article.TOL for c in steady.costs[t:])  # no overshoot: stays below from the first step below
    assert article.training_readout(EX, 0.3, 0.1).endswith(f"C < {article.TOL_TEXT} from step {t} on")
    assert article.training_readout(EX, 3.0, 0.95).endswith(f"but above it again at step {article.STEPS}")
    never = article.training_readout(EX, 0.05, 0.0)
    assert never.endswith(f"C never below {article.TOL_TEXT} in {article.STEPS} steps")
    fig = article.training_readout_plot(EX, 1.0, 0.9)
    assert fig.axes[0].get_yscale() == "log"
    plt.close(fig)
