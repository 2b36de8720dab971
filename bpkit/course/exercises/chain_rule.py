"""Exercises of 02_chain_rule: add the routes of xy/(x+y); one route of the sigmoid composite; fix a backward pass."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import numpy as np
import sympy as sp

from ...activations import sigmoid, sigmoid_prime
from ..graphs import Graph
from . import ExpressionExercise, FunctionExercise, NumberExercise, register

_x, _y = sp.symbols("x y")
_f1 = _x * _y / (_x + _y)
_AT = {"x": 0, "y": 1}  # a point the notebook does not show, where sigma(0) = 1/2 makes it a pencil exercise
_SIGMA_ROUTE = ("x", "sx", "den", "inv", "f")


@cache
def _composite() -> Graph:
    """The notes' second example, staged as in notebook 02."""
    return Graph([("x", ""), ("y", ""), ("sy", "sigma(y)"), ("num", "x + sy"), ("sx", "sigma(x)"),
                  ("xpy", "x + y"), ("sq", "xpy**2"), ("den", "sx + sq"), ("inv", "1/den"), ("f", "num*inv")])


def _routes_at_point() -> dict[tuple[str, ...], float]:
    g = _composite()
    products, _ = g.route_sum("x", g.local_at(g.forward(_AT)))
    return {r: float(v) for r, v in products.items()}


register(ExpressionExercise(
    id="chain_rule.product_quotient", notebook="02_chain_rule", kind="derive",
    statement="For $f = x\\,y/(x + y)$, staged as $p = x\\,y$, $s = x + y$, $r = 1/s$, $f = p\\,r$: write "
              "$\\partial f/\\partial x$ as the sum of its two routes, each the product of its local derivatives, "
              "and simplify. Answer with a string or SymPy expression in `x`, `y`, e.g. `df_dx = \"1/(x + y)\"`.",
    why="Route $x \\to p \\to f$ gives $y \\cdot r = y/(x+y)$ (the multiply gate $p = xy$ sends $x$ the other "
        "input, $y$); route $x \\to s \\to r \\to f$ gives $1 \\cdot (-1/s^2) \\cdot p = -xy/(x+y)^2$. Their sum "
        "is $y^2/(x+y)^2$: where two routes meet, their contributions add.",
    expected=lambda: sp.diff(_f1, _x), names=lambda: {"x": _x, "y": _y},
    mistakes={"a route is missing: x also reaches f through the denominator s = x + y.": lambda: _y / (_x + _y),
              "a route is missing: x also reaches f through the numerator p = x y.":
                  lambda: -_x * _y / (_x + _y) ** 2,
              "check the sign of the local derivative of r = 1/s with respect to s.":
                  lambda: _y / (_x + _y) + _x * _y / (_x + _y) ** 2,
              "a multiply gate swaps its inputs: the local derivative of p = x y with respect to x is y, not x.":
                  lambda: _x / (_x + _y) - _x**2 / (_x + _y) ** 2,
              "the route through s ends at f = p r, whose local derivative with respect to r is p = x y, not x.":
                  lambda: _y / (_x + _y) - _x / (_x + _y) ** 2,
              "that is the derivative of x/(x + y), the notebook's example 1; here the numerator is p = x y.":
                  lambda: _y / (_x + _y) ** 2,
              "check the sign: the route x -> p -> f has only positive local derivatives; the one minus, in "
              "dr/ds = -1/s^2, belongs to the route through s alone.": lambda: -sp.diff(_f1, _x)},
    generic="write each route's product of local derivatives (x -> p -> f, and x -> s -> r -> f), add the two, "
            "and simplify.",
))

register(NumberExercise(
    id="chain_rule.sigma_route", notebook="02_chain_rule", kind="predict",
    statement="In the sigmoid composite $f = (x + \\sigma(y))/(\\sigma(x) + (x + y)^2)$ at $x = 0$, $y = 1$, "
              "predict the contribution of the route $x \\to s_x = \\sigma(x) \\to \\mathrm{den} \\to \\mathrm{inv} "
              "\\to f$ to $\\partial f/\\partial x$: the product of the four local derivatives along it. Work it "
              f"out by hand: you need $\\sigma(0) = 1/2$ and $\\sigma(1) = {float(sigmoid(1.0)):.6f}$. Answer "
              "with a number, e.g. `sigma_route = 0.1`.",
    why="The route's local derivatives are $\\sigma'(0) = \\sigma(0)(1 - \\sigma(0)) = 1/4$, then $1$, then "
        "$-1/\\mathrm{den}^2$ with $\\mathrm{den} = 3/2$, then $\\mathrm{num} = \\sigma(1)$: their product is "
        "$-\\sigma(1)/9$. The other two routes (through the numerator and through $(x+y)^2$) carry the rest of "
        "$\\partial f/\\partial x$.",
    value=lambda: _routes_at_point()[_SIGMA_ROUTE],
    mistakes={"that is the whole df/dx, the sum over all three routes; the question asks for one route.":
                  lambda: sum(_routes_at_point().values()),
              "check the sign of the local derivative of inv = 1/den.": lambda: -_routes_at_point()[_SIGMA_ROUTE],
              "the first local derivative is sigma'(x) = sigma(x)(1 - sigma(x)), not sigma(x): a factor is missing.":
                  lambda: _routes_at_point()[_SIGMA_ROUTE] / (1 - float(sigmoid(0.0))),
              "the route starts at x: its first local derivative is sigma'(x) at x = 0, not sigma'(y).":
                  lambda: _routes_at_point()[_SIGMA_ROUTE] * float(sigmoid_prime(1.0)) / float(sigmoid_prime(0.0))},
    generic="multiply the four local derivatives along the route (sigma'(x), d den/d s_x, d inv/d den, "
            "d f/d inv), each at x = 0, y = 1.",
))


def _fixed(x: float, y: float) -> np.ndarray:
    """The staged backward pass with every route added into dx and dy."""
    sy = 1 / (1 + np.exp(-y))
    num = x + sy
    sx = 1 / (1 + np.exp(-x))
    xpy = x + y
    xpysqr = xpy**2
    den = sx + xpysqr
    invden = 1 / den
    dnum, dinvden = invden, num
    dden = -1 / den**2 * dinvden
    dsx, dxpysqr = dden, dden
    dxpy = 2 * xpy * dxpysqr
    dx, dy = dxpy, dxpy
    dx += (1 - sx) * sx * dsx
    dx += dnum
    dy += (1 - sy) * sy * dnum
    return np.array([dx, dy])


def _overwrites(x: float, y: float) -> np.ndarray:
    sy, sx, xpy = 1 / (1 + np.exp(-y)), 1 / (1 + np.exp(-x)), x + y
    num, den = x + sy, sx + xpy**2
    dden = -1 / den**2 * num
    dxpy = 2 * xpy * dden
    dx = (1 - sx) * sx * dden  # the planted bug: "=" where routes meet drops the xpy route
    dx += 1 / den
    return np.array([dx, dxpy + (1 - sy) * sy / den])


def _sigma_route(local: Callable[[float, float], float]) -> Callable[[float, float], np.ndarray]:
    """The fix with ``local(sx, sy)`` as the local derivative of the sigma(x) route in place of sigma'(x)."""
    def f_grad(x: float, y: float) -> np.ndarray:
        sy, sx, xpy = 1 / (1 + np.exp(-y)), 1 / (1 + np.exp(-x)), x + y
        num, den = x + sy, sx + xpy**2
        dden = -1 / den**2 * num
        dxpy = 2 * xpy * dden
        return np.array([dxpy + local(sx, sy) * dden + 1 / den, dxpy + (1 - sy) * sy / den])
    return f_grad


_BUGGY = """```python
def f_grad(x, y):
    sy = 1 / (1 + np.exp(-y)); num = x + sy                      # forward, staged
    sx = 1 / (1 + np.exp(-x)); xpy = x + y; xpysqr = xpy**2
    den = sx + xpysqr; invden = 1 / den
    dnum, dinvden = invden, num                                  # backward, from f = num * invden
    dden = -1 / den**2 * dinvden
    dsx, dxpysqr = dden, dden
    dxpy = 2 * xpy * dxpysqr
    dx, dy = dxpy, dxpy
    dx = (1 - sx) * sx * dsx
    dx += dnum
    dy += (1 - sy) * sy * dnum
    return np.array([dx, dy])
```"""

register(FunctionExercise(
    id="chain_rule.fix_backward", notebook="02_chain_rule", kind="find-the-bug",
    statement="This staged backward pass of $f = (x + \\sigma(y))/(\\sigma(x) + (x + y)^2)$ returns a wrong "
              "$\\partial f/\\partial x$ (its $\\partial f/\\partial y$ is right). Find the bug and answer with the "
              "corrected function, e.g. `f_grad_fixed = my_f_grad`.\n\n" + _BUGGY,
    why="x reaches f along three routes (through num, through sigma(x), through x + y); the backward pass must "
        "add (+=) the contribution of each route into dx. An assignment (=) where routes meet throws away the "
        "routes already counted.",
    reference=_fixed, trials=lambda rng: [(float(a), float(b)) for a, b in rng.normal(0.0, 2.0, size=(6, 2))],
    mistakes={"where routes meet, their contributions add (+=): an assignment (=) drops the routes counted before "
              "it.": _overwrites,
              "the local derivative of sigma is sigma (1 - sigma): a factor is missing on the sigma(x) route.":
                  _sigma_route(lambda sx, sy: 1.0),  # dx += dsx
              "each route's contribution is added (+=) as it is: its sign is already in the local derivatives "
              "(dden carries the minus of 1/den).": _sigma_route(lambda sx, sy: -(1 - sx) * sx),  # dx -= ...
              "the sigma(x) route's local derivative is sigma'(x) = (1 - sx) sx, not sigma(x) = sx itself.":
                  _sigma_route(lambda sx, sy: sx),  # dx += sx * dsx
              "the sigma(x) route needs sigma'(x) = (1 - sx) sx; (1 - sy) sy is sigma'(y), which belongs to the "
              "y line.": _sigma_route(lambda sx, sy: (1 - sy) * sy),  # copied from the dy line
              "return both partial derivatives, np.array([dx, dy]), as the function above does: the check "
              "compares the pair.": lambda x, y: _fixed(x, y)[0]},  # dx alone
    wrong=((lambda x, y: _fixed(x, y)[0], "np.array([dx, dy])"),
           (lambda x, y: _overwrites(x, y)[0], "every value asked for")),
))

