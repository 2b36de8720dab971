"""The article's 8-neuron worked example in the notebooks: tables, its errors explained, pictures, training.

Notebook 00 (the overview) and notebook 07 (the example end to end) call these: text tables with fixed
formats, Markdown whose every number is computed from the data file and the audit in ``errata``, the
network drawn with its weights or with a verdict per printed number, and the training curves with the
alpha/gamma panel's ``render`` and ``plot``. The notebooks keep the ideas and the asserts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from ..network import Gradients, Trace
from .cli import TITLES, worked_example_report
from .errata import Row, at_printed, facts, fprime, places, truncate, verdict_counts
from .examples import SECTIONS, WorkedExample
from .plotting import draw_network
from .report import fmt, format_table
from .training import History, train

#: The marks and box colours of the verdicts, and their order from good to bad.
MARK = {"match": "✓", "rounding": "≈", "error": "✗"}
COLOUR = {"match": "#e8f5e9", "rounding": "#fff3cd", "error": "#f8d0d0"}
RANK = {"match": 0, "rounding": 1, "error": 2}

#: Edge labels moved along their edge: w15 and w23 cross halfway between the input and the first hidden
#: layer, so their labels sit past the crossing, each on a stretch of its own edge that no other edge is near.
LABEL_T = {"w15": 0.7, "w23": 0.7}

#: Training steps in notebook 07 (its table, figure and panel) and the cost it calls reached.
STEPS = 1000
TOL = 1e-4
TOL_TEXT = "1e-4"


def _by_name(rows: Sequence[Row]) -> dict[str, Row]:
    return {r.quantity: r for r in rows}


def _weights_as_printed(ex: WorkedExample) -> dict[str, Decimal]:
    """The example's weights as exact decimals written as the article writes them (-1, not -1.0)."""
    return {k: Decimal(f"{v:g}") for k, v in ex.weights.items()}


# ---------------------------------------------------------------- the overview (notebook 00)

def facts_text(ex: WorkedExample) -> str:
    """The example's facts from the data file, in three lines: network, inputs and target, alpha and gamma."""
    inputs = ", ".join(f"O{n} = I{n} = {v:g}" for n, v in zip(ex.layers[0], ex.x, strict=True))
    target = ", ".join(f"O{n} = {v:g}" for n, v in zip(ex.layers[-1], ex.y, strict=True))
    counts = ", ".join(f"{len(v)} {k.replace('_', ' ')}" for k, v in ex.printed.items())
    return (f"layers (neurons): {ex.layers}, activation: {ex.activation}, no biases\n"
            f"inputs: {inputs};  target O_correct: {target}\n"
            f"learning rate alpha = {ex.learning_rate:g}, momentum gamma = {ex.momentum:g}\n"
            f"printed numbers: {counts}; {len(ex.printed_flat)} in all")


def cli_summary(ex: WorkedExample) -> str:
    """The first line and the verdict counts of ``python -m bpkit worked-example --errata``."""
    report = worked_example_report(str(ex.path), show_errata=True).splitlines()
    return "\n".join([report[0], next(line for line in report if line.startswith("counts:"))])


def weights_table(ex: WorkedExample) -> str:
    """Each weight: the article's name, bpkit's place (l, j, k) counting from 0, Nielsen's name, the value."""
    rows = []
    for name, value in ex.weights.items():
        l, j, k = ex.weight_position(name)
        rows.append([name, f"({l}, {j}, {k})", f"w^{l}_{j + 1}{k + 1}", f"{value:g}"])
    return format_table(["article", "bpkit (l, j, k)", "Nielsen", "value"], rows)


def weight_matrices(ex: WorkedExample) -> str:
    """Nielsen's matrices w^l of the example: the article's names on the left, the values on the right."""
    net = ex.network()
    names = [np.empty(w.shape, dtype=object) for w in net.weights]
    for name in ex.weights:
        l, j, k = ex.weight_position(name)
        names[l - 1][j, k] = name
    lines = []
    for l, (w, nm) in enumerate(zip(net.weights, names, strict=True), start=1):
        lines.append(f"w^{l}: shape {w.shape}")
        for name_row, value_row in zip(nm, w, strict=True):
            lines.append("   [ " + "  ".join(f"{s:>3}" for s in name_row) + " ]   [ "
                         + "  ".join(f"{v:6.2f}" for v in value_row) + " ]")
    return "\n".join(lines)


def plot_network(ex: WorkedExample) -> Figure:
    """The network with its weights on the edges, Nielsen's name under each neuron and the layers along the bottom."""
    nielsen = {n: f"$a^{{{layer}}}_{{{place + 1}}}$" for layer, neurons in enumerate(ex.layers)
               for place, n in enumerate(neurons)}
    fig, ax = plt.subplots(figsize=(10, 5.4))
    draw_network(ex, node_labels=nielsen, ax=ax, label_t=LABEL_T,
                 title="The worked example: article's neurons 1-8, weights $w_{ij}$ (from $i$ to $j$)")
    for l in range(len(ex.layers)):
        kind = "input" if l == 0 else ("output" if l == len(ex.layers) - 1 else "hidden")
        ax.text(3.0 * l, -2.85, f"{kind}, $l = {l}$", ha="center", va="bottom", fontsize=9, color="0.3")
    return fig


def neuron_text(ex: WorkedExample, trace: Trace, neuron: float) -> str:
    """The panel readout for one neuron: its weights in, I_j = sum_i O_i w_ij and O_j = f(I_j), beside the article."""
    n = int(round(neuron))
    layer, place = ex.neuron_position(n)
    if layer == 0:
        return f"neuron {n} is an input: O{n} = I{n} = {trace.activations[0][place]:g}"
    outs = {i: trace.activations[layer - 1][ex.neuron_position(i)[1]] for i in ex.layers[layer - 1]}
    lines = [f"neuron {n}: layer l = {layer}, Nielsen's a^{layer}_{place + 1}"]
    for i, o in outs.items():
        l, j, k = ex.weight_position(f"w{i}{n}")
        lines.append(f"  w{i}{n} = {ex.weights[f'w{i}{n}']:6.2f}   (w^{l}_{j + 1}{k + 1}),   O{i} = {o:.6f}")
    terms = " + ".join(f"({o:.4f})({ex.weights[f'w{i}{n}']:g})" for i, o in outs.items())
    printed = ex.printed_flat
    lines.append(f"  I{n} = {terms} = {trace.zs[layer - 1][place]:.6f}   (article: {printed[f'I{n}']})")
    lines.append(f"  O{n} = f(I{n}) = {trace.activations[layer][place]:.6f}   (article: {printed[f'O{n}']})")
    return "\n".join(lines)


# ---------------------------------------------------------------- verdicts (notebook 07)

def verdict_table(ex: WorkedExample, rows: Sequence[Row], section: str) -> str:
    """One section's table: the article's number, the exact value, the article-precision value, the verdict."""
    if section not in SECTIONS:
        raise ValueError(f"unknown section {section!r}; expected one of {SECTIONS}")
    table = [[r.quantity, str(r.article), fmt(r.exact), f"{r.article_precision:.{places(r.article) + 2}f}",
              r.verdict] for r in rows if r.quantity in ex.printed[section]]
    return TITLES[section] + "\n" + format_table(["quantity", "article", "exact", "article-precision", "verdict"],
                                                 table)


def verdict_summary(rows: Sequence[Row]) -> str:
    """The verdict counts, then the reason for every number that does not match."""
    lines = ["counts: " + ", ".join(f"{k} {v}" for k, v in verdict_counts(list(rows)).items()), "",
             "why (every number that does not match):"]
    lines += [f"  {r.quantity:8} {r.verdict:8} {r.why}" for r in rows if r.verdict != "match"]
    return "\n".join(lines)


def error_lines(rows: Sequence[Row]) -> str:
    """One line per number with the verdict error: printed, exact, and why."""
    return "\n".join(f"{r.quantity:8} printed {str(r.article):9} exact {fmt(r.exact, 6):>9}: {r.why}"
                     for r in rows if r.verdict == "error")


def plot_verdicts(ex: WorkedExample, rows: Sequence[Row]) -> Figure:
    """The network after the article's step: each edge its printed new weight and verdict, each node its I, O, delta."""
    by = _by_name(rows)
    edge = {w: f"{by[f'{w}_new'].article} {MARK[by[f'{w}_new'].verdict]}" for w in ex.weights}
    nodes = {n: f"I {MARK[by[f'I{n}'].verdict]}  O {MARK[by[f'O{n}'].verdict]}\nδ {MARK[by[f'delta{n}'].verdict]}"
             for layer in ex.layers[1:] for n in layer}
    fig, ax = plt.subplots(figsize=(10, 5.4))
    draw_network(ex, edge_labels=edge, node_labels=nodes, ax=ax, label_t=LABEL_T,
                 title="The article's step, verdict per printed number\n"
                       "edges: article's new weight (✓ match, ≈ rounding, ✗ error)")
    for w, text in zip(ex.weights, ax.texts, strict=False):  # draw_network writes the edge labels first
        if text.get_text() != edge[w]:
            raise ValueError(f"edge label {text.get_text()!r} is not {w}'s {edge[w]!r}")
        worst = max(by[f"d{w}"].verdict, by[f"{w}_new"].verdict, key=RANK.__getitem__)
        text.get_bbox_patch().set_facecolor(COLOUR[worst])
    return fig


# ---------------------------------------------------------------- the article's errors, explained (notebook 07)

def explain_errors(ex: WorkedExample, rows: Sequence[Row]) -> str:
    """Markdown: for each number with the verdict error, the article's own arithmetic and the correct value."""
    p, by, w, d = ex.printed_flat, _by_name(rows), _weights_as_printed(ex), facts(ex)
    d3_own = (p["delta7"] * w["w37"] + p["delta6"] * w["w36"]) * fprime(p["O3"])
    explain = {"delta3": f"**$\\delta_3$**: article ${p['delta3']}$. Its own numbers give "
                         f"$({p['delta7']} \\cdot {w['w37']} + {p['delta6']} \\cdot {w['w36']}) \\cdot {p['O3']} "
                         f"\\cdot (1 - {p['O3']}) = {d3_own:.7f}$, which rounds to "
                         f"${at_printed(ex, 'delta3', d3_own)}$: the sign is flipped in print. "
                         f"Exact: ${fmt(by['delta3'].exact, 6)}$."}
    for i in (2, 1):  # dw23, dw13 and w23_new, w13_new inherit it
        dw, new = f"dw{i}3", f"w{i}3_new"
        corrected = at_printed(ex, dw, d["alpha"] * -p["delta3"] * d[f"O{i}"])
        explain[dw] = (f"**$\\Delta w_{{{i}3}}$**: article ${p[dw]}$ $= {ex.learning_rate:g} \\cdot "
                       f"({p['delta3']}) \\cdot {d[f'O{i}']}$; correct arithmetic with "
                       f"$\\delta_3 = {-p['delta3']}$ gives ${corrected}$; exact ${fmt(by[dw].exact, 6)}$.")
        explain[new] = (f"**$w_{{{i}3}}^{{new}}$**: article ${p[new]}$ $= {w[f'w{i}3']} + ({p[dw]})$; correct "
                        f"${w[f'w{i}3'] + corrected}$; exact ${fmt(by[new].exact, 6)}$.")
    return "\n".join(f"- {explain[r.quantity]}" for r in rows if r.verdict == "error")


def cost_slope(ex: WorkedExample, grads: Gradients, changes: Mapping[str, float]) -> float:
    """sum of dC/dw_ij * dw_ij over the named weights: the first-order change of the cost (> 0 is uphill)."""
    total = 0.0
    for name, dw in changes.items():
        l, j, k = ex.weight_position(name)
        total += float(grads.nabla_w[l - 1][j, k]) * float(dw)
    return total


def i6_terms_table(ex: WorkedExample, rows: Sequence[Row], j: int = 6) -> str:
    """The terms O_i w_ij of I_j: exact, from the article's two-decimal O's, and their difference; then the sums."""
    p, by, w = ex.printed_flat, _by_name(rows), _weights_as_printed(ex)
    prev = ex.layers[ex.neuron_position(j)[0] - 1]
    table = []
    for i in prev:
        exact = by[f"O{i}"].exact * ex.weights[f"w{i}{j}"]
        art = p[f"O{i}"] * w[f"w{i}{j}"]
        table.append([f"O{i} w{i}{j}", fmt(exact, 5), f"{art:.5f}", fmt(float(art) - exact, 5)])
    art_sum = sum(p[f"O{i}"] * w[f"w{i}{j}"] for i in prev)
    exact_sum = by[f"I{j}"].exact
    table.append([f"I{j} (sum)", fmt(exact_sum, 5), f"{art_sum:.5f}", fmt(float(art_sum) - exact_sum, 5)])
    return format_table(["term", "exact", "article's numbers", "difference"], table)


def explain_rounding(ex: WorkedExample, rows: Sequence[Row]) -> str:
    """Markdown: how the cancellation in I6 magnifies the two-decimal O's, I7 cut off, and why O6, O7 still match."""
    p, by = ex.printed_flat, _by_name(rows)
    first = ex.layers[1]
    rel_o = max(abs(float(p[f"O{i}"]) - by[f"O{i}"].exact) / by[f"O{i}"].exact for i in first)
    i6, i6_art = by["I6"].exact, by["I6"].article_precision
    rel_i6 = abs(float(i6_art) - i6) / i6
    kappa = sum(abs(by[f"O{i}"].exact * ex.weights[f"w{i}6"]) for i in first) / abs(i6)
    i7_art = by["I7"].article_precision
    cut = truncate(i7_art, places(p["I7"]))
    slope6, slope7 = (by[o].exact * (1 - by[o].exact) for o in ("O6", "O7"))
    return (f"- **$I_6$** ({by['I6'].verdict}): the $O$'s are off by at most {100 * rel_o:.2f} % of their value, "
            f"$I_6$ by {100 * rel_i6:.1f} %: article ${p['I6']}$ instead of ${fmt(i6, 3)}$. The terms' sizes add up "
            f"to {kappa:.1f} times $|I_6|$ (the condition number of the sum): that is how much cancellation "
            f"magnifies rounding.\n"
            f"- **$I_7$** ({by['I7'].verdict}): its own numbers give ${i7_art}$; the article cut it to ${cut}$ "
            f"where rounding gives ${at_printed(ex, 'I7', i7_art)}$, and the exact value is "
            f"${fmt(by['I7'].exact, 4)}$.\n"
            f"- **$O_6$, $O_7$ still match**: the sigmoid's slope damps the errors, $f'(I_6) = {slope6:.3f}$ and "
            f"$f'(I_7) = {slope7:.3f}$, and the two-decimal $O_6 = {p['O6']}$ (article-precision "
            f"${by['O6'].article_precision:.4f}$, exact ${fmt(by['O6'].exact, 4)}$) hides the rest.")


def chain_table(ex: WorkedExample, rows: Sequence[Row], names: Sequence[str]) -> str:
    """The named quantities: exact, article-precision, their difference, the printed number and the verdict."""
    by = _by_name(rows)
    table = [[n, fmt(by[n].exact, 6), f"{by[n].article_precision:.6f}",
              fmt(float(by[n].article_precision) - by[n].exact, 6), str(by[n].article), by[n].verdict]
             for n in names]
    return format_table(["quantity", "exact", "article-precision", "difference", "article", "verdict"], table)


def explain_carried(ex: WorkedExample, rows: Sequence[Row]) -> str:
    """Markdown: the rounding the output inherits, the one-digit delta5 and delta4, and w37_new exactly half-way."""
    p, by, w, d = ex.printed_flat, _by_name(rows), _weights_as_printed(ex), facts(ex)
    d5_art = d["alpha"] * p["delta5"] * d["O2"]
    w37_art = w["w37"] + p["dw37"]
    return (f"- **$O_8$, $\\delta_8$, $\\Delta w_{{78}}$, $w_{{78}}^{{new}}$** ({by['O8'].verdict}): the article's "
            f"$O_8 = {p['O8']}$ is low, so its error $O_{{correct}} - O_8$ and with it $\\delta_8 = {p['delta8']}$ "
            f"(exact ${fmt(by['delta8'].exact, 4)}$) are high; $\\Delta w_{{78}}$ and $w_{{78}}^{{new}}$ follow.\n"
            f"- **$\\Delta w_{{25}}, \\Delta w_{{15}}, \\Delta w_{{24}}$** ({by['dw25'].verdict}): the article prints "
            f"$\\delta_5 = {p['delta5']}$ and $\\delta_4 = {p['delta4']}$ with one significant digit (exact "
            f"{by['delta5'].exact:.5f}, {by['delta4'].exact:.5f}) and then the changes with two: "
            f"${ex.learning_rate:g} \\cdot {p['delta5']} \\cdot {d['O2']} = {d5_art}$, exact "
            f"${fmt(by['dw25'].exact, 6)}$. $w_{{15}}^{{new}}$ and $w_{{24}}^{{new}}$ inherit this.\n"
            f"- **$w_{{37}}^{{new}}$** ({by['w37_new'].verdict}): ${w['w37']} + ({p['dw37']}) = {w37_art}$ lies "
            f"exactly half-way; rounded half up it is ${p['w37_new']}$, while the exact "
            f"${fmt(by['w37_new'].exact, 7)}$ rounds to ${fmt(by['w37_new'].exact, places(p['w37_new']))}$.")


def explain_slips(ex: WorkedExample) -> str:
    """Markdown: four slips in the article's text (not its printed numbers), each with the numbers that show it."""
    p, w, d = ex.printed_flat, _weights_as_printed(ex), facts(ex)
    d5 = {o: (p["delta7"] * w["w57"] + p["delta6"] * w["w56"]) * fprime(p[o]) for o in ("O5", "O7")}
    d8_short = at_printed(ex, "delta6", p["delta8"])
    d6 = {v: v * w["w68"] * fprime(p["O6"]) for v in (d8_short, p["delta8"])}
    d8_art = (d["T8"] - p["O8"]) * fprime(p["O8"])
    return (f"1. **Inputs**: the article writes \"$I_1 = {ex.x[0]:g}, I_1 = {ex.x[1]:g}$\"; the second is "
            f"$I_2 = {ex.x[1]:g}$ (its next line uses $O_2 = I_2 = {ex.x[1]:g}$).\n"
            f"2. **$\\delta_5$** is written $(\\delta_7 w_{{57}} + \\delta_6 w_{{56}})\\,f'(I_7)$; it must be "
            f"$f'(I_5)$, and its numbers use $O_5$: with $O_5 = {p['O5']}$ they give "
            f"${d5['O5']:.5f} \\to {at_printed(ex, 'delta5', d5['O5'])}$ as printed, with $O_7 = {p['O7']}$ they "
            f"would give ${d5['O7']:.5f} \\to {at_printed(ex, 'delta5', d5['O7'])}$.\n"
            f"3. **$\\delta_6$** uses ${d8_short}$ where $\\delta_8$ was printed ${p['delta8']}$: "
            f"${d6[d8_short]:.5f}$ against ${d6[p['delta8']]:.5f}$, both "
            f"${at_printed(ex, 'delta6', d6[d8_short])}$ when rounded, so it is harmless.\n"
            f"4. **$E$ without $\\frac{{1}}{{2}}$**: with its $E = (O_{{correct}} - O_{{net}})^2$, "
            f"$-\\partial E/\\partial I_8$ would be ${2 * d8_art:.4f}$; the printed $\\delta_8 = {p['delta8']}$ is "
            f"$-\\partial C/\\partial I_8$ for $C = \\frac{{1}}{{2}} E$ (step 1 above). Its formulas are right for "
            f"$C$, its $E$ is not the one they use.")


# ---------------------------------------------------------------- training on (notebook 07)

_RUNS: dict[tuple, History] = {}


def run(ex: WorkedExample, alpha: float, gamma: float, steps: int = STEPS) -> History:
    """``training.train`` on the example from the article's weights (remembered: a panel's text and plot share it)."""
    key = (tuple(ex.weights.items()), tuple(ex.x), tuple(ex.y), float(alpha), float(gamma), int(steps))
    if key not in _RUNS:
        if len(_RUNS) > 64:
            _RUNS.clear()
        _RUNS[key] = train(ex.network(), ex.x, ex.y, alpha=alpha, gamma=gamma, steps=steps)
    return _RUNS[key]


def training_table(runs: Mapping[float, History], at_steps: Sequence[int] = (0, 1, 10, 100, STEPS)) -> str:
    """O8 and C at the given steps, one pair of columns per momentum gamma, then when C first fell below TOL."""
    heads = [f"{q} (gamma = {g:g})" for g in runs for q in ("O8", "C")]
    table = [[t] + [f"{v:.{places_}f}" for h in runs.values()
                    for v, places_ in ((float(h.outputs[t][0]), 6), (h.costs[t], 10))] for t in at_steps]
    lines = [format_table(["step"] + heads, table)]
    lines += [f"gamma = {g:g}: C < {TOL_TEXT} first at step {h.steps_below(TOL)}" for g, h in runs.items()]
    return "\n".join(lines)


def plot_training(ex: WorkedExample, runs: Mapping[float, History]) -> Figure:
    """Two panels: the output O8 and the cost C (log scale) against the step, one curve per momentum gamma."""
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 3.8))
    for (g, h), (color, ls) in zip(runs.items(), (("tab:blue", "-"), ("tab:orange", "--"), ("tab:green", ":")),
                                   strict=False):
        t = np.arange(len(h.costs))
        label = f"γ = {g:g}" + (" (article)" if g == ex.momentum else " (no momentum)" if g == 0 else "")
        ax1.plot(t, [float(o[0]) for o in h.outputs], color=color, ls=ls, label=label)
        ax2.semilogy(t, h.costs, color=color, ls=ls, label=label)
    ax1.axhline(ex.y[0], color="0.5", lw=0.8, ls=":", label="target $O_{correct}$")
    ax2.axhline(TOL, color="0.5", lw=0.8, ls=":", label=f"C = {TOL_TEXT}")
    ax1.set(xlabel="training step t (updates of all weights)", ylabel="network output $O_8$",
            title=f"Output $O_8$, α = {ex.learning_rate:g}")
    ax2.set(xlabel="training step t (updates of all weights)", ylabel="C = ½ (O_correct − O8)²",
            title="Cost (log scale)")
    ax1.legend(fontsize=9, loc="lower right")
    ax2.legend(fontsize=9, loc="upper right")
    for ax in (ax1, ax2):
        ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


def render_training(ex: WorkedExample, alpha: float, gamma: float) -> str:
    """The alpha/gamma panel's readout: after STEPS steps, O8, the cost, and when the cost first fell below TOL."""
    h = run(ex, alpha, gamma)
    hit = h.steps_below(TOL)
    reached = f"C < {TOL_TEXT} after {hit} steps" if hit is not None else f"C never below {TOL_TEXT} in {STEPS} steps"
    c = h.costs[-1]
    cost = f"C = {c:.2e}" if c >= 1e-12 else "C < 1e-12"
    o8 = float(h.outputs[-1][0])
    return f"α = {alpha:.2f}, γ = {gamma:.2f}: after {STEPS} steps O8 = {o8:.6f}, {cost}; {reached}"


def plot_training_cost(ex: WorkedExample, alpha: float, gamma: float) -> Figure:
    """The alpha/gamma panel's picture: the cost against the step (log scale), with the line C = TOL."""
    h = run(ex, alpha, gamma)
    fig, ax = plt.subplots(figsize=(4.6, 2.6))
    ax.semilogy(np.arange(len(h.costs)), np.maximum(h.costs, 1e-35), color="tab:blue")
    ax.axhline(TOL, color="0.5", lw=0.8, ls=":")
    ax.set(xlabel="training step t", ylabel="cost C", title=f"α = {alpha:.2f}, γ = {gamma:.2f}")
    fig.tight_layout()
    return fig

