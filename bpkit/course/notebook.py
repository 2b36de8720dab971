"""What every notebook shares: the setup line, equations, Markdown, figures with alt text, exact proofs.

A notebook starts with ``import bpkit.course as course`` and ``ex, net, grads, trace = course.setup()``; then
``course.eq(lhs, rhs)`` shows an equation, ``course.md(text)`` shows Markdown, ``course.show(fig, alt)``
shows a figure with its alt text, and ``course.kronecker_doit(expr)`` evaluates the sums that a
Kronecker delta collapses (the step that makes a proof hold for every size).
"""

from __future__ import annotations

from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import sympy as sp
from IPython.display import Markdown, display

from ..network import Gradients, Network, Trace
from .examples import WorkedExample, worked_example


def setup() -> tuple[WorkedExample, Network, Gradients, Trace]:
    """Inline figures, SymPy printed as mathematics, fixed number formats: the same in every notebook.

    Returns the course's standard objects: the worked example ``ex``, its network ``net``, bpkit's
    ``grads = net.backprop(ex.x, ex.y)`` and ``trace = grads.trace``.
    """
    try:
        from IPython import get_ipython

        shell = get_ipython()
        if shell is not None:
            shell.run_line_magic("matplotlib", "inline")
    except ImportError:  # pragma: no cover - IPython ships with the course
        pass
    sp.init_printing(use_latex="mathjax", print_builtin=False)
    np.set_printoptions(precision=8, suppress=False, floatmode="fixed", legacy=False)
    plt.rcParams.update({"figure.dpi": 100, "savefig.dpi": 100, "svg.hashsalt": "bpkit-course",
                         "font.size": 10, "axes.titlesize": 11})
    ex = worked_example()
    net = ex.network()
    grads = net.backprop(ex.x, ex.y)
    return ex, net, grads, grads.trace


def primes(expr: Any) -> Any:
    """For display only: write SymPy's d f(u)/du and Subs(...) forms as f'(u)."""
    reps = {}
    for s in expr.atoms(sp.Subs):
        if isinstance(s.expr, sp.Derivative) and len(s.expr.variables) == 1:
            reps[s] = sp.Function(f"{s.expr.expr.func}prime")(*s.point)
    for d in expr.atoms(sp.Derivative):
        if isinstance(d.expr, sp.core.function.AppliedUndef) and len(d.variables) == 1 and d.expr.args == d.variables:
            reps[d] = sp.Function(f"{d.expr.func}prime")(d.variables[0])
    return expr.xreplace(reps) if reps else expr


def eq(lhs: Any, rhs: Any) -> None:
    """Display lhs = rhs as mathematics (unevaluated), derivatives of undefined functions written with primes."""
    if isinstance(lhs, str):
        lhs = sp.Symbol(lhs)
    display(sp.Eq(primes(sp.sympify(lhs)), primes(sp.sympify(rhs)), evaluate=False))


def md(text: str) -> None:
    """Display Markdown built from computed values (for prose whose numbers come from code)."""
    display(Markdown(text))


def show(fig: Any, alt: str) -> None:
    """Display a matplotlib figure as PNG with alt text (used by the HTML book and slides), then close it."""
    if not alt or not isinstance(alt, str):
        raise ValueError("every figure needs alt text: a sentence saying what it shows")
    display(fig, metadata={"image/png": {"alt": alt}})
    plt.close(fig)


def kronecker_doit(expr: Any) -> Any:
    """Evaluate only the sums that contain a KroneckerDelta (a full ``doit`` would try every sum)."""
    return expr.replace(lambda e: isinstance(e, sp.Sum) and e.has(sp.KroneckerDelta), lambda e: e.doit())
