"""The notation crosswalk: each concept of backprop as the course's four sources write it.

Columns: Nielsen, ch. 2 (the course's spine, with the input layer numbered 0 as in bpkit, where the book
numbers it 1), the Wikipedia derivation, Zhou Zhihua's textbook (a d-q-l network with thresholds; g_j,
e_h and the updates follow 《机器学习》 section 5.3) and the article with the 8-neuron worked example.
Cells are Markdown with LaTeX in $...$.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Notation:
    """One concept (``key`` names it in code) and how each source writes it."""

    key: str
    concept: str
    nielsen: str
    wikipedia: str
    zhou: str
    article: str


#: Column headings of the crosswalk, in the order of the Notation fields after ``key``.
HEADERS = ("concept", "Nielsen, ch. 2", "Wikipedia derivation", "Zhou Zhihua's textbook", "the article")

CROSSWALK: list[Notation] = [
    Notation(
        "layer", "layer and neuron indices",
        r"layer $l = 0, \dots, L$ (input $0$ here; the book starts at $1$); $j$ in layer $l$, $k$ in layer $l-1$",
        r"no layer index: neuron $i$ feeds $j$, which feeds each $l \in L$",
        r"three layers: input $i = 1..d$, hidden $h = 1..q$, output $j = 1..l$",
        r"neurons numbered through the net, $1, 2 \to 3, 4, 5 \to 6, 7 \to 8$; $i \to j \to k$",
    ),
    Notation(
        "weight", "weight (direction)",
        r"$w^l_{jk}$: from $k$ (layer $l-1$) **to** $j$ (layer $l$), so $w^l$ is $n_l \times n_{l-1}$",
        r"$w_{ij}$: from $i$ to $j$",
        r"$v_{ih}$: input $i$ to hidden $h$; $w_{hj}$: hidden $h$ to output $j$",
        r"$w_{ij}$: from $i$ to $j$, e.g. $w_{68}$",
    ),
    Notation(
        "weighted_input", "weighted input",
        r"$z^l_j = \sum_k w^l_{jk} a^{l-1}_k + b^l_j$",
        r"$\mathrm{net}_j = \sum_k w_{kj} o_k$",
        r"$\alpha_h = \sum_i v_{ih} x_i$, $\beta_j = \sum_h w_{hj} b_h$",
        r"$I_j = \sum_i O_i w_{ij}$",
    ),
    Notation(
        "output", "activation (output)",
        r"$a^l_j = \sigma(z^l_j)$; input $a^0 = x$",
        r"$o_j = \varphi(\mathrm{net}_j)$; inputs $o_k = x_k$; network output $y$",
        r"$b_h = f(\alpha_h - \gamma_h)$, $\hat y_j = f(\beta_j - \theta_j)$; inputs $x_i$",
        r"$O_j = f(I_j)$; inputs $O_1 = I_1$, $O_2 = I_2$; network output $O_{net}$",
    ),
    Notation(
        "bias", "thresholds / biases",
        r"bias $b^l_j$, **added** to $z^l_j$",
        r"none",
        r"thresholds $\gamma_h$, $\theta_j$, **subtracted**: $b = -\theta$",
        r"none",
    ),
    Notation(
        "target", "target",
        r"$y$",
        r"$t$",
        r"$y_j$ (of sample $k$: $y^k_j$)",
        r"$O_{correct}$",
    ),
    Notation(
        "cost", "cost",
        r"$C = \frac{1}{2} \lVert y - a^L \rVert^2$ (one sample)",
        r"$E = \frac{1}{2} (t - y)^2$",
        r"$E_k = \frac{1}{2} \sum_j (\hat y^k_j - y^k_j)^2$",
        r"$E = (O_{correct} - O_{net})^2$; its formulas hold for $\frac{1}{2}$ of this",
    ),
    Notation(
        "activation_derivative", "activation derivative",
        r"$\sigma'(z) = \sigma(z) (1 - \sigma(z))$",
        r"$\varphi'(z) = \varphi(z) (1 - \varphi(z))$",
        r"$f'(x) = f(x) (1 - f(x))$",
        r"$f'(x) = f(x) (1 - f(x))$, so $f'(I_j) = O_j (1 - O_j)$",
    ),
    Notation(
        "delta", "error $\\delta$ (output)",
        r"$\delta^L_j = \partial C / \partial z^L_j = (a^L_j - y_j) \sigma'(z^L_j)$ (BP1)",
        r"$\delta_j = (o_j - t_j) o_j (1 - o_j)$, same sign as Nielsen",
        r"$g_j = -\partial E_k / \partial \beta_j = \hat y_j (1 - \hat y_j)(y_j - \hat y_j)$, **opposite** sign",
        r"$\delta_k = (O_{correct} - O_{net}) f'(I_k)$, **opposite** sign",
    ),
    Notation(
        "hidden_delta", "hidden-layer error rule",
        r"$\delta^l_j = \sum_k w^{l+1}_{kj} \delta^{l+1}_k \sigma'(z^l_j)$ (BP2)",
        r"$\delta_j = (\sum_{l \in L} \delta_l w_{jl}) o_j (1 - o_j)$",
        r"$e_h = b_h (1 - b_h) \sum_j w_{hj} g_j$",
        r"$\delta_j = (\sum_k \delta_k w_{jk}) f'(I_j)$",
    ),
    Notation(
        "gradient", "weight gradient",
        r"$\partial C / \partial w^l_{jk} = a^{l-1}_k \delta^l_j$ (BP4)",
        r"$\partial E / \partial w_{ij} = o_i \delta_j$",
        r"$\partial E_k / \partial w_{hj} = -g_j b_h$",
        r"$\partial E / \partial w_{ij} = -\delta_j O_i$",
    ),
    Notation(
        "learning_rate", "learning rate",
        r"$\eta$",
        r"$\alpha$",
        r"$\eta$",
        r"$\alpha$",
    ),
    Notation(
        "momentum", "momentum",
        r"none in ch. 2 (ch. 3 calls it $\mu$)",
        r"none",
        r"none",
        r"$\gamma$",
    ),
    Notation(
        "update", "weight update",
        r"$w^l \to w^l - \frac{\eta}{m} \sum_x \delta^{x,l} (a^{x,l-1})^T$, "
        r"$b^l \to b^l - \frac{\eta}{m} \sum_x \delta^{x,l}$",
        r"$\Delta w_{ij} = -\alpha o_i \delta_j$",
        r"$\Delta w_{hj} = \eta g_j b_h$, $\Delta \theta_j = -\eta g_j$, $\Delta v_{ih} = \eta e_h x_i$, "
        r"$\Delta \gamma_h = -\eta e_h$",
        r"$\Delta w_{ij}(t) = \alpha \delta_j O_i + \gamma \Delta w_{ij}(t-1)$, $w_{ij,new} = w_{ij} + \Delta w_{ij}$",
    ),
]


#: The rows about the network and its forward pass, and those about the backward pass and the update.
FORWARD_KEYS = ("layer", "weight", "weighted_input", "output", "bias", "target", "cost")
BACKWARD_KEYS = ("activation_derivative", "delta", "hidden_delta", "gradient", "learning_rate", "momentum", "update")


def crosswalk_rows(keys: Sequence[str] | None = None) -> list[Notation]:
    """The rows named by ``keys`` (in that order), or every row; an unknown key raises ValueError."""
    if keys is None:
        return list(CROSSWALK)
    by_key = {row.key: row for row in CROSSWALK}
    unknown = [k for k in keys if k not in by_key]
    if unknown:
        raise ValueError(f"unknown crosswalk keys {unknown}; expected some of {list(by_key)}")
    return [by_key[k] for k in keys]


def crosswalk_markdown(keys: Sequence[str] | None = None) -> str:
    """The crosswalk (or the rows named by ``keys``) as a Markdown table with LaTeX in $...$."""
    lines = ["| " + " | ".join(HEADERS) + " |", "|" + " --- |" * len(HEADERS)]
    for row in crosswalk_rows(keys):
        cells = (row.concept, row.nielsen, row.wikipedia, row.zhou, row.article)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
