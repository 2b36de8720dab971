"""bpkit.course.graphs: staged computations, their local derivatives and routes, and the drawing."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
import sympy as sp

import bpkit
from bpkit.course.graphs import Graph, figure, layout, signed

QUOTIENT = [("x", ""), ("y", ""), ("s", "x + y"), ("r", "1/s"), ("f", "x*r")]
COMPOSITE = [("x", ""), ("y", ""), ("sy", "sigma(y)"), ("num", "x + sy"), ("sx", "sigma(x)"), ("xpy", "x + y"),
             ("sq", "xpy**2"), ("den", "sx + sq"), ("inv", "1/den"), ("f", "num*inv")]
x, y = sp.symbols("x y")


def by_routes(g, local):
    """Gradients and edge messages from the sum over routes (no backward pass), for the drawing."""
    grads = {n: (1 if n == g.output else g.route_sum(n, local)[1]) for n in g.nodes}
    return grads, {(p, c): grads[c] * local[(p, c)] for p, c in g.edges}


@pytest.mark.parametrize("steps, problem", [
    ([], "at least one step"),
    ([("x", ""), ("x", "2*x")], "new identifier"),
    ([("sigma", "")], "other than 'sigma'"),
    ([("x", ""), ("f", "x + z")], "before they are defined"),
])
def test_bad_steps_are_refused_with_the_reason(steps, problem):
    with pytest.raises(ValueError, match=problem):
        Graph(steps)


def test_the_graph_is_the_staged_function():
    g = Graph(QUOTIENT)
    assert g.inputs == ["x", "y"] and g.output == "f"
    assert g.edges == [("x", "s"), ("y", "s"), ("s", "r"), ("x", "f"), ("r", "f")]
    assert sp.simplify(g.whole() - x / (x + y)) == 0
    assert g.forward({"x": 2, "y": 3})["f"] == sp.Rational(2, 5)


def test_local_derivatives_differentiate_one_step_only():
    local = Graph(QUOTIENT).local()
    assert local[("s", "r")] == -1 / sp.Symbol("s") ** 2 and local[("x", "f")] == sp.Symbol("r")
    assert local[("r", "f")] == x


def test_routes_are_every_path_to_the_output():
    assert Graph(QUOTIENT).routes("x") == [("x", "f"), ("x", "s", "r", "f")]
    assert len(Graph(COMPOSITE).routes("x")) == 3 and len(Graph(COMPOSITE).routes("y")) == 2


@pytest.mark.parametrize("steps", [QUOTIENT, COMPOSITE])
def test_the_sum_over_routes_is_sympys_derivative_of_the_whole(steps):
    g = Graph(steps)
    for v in g.inputs:
        _, total = g.route_sum(v, g.local())
        assert sp.simplify(g.in_inputs(total) - sp.diff(g.whole(), g.sym[v])) == 0


def test_numbers_agree_with_exact_values_and_finite_differences():
    g = Graph(COMPOSITE)
    values, local = g.numeric({"x": 3.0, "y": -4.0})
    exact = g.forward({"x": 3, "y": -4})
    assert all(values[n] == pytest.approx(float(exact[n]), rel=1e-14) for n in g.nodes)
    exact_local = g.local_at(exact)
    assert all(local[e] == pytest.approx(float(exact_local[e]), rel=1e-14, abs=1e-15) for e in g.edges)
    fd = bpkit.numerical_gradient(g.function(), np.array([3.0, -4.0]))
    routes = [g.route_sum(v, local)[1] for v in g.inputs]
    assert bpkit.relative_error(np.array(routes), fd) < 1e-9


def test_signed_shows_the_sign_and_never_minus_zero():
    assert signed(-1e-9) == "+0.000000" and signed(0.5, 2) == "+0.50" and signed(-0.25, 3) == "-0.250"


def test_layout_puts_each_node_right_of_its_inputs():
    g = Graph(COMPOSITE)
    pos, lines = layout(g)
    assert all(pos[p][0] < pos[c][0] for p, c in g.edges)
    assert all(lines[e][0] == pos[e[0]] and lines[e][-1] == pos[e[1]] for e in g.edges)


def test_the_drawing_shows_the_given_backward_pass():
    g = Graph(QUOTIENT)
    fig = figure([(g, {"x": 2.0, "y": 3.0}, "example 1")], by_routes)
    texts = [t.get_text() for t in fig.axes[0].texts]
    plt.close(fig)
    assert "∂f/∂x = +0.1200" in texts and "∂f/∂y = -0.0800" in texts      # 3/25 and -2/25
    assert "+0.2000" in texts and "-0.0800" in texts                        # the messages x -> f and x -> s
    assert any(t.startswith("s = x + y\n+5.0000") for t in texts)


def test_the_drawing_puts_graphs_in_columns_and_names_the_output():
    gates = [Graph([("x", ""), ("y", ""), ("f", formula), ("L", "2*f")]) for formula in ("x + y", "x*y", "Max(x, y)")]
    fig = figure([(g, {"x": 3.0, "y": -2.0}, "") for g in gates], by_routes, sizes=[2.0, 2.0], cols=2)
    texts = [[t.get_text() for t in ax.texts] for ax in fig.axes]
    plt.close(fig)
    assert len(fig.axes) == 4 and not fig.axes[3].axison and not texts[3]      # 3 graphs in 2 columns: one empty
    assert "∂L/∂x = +2.0000" in texts[0] and "∂L/∂y = +2.0000" in texts[0]      # add: g = 2 to both
    assert "∂L/∂x = -4.0000" in texts[1] and "∂L/∂y = +6.0000" in texts[1]      # multiply: the inputs swap
    assert "∂L/∂x = +2.0000" in texts[2] and "∂L/∂y = +0.0000" in texts[2]      # max: the larger input only
