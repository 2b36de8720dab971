"""A verdict on every number the worked-example article prints, computed rather than typed.

Beside each printed number: ``exact``, bpkit's float64 value (confirmed by SymPy in the tests and notebooks), and
``article_precision``, the article's own arithmetic redone in decimals from the example's facts, every step rounded
to the digits the article prints for it, an earlier error corrected (the table marks such values ``*``). Verdict
``match``: the exact value rounds (half up) to the printed digits; ``rounding``: the article's arithmetic at its own
precision rounds (or truncates) to it; ``error``: it does not (a print that inherits an earlier error is one too).

The verdict table and summary here are the one layout that both notebook 08 and ``python -m bpkit worked-example``
print. ``Row`` keeps the article's sign of delta (``-dC/dI``); the table shows deltas in Nielsen's sign (``dC/dz``),
with the article's printed number, in its own sign, in a labelled column.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import MAX_EMAX, MIN_EMIN, ROUND_DOWN, ROUND_HALF_UP, Decimal, DecimalException, localcontext
from typing import TypeVar

from .datafile import show_path
from .examples import SECTIONS, WorkedExample, bpkit_values
from .report import fmt, format_table

Getter = Callable[[str], Decimal]
T = TypeVar("T", float, Decimal)
PREC = 50  # significant digits of the article's arithmetic redone in decimals


@dataclass(frozen=True)
class Row:
    """One printed number and its verdict."""

    quantity: str
    article: Decimal
    exact: float
    article_precision: Decimal
    verdict: str
    why: str
    corrected: tuple[str, ...] = ()  # the earlier errors among its inputs, carried corrected in article_precision


def places(printed: Decimal) -> int:
    """Decimal places the article printed: places(Decimal('0.0863')) == 4."""
    return max(0, -int(printed.as_tuple().exponent))


def round_half_up(v: Decimal, n: int) -> Decimal:
    """v rounded half up to n decimal places, as done by hand."""
    with localcontext(prec=max(PREC, v.adjusted() + n + 2)):  # enough digits for any v
        return v.quantize(Decimal(1).scaleb(-n), rounding=ROUND_HALF_UP)


def truncate(v: Decimal, n: int) -> Decimal:
    """v with the digits after n decimal places cut off."""
    with localcontext(prec=max(PREC, v.adjusted() + n + 2)):  # enough digits for any v
        return v.quantize(Decimal(1).scaleb(-n), rounding=ROUND_DOWN)


@contextmanager
def _arithmetic(ex: WorkedExample, name: str) -> Iterator[None]:
    """PREC-digit decimals; a decimal failure becomes a ValueError naming the file and the quantity."""
    try:
        with localcontext(prec=PREC, Emax=MAX_EMAX, Emin=MIN_EMIN):  # e^-v of any input stays in range
            yield
    except DecimalException as exc:
        raise ValueError(f"{show_path(ex.path)}: the article's arithmetic for {name} fails in {PREC}-digit "
                         f"decimals ({type(exc).__name__}); expected numbers it can redo") from None


def at_printed(ex: WorkedExample, name: str, value: Decimal) -> Decimal:
    """``value`` rounded half up to the digits the article prints for ``name`` (e.g. 'delta3': 4 places)."""
    return round_half_up(value, places(ex.printed_flat[name]))


def fprime(o: Decimal) -> Decimal:
    """The article's f'(I) = O (1 - O), from the neuron's output O (sigmoid), in exact decimals."""
    return o * (1 - o)


def _sigmoid(v: Decimal) -> Decimal:
    return 1 / (1 + (-v).exp())


def formulas(ex: WorkedExample) -> dict[str, tuple[list[str], Callable[[Getter], Decimal]]]:
    """The article's arithmetic, in dependency order: name -> (names it uses, how it computes)."""
    hidden_and_out = ex.layers[1:]
    f: dict[str, tuple[list[str], Callable[[Getter], Decimal]]] = {}
    for prev, cur in zip(ex.layers, hidden_and_out, strict=False):
        for j in cur:
            uses = [n for i in prev for n in (f"O{i}", f"w{i}{j}")]
            f[f"I{j}"] = (uses, lambda g, prev=prev, j=j: sum(g(f"O{i}") * g(f"w{i}{j}") for i in prev))
        for j in cur:
            f[f"O{j}"] = ([f"I{j}"], lambda g, j=j: _sigmoid(g(f"I{j}")))
    for j in ex.layers[-1]:  # delta_j = (O_correct - O_net) f'(I_j), with f' = O (1 - O)
        f[f"delta{j}"] = ([f"O{j}"], lambda g, j=j: (g(f"T{j}") - g(f"O{j}")) * fprime(g(f"O{j}")))
    for cur, nxt in reversed(list(zip(ex.layers[1:-1], ex.layers[2:], strict=True))):
        for j in cur:  # delta_j = (sum_k delta_k w_jk) f'(I_j)
            uses = [n for k in nxt for n in (f"delta{k}", f"w{j}{k}")] + [f"O{j}"]
            f[f"delta{j}"] = (uses, lambda g, j=j, nxt=nxt: sum(g(f"delta{k}") * g(f"w{j}{k}") for k in nxt)
                              * fprime(g(f"O{j}")))
    edges = [(i, j) for prev, cur in zip(ex.layers, hidden_and_out, strict=False) for j in cur for i in prev]
    for i, j in edges:  # dw_ij = alpha delta_j O_i (first step: no momentum term)
        f[f"dw{i}{j}"] = ([f"delta{j}", f"O{i}"], lambda g, i=i, j=j: g("alpha") * g(f"delta{j}") * g(f"O{i}"))
    for i, j in edges:
        f[f"w{i}{j}_new"] = ([f"dw{i}{j}"], lambda g, i=i, j=j: g(f"w{i}{j}") + g(f"dw{i}{j}"))
    return f


def facts(ex: WorkedExample) -> dict[str, Decimal]:
    """The example's facts as exact decimals: inputs 'O1', 'O2', target 'T8', weights 'w13'.., 'alpha', 'gamma'."""
    d = {f"O{n}": Decimal(repr(float(v))) for n, v in zip(ex.layers[0], ex.x, strict=True)}
    d.update({f"T{n}": Decimal(repr(float(v))) for n, v in zip(ex.layers[-1], ex.y, strict=True)})
    d.update({k: Decimal(repr(v)) for k, v in ex.weights.items()})
    d.update(alpha=Decimal(repr(ex.alpha)), gamma=Decimal(repr(ex.gamma)))
    return d


def article_arithmetic(ex: WorkedExample, carry_exact: Collection[str] = ()) -> tuple[dict[str, Decimal],
                                                                                      dict[str, Decimal]]:
    """Redo the article's arithmetic: (unrounded value of each step, value carried forward after rounding
    to the printed digits). Steps the article does not print are carried unrounded; the quantities named in
    ``carry_exact`` carry their exact value instead of the printed one."""
    printed = ex.printed_flat
    carried = facts(ex)
    exact = bpkit_values(ex, ex.network().backprop(ex.x, ex.y)) if carry_exact else {}
    raw: dict[str, Decimal] = {}
    for name, (_, fn) in formulas(ex).items():
        with _arithmetic(ex, name):
            raw[name] = fn(carried.__getitem__)
            carried[name] = (Decimal(repr(exact[name])) if name in carry_exact
                             else round_half_up(raw[name], places(printed[name])) if name in printed else raw[name])
    return raw, carried


def explained_by(ex: WorkedExample, rows: list[Row], names: Collection[str]) -> list[str]:
    """The roundings among ``rows`` that the printing of ``names`` causes: those whose article-precision value
    rounds like the exact one once the arithmetic carries the exact values of ``names`` instead."""
    raw, _ = article_arithmetic(ex, names)
    return [r.quantity for r in rows if r.verdict == "rounding" and
            round_half_up(raw[r.quantity], places(r.article)) == round_half_up(Decimal(repr(r.exact)),
                                                                               places(r.article))]


def errata(ex: WorkedExample) -> list[Row]:
    """One Row per printed number, in the article's order, with a computed verdict and reason."""
    exact = bpkit_values(ex, ex.network().backprop(ex.x, ex.y))
    raw, carried = article_arithmetic(ex)
    printed, table = ex.printed_flat, formulas(ex)
    rows: list[Row] = []
    for name, p in printed.items():
        n, sim = places(p), raw[name]
        wrong = tuple(u for u in table[name][0] if u in {r.quantity for r in rows if r.verdict == "error"})
        with _arithmetic(ex, name):
            exact_rounded = round_half_up(Decimal(repr(exact[name])), n)
            if exact_rounded == p:
                verdict, why = "match", "the exact value rounds to the printed digits"
            elif p in (round_half_up(sim, n), truncate(sim, n)):
                how = (f"rounds to {p}" if p == round_half_up(sim, n)
                       else f"is cut to {p} (rounding would give {round_half_up(sim, n)})")
                verdict, why = "rounding", (f"the exact value rounds to {exact_rounded}; the article's arithmetic "
                                            f"at its own precision gives {sim:.{n + 2}f}, which {how}")
            else:
                verdict = "error"
                why = _explain_error(name, p, n, sim, table, printed, carried, wrong)
        rows.append(Row(name, p, exact[name], sim, verdict, why, wrong))
    return rows


def _explain_error(name: str, p: Decimal, n: int, sim: Decimal, table: dict, printed: dict[str, Decimal],
                   carried: dict[str, Decimal], wrong_inputs: tuple[str, ...]) -> str:
    own = round_half_up(sim, n)
    if wrong_inputs:  # redo this one step from the article's printed inputs: does it carry the earlier error?
        from_printed = table[name][1](lambda k: printed.get(k, carried[k]))
        if p in (round_half_up(from_printed, n), truncate(from_printed, n)):
            art = "the article's "  # its deltas are in its own sign, -dC/dI
            shown = ", ".join(f"{art * u.startswith('delta')}{u} = {printed[u]}" for u in wrong_inputs)
            return f"carries the earlier error ({shown}); correct arithmetic gives {own}"
    if p == -own:
        return f"sign flipped: the article's own numbers give {own}, not {p}"
    return f"the article's own numbers give {own}, not {p}"


def verdict_counts(rows: list[Row]) -> dict[str, int]:
    """How many rows have each verdict."""
    return {verdict: sum(r.verdict == verdict for r in rows) for verdict in ("match", "rounding", "error")}


# ---------------------------------------------------------------- the tables people read
#: The title of each section of printed numbers in the verdict table.
TITLES = {
    "forward": "Forward pass: I_j = sum_i O_i w_ij, O_j = f(I_j)",
    "deltas": "Deltas in Nielsen's sign, delta^l_j = dC/dz^l_j; the article prints its own sign, -delta",
    "weight_changes": "Weight changes: dw_ij = -alpha dC/dw_ij (first step, momentum term 0)",
    "new_weights": "New weights: w_ij + dw_ij",
}
HEADERS = ["quantity", "article", "exact", "article-precision", "verdict"]
DELTA_HEADERS = ["quantity", "article (-delta)", "exact", "article-precision", "verdict"]  # its column in its sign


def nielsen(name: str, value: T) -> T:
    """A printed quantity's value in Nielsen's sign: a delta negated (delta^l_j = dC/dz = -delta_j), the rest kept."""
    return -value if name.startswith("delta") else value


def verdict_table(ex: WorkedExample, rows: list[Row], sections: Sequence[str] = SECTIONS) -> str:
    """The verdict table, one titled block per section (``rows`` = ``errata(ex)``): the printed number, the exact
    value, the article's arithmetic at its own precision (two more decimals; ``*``: an earlier error corrected, as a
    footnote says) and the verdict. Deltas in Nielsen's sign; the article's column in its own sign, labelled so."""
    sections = (sections,) if isinstance(sections, str) else tuple(sections)
    if unknown := [s for s in sections if s not in SECTIONS]:
        raise ValueError(f"unknown sections {unknown}; expected some of {SECTIONS}")
    by = {r.quantity: r for r in rows}
    if missing := [n for s in sections for n in ex.printed[s] if n not in by]:
        raise ValueError(f"rows has no verdict for {missing}; expected the rows of errata(ex)")
    blocks = []
    for section in sections:
        shown = [by[n] for n in ex.printed[section]]
        fixed = {u: by[u] for r in shown for u in r.corrected}  # earlier errors it carries corrected: mark '*'
        own = [f"{nielsen(r.quantity, r.article_precision):.{places(r.article) + 2}f}"
               + ("*" if r.corrected else " " if fixed else "") for r in shown]
        table = [[r.quantity, str(r.article), fmt(nielsen(r.quantity, r.exact)),
                  v.rjust(max(len(HEADERS[3]), *map(len, own))), r.verdict] for r, v in zip(shown, own, strict=True)]
        note = "\n" + textwrap.fill("* article-precision from the corrected " + ", ".join(  # the article's sign
            f"{u}{'^art' if u.startswith('delta') else ''} = {round_half_up(w.article_precision, places(w.article))}"
            for u, w in fixed.items()) + f" (printed {', '.join(str(w.article) for w in fixed.values())})", 100)
        blocks.append(TITLES[section] + "\n" + format_table(DELTA_HEADERS if section == "deltas" else HEADERS, table)
                      + (note if fixed else ""))
    return "\n\n".join(blocks)


def verdict_summary(rows: list[Row]) -> str:
    """The verdict counts, then the reason for every printed number that does not match."""
    lines = ["counts: " + ", ".join(f"{k} {v}" for k, v in verdict_counts(rows).items()), "",
             "why (every number that does not match; deltas in the article's sign, -dC/dI):"]
    why = [f"  {r.quantity:8} {r.verdict:8} {r.why}" for r in rows if r.verdict != "match"]
    return "\n".join(lines + [textwrap.fill(w, 100, subsequent_indent=" " * 20) for w in why])


def worked_example_text(ex: WorkedExample, show_errata: bool = False) -> str:
    """What ``python -m bpkit worked-example [--errata]`` prints: the facts in one line, the verdict table, and
    with ``show_errata`` the counts and the reason for every difference."""
    rows = errata(ex)
    head = (f"{sum(map(len, ex.layers))}-neuron worked example ({ex.path.name}): x = {ex.x.tolist()}, "
            f"target = {ex.y.tolist()}, alpha = {ex.alpha}, gamma = {ex.gamma}")
    tail = (verdict_summary(rows) if show_errata
            else "Run with --errata for the verdict counts and the reason for each difference.")
    return "\n\n".join([head, verdict_table(ex, rows), tail])
