"""The terminal commands: ``python -m bpkit worked-example [--errata] [--data FILE]``, ``python -m bpkit solutions``."""

from __future__ import annotations

import argparse
import sys

from .errata import errata, places, verdict_counts
from .examples import SECTIONS, WORKED_EXAMPLE_FILE, exact_values, load_worked_example
from .report import fmt, format_table

TITLES = {
    "forward": "Forward pass: I_j = sum_i O_i w_ij, O_j = f(I_j)",
    "deltas": "Deltas, article's sign: delta_j = -dC/dI_j (Nielsen's delta^l_j = dC/dz^l_j is minus this)",
    "weight_changes": "Weight changes: dw_ij = alpha delta_j O_i (first step, momentum term 0)",
    "new_weights": "New weights: w_ij + dw_ij",
}


def worked_example_report(path: str, show_errata: bool) -> str:
    """The text that ``python -m bpkit worked-example`` prints."""
    ex = load_worked_example(path)
    exact = exact_values(ex, ex.network().backprop(ex.x, ex.y))
    rows = errata(ex)
    out = [f"8-neuron worked example ({ex.path.name}): x = {ex.x.tolist()}, target = {ex.y.tolist()}, "
           f"alpha = {ex.learning_rate}, gamma = {ex.momentum}", ""]
    if show_errata:
        table = [[r.quantity, str(r.article), fmt(r.exact), f"{r.article_precision:.{places(r.article) + 2}f}",
                  r.verdict] for r in rows]
        out.append(format_table(["quantity", "article", "exact", "article-precision", "verdict"], table))
        out.append("")
        out.append("counts: " + ", ".join(f"{k} {v}" for k, v in verdict_counts(rows).items()))
        out.append("")
        out.append("why (every number that does not match):")
        out += [f"  {r.quantity:8} {r.verdict:8} {r.why}" for r in rows if r.verdict != "match"]
        return "\n".join(out)
    verdicts = {r.quantity: r.verdict for r in rows}
    for section in SECTIONS:
        out.append(TITLES[section])
        table = [[n, fmt(exact[n]), str(p), verdicts[n]] for n, p in ex.printed[section].items()]
        out.append(format_table(["quantity", "exact", "article", "verdict"], table))
        out.append("")
    out.append("Run with --errata for the article-precision column and the reason for each difference.")
    return "\n".join(out)


def solutions(ids: list[str]) -> str:
    """Statement and reference solution of each exercise (all of them when ``ids`` is empty)."""
    import inspect

    from .exercises import EXERCISES

    unknown = [i for i in ids if i not in EXERCISES]
    if unknown:
        raise ValueError(f"unknown exercise ids {unknown}; known: {sorted(EXERCISES)}")
    out = []
    for key in ids or sorted(EXERCISES, key=lambda k: (EXERCISES[k].notebook, k)):
        ex = EXERCISES[key]
        answer = ex.solution()
        shown = inspect.getsource(answer).strip() if callable(answer) else repr(answer)
        out += [f"[{ex.notebook}] {key} ({ex.kind})", ex.statement, "solution:", shown, f"why: {ex.why}", ""]
    return "\n".join(out).rstrip()


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and print the requested report."""
    parser = argparse.ArgumentParser(prog="python -m bpkit", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    we = sub.add_parser("worked-example", help="tables of the 8-neuron worked example")
    we.add_argument("--errata", action="store_true", help="verdict on every number the article prints")
    we.add_argument("--data", default=str(WORKED_EXAMPLE_FILE), help="worked-example JSON file")
    sol = sub.add_parser("solutions", help="every exercise with its reference solution (for lecturers)")
    sol.add_argument("ids", nargs="*", help="exercise ids (default: all)")
    args = parser.parse_args(argv)
    try:
        if args.command == "solutions":
            text = solutions(args.ids)
        else:
            text = worked_example_report(args.data, args.errata)
    except (ValueError, TypeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
