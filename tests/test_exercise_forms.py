"""A property test over every registered exercise: its reference solution, written in at least five equivalent
forms, passes, and at least five perturbed or typical wrong answers fail with a hint ("Not yet. Hint: ...").

Forms are generated per kind from the reference: numbers in every real type (float, NumPy, SymPy, Fraction,
Decimal, rounded), expressions rewritten (expanded, factored, as text, with symbols carrying other assumptions),
functions wrapped or written another way; wrong forms are each exercise's planted mistakes plus perturbations.
"""

from decimal import Decimal
from fractions import Fraction

import mpmath
import numpy as np
import pytest
import sympy as sp
from learner_backprops import EINSUM, LOOP, learner

from bpkit import sigmoid, sigmoid_prime, softmax
from bpkit.course.exercises import (
    EXERCISES,
    ChoiceExercise,
    ExpressionExercise,
    FunctionExercise,
    NumberExercise,
)
from bpkit.course.exercises.write_backprop import BackpropExercise

IDS = sorted(EXERCISES)
HINT = "Not yet. Hint: "


def number_forms(ex: NumberExercise) -> list:
    v = ex.solution()
    forms = [v, np.float64(v), np.array(v), np.array([v]), sp.Float(v), sp.Float(repr(v), 30), sp.Rational(v),
             Fraction(v), Decimal(repr(v)), mpmath.mpf(v), sp.Rational(v) + sp.sin(1) ** 2 + sp.cos(1) ** 2 - 1]
    if v == int(v):
        forms += [int(v), np.int64(v), sp.Integer(int(v)), Fraction(int(v)), Decimal(int(v)), float(int(v))]
    if ex.digits:
        forms += [float(f"{v:.{d}g}") for d in range(ex.digits, 8)] + [Decimal(f"{v:.{ex.digits}g}"),
                                                                       sp.Float(f"{v:.{ex.digits + 1}g}")]
    if ex.rtol:
        forms += [v * (1 + ex.rtol / 2), v * (1 - ex.rtol / 2), np.float32(v)]
    return forms


def number_wrong(ex: NumberExercise) -> list:
    v = ex.solution()
    step = max(ex.rtol * 5, 0.01)
    return [float(m()) for m in ex.mistakes.values()] + [
        -v, v * (1 + step), v * (1 - step), v * 10, v / 10, v + 1, 0.0, Fraction(v) * 2, Decimal(repr(-v)),
        sp.Rational(v) * 3, True, 1j * v, float("nan"), float("inf"), f"{v}", None, [v], np.array([v, v])]


def _with(expr: sp.Expr, **assumptions) -> sp.Expr:
    """``expr`` with every symbol replaced by one of the same name carrying ``assumptions``."""
    return expr.xreplace({s: sp.Symbol(s.name, **assumptions) for s in expr.free_symbols})


EXTRA_RIGHT = {  # equivalent forms a learner may reach that the generic rewrites do not produce
    "softmax.entry": ["-s1*s2*tau**-1", "s1*(0 - s2)/tau", "-(s1/tau)*s2", "-s1*s2/(2*tau) - s1*s2/(2*tau)"],
    "paths.count": ["n**D/n", "n^(D - 1)", sp.Symbol("n") ** (sp.Symbol("D") - 1), "exp((D - 1)*log(n))"],
    "sigmoid.tanh_prime": ["(1 - t)*(1 + t)", "4*((1 + t)/2)*(1 - (1 + t)/2)", "1.0 - t**2"],
    "chain_rule.product_quotient": ["y/(x + y) - x*y/(x + y)**2", "(y/(x + y))**2"],
    "bp1.tanh_output": ["(a - y)*(1 - a)*(1 + a)", "a - y - a**3 + a**2*y"],
    "cross_entropy.softplus_output": ["(a - y)*sigma(z)", "(a - y)/(1 + exp(-z))"],
    "activations.gelu_prime": ["Phi(z) + z*phi(z)", "erfc(-z/sqrt(2))/2 + z*phi(z)", "1 - erfc(z/sqrt(2))/2 + z*phi(z)",
                               "(1 - erf(-z/sqrt(2)))/2 + z*phi(z)"],
    "training.decay_update": ["(1 - alpha*lam)*w - alpha*g + gamma*dw"],
    "cross_entropy.weighted": ["-beta*y*(1 - a) + (1 - y)*a", "a - y + (1 - beta)*y*(1 - a)"],
    "matrices.xwv_entry": ["g*(w21*v1 + w22*v2)", "g*w21*v1 + g*w22*v2"],
}


def expression_forms(ex: ExpressionExercise) -> list:
    sol = ex.solution()
    forms = [sol, sp.expand(sol), sp.factor(sol), sp.simplify(sol), sp.together(sol),
             sp.expand(sol, power_exp=True), _with(sol), _with(sol, real=True), _with(sol, positive=True),
             _with(sp.expand(sol), real=True, nonzero=True), str(sol), str(sp.expand(sol)),
             str(sol).replace("**", "^"), sp.Integer(2) * sol / 2 + 0, sp.UnevaluatedExpr(sol).doit()]
    return forms + EXTRA_RIGHT.get(ex.id, [])


def expression_wrong(ex: ExpressionExercise) -> list:
    sol = ex.solution()
    first = sorted(sol.free_symbols, key=str)[0]
    return [m() for m in ex.mistakes.values()] + [
        sol + 1, 2 * sol, sol**2, sol + first, _with(sol + first, real=True), sol.subs(first, first + 1),
        f"{sol} + 1e-30", f"({sol})*1.0000001", sol + sp.Float("1e-30"), sp.Integer(0), "2" + first.name,
        "unknown_symbol", None, True, [sol]]


def _wrap(f):
    return [f,
            lambda *a: f(*[np.array(x, copy=True) for x in a]),
            lambda *a: np.asarray(f(*a)).tolist(),
            lambda *a: (np.asarray(f(*a)) * 3.0) / 3.0,
            lambda *a: np.asarray(f(*a), dtype=np.float64).copy()]


def _relu_prime_loop(z):
    out = np.zeros_like(z, dtype=float)
    for i, v in np.ndenumerate(z):
        out[i] = 1.0 if v > 0 else 0.0
    return out


def _softmax_jacobian(x, g):
    s = softmax(x)
    return (np.diag(s) - np.outer(s, s)).T @ g


def _fixed_grad(x, y):
    sx, sy = 1 / (1 + np.exp(-x)), 1 / (1 + np.exp(-y))
    num, den = x + sy, sx + (x + y) ** 2
    ddx = sx * (1 - sx) + 2 * (x + y)  # d den / dx
    ddy = 2 * (x + y)
    return np.array([1 / den - num * ddx / den**2, sy * (1 - sy) / den - num * ddy / den**2])


EXTRA_FUNCTIONS = {  # differently written correct implementations
    "matrices.tied": [lambda d1, a0, d2, a1: d1[:, None] * a0[None, :] + (d2[:, None] * a1[None, :]).T,
                      lambda d1, a0, d2, a1: np.einsum("j,k->jk", d1, a0) + np.einsum("k,j->jk", d2, a1)],
    "activations.relu_prime": [lambda z: np.where(z > 0, 1.0, 0.0), lambda z: z > 0, lambda z: np.heaviside(z, 0.0),
                               _relu_prime_loop, lambda z: (np.sign(z) + 1) // 2 * (z != 0)],
    "bp1.complete": [lambda z, y: (sigmoid(z) - y) * sigmoid(z) * (1 - sigmoid(z)),
                     lambda z, y: (1 / (1 + np.exp(-z)) - y) * np.exp(-z) / (1 + np.exp(-z)) ** 2],
    "bp2.complete": [lambda w, d, z: np.dot(w.T, d) * sigmoid_prime(z),
                     lambda w, d, z: np.einsum("ji,j->i", w, d) * sigmoid(z) * (1 - sigmoid(z)),
                     lambda w, d, z: (d @ w) * sigmoid_prime(z)],
    "bp4.complete": [lambda d, a: d[:, None] * a[None, :], lambda d, a: np.einsum("j,k->jk", d, a),
                     lambda d, a: d.reshape(-1, 1) @ a.reshape(1, -1)],
    "softmax.fix_backward": [_softmax_jacobian, lambda x, g: softmax(x) * (g - softmax(x) @ g)],
    "chain_rule.fix_backward": [_fixed_grad],
    "matrices.gain_grad": [lambda X, dY: np.einsum("ak,ak->k", X, dY), lambda X, dY: np.diag(X.T @ dY),
                           lambda X, dY: sum(x * d for x, d in zip(X, dY, strict=True)),
                           lambda X, dY: np.array([X[:, k] @ dY[:, k] for k in range(X.shape[1])])],
    "training.batch_nabla_w": [lambda d, a: d @ a.T / d.shape[1],
                               lambda d, a: np.einsum("jm,km->jk", d, a) / a.shape[1],
                               lambda d, a: np.mean([np.outer(d[:, i], a[:, i]) for i in range(d.shape[1])], axis=0)],
    "autodiff.softplus_backward": [lambda dout, z: dout * np.exp(z) / (1 + np.exp(z)),
                                   lambda dout, z: dout / (1 + np.exp(-z)), lambda dout, z: dout * sigmoid(z),
                                   lambda dout, z: dout * (1 + np.tanh(z / 2)) / 2,
                                   lambda dout, z: dout - dout / (1 + np.exp(z))],
}


def function_forms(ex: FunctionExercise) -> list:
    return _wrap(ex.solution()) + EXTRA_FUNCTIONS.get(ex.id, [])


def _writes_into_first(f):
    def answer(*args):
        out = np.array(f(*args), dtype=float)
        if isinstance(args[0], np.ndarray):
            args[0][...] = 0.0
        else:  # scalar inputs cannot be changed in place: give a wrong value instead
            out = out + 1.0
        return out
    return answer


def function_wrong(ex: FunctionExercise) -> list:
    ref = ex.solution()
    return list(ex.mistakes.values()) + [
        lambda *a: np.asarray(ref(*a)) * 1.01, lambda *a: -np.asarray(ref(*a)), lambda *a: np.asarray(ref(*a)) + 1e-3,
        lambda *a: np.zeros((1, 1, 1)), lambda *a: None, lambda *a: np.asarray(ref(*a)).T[..., None],
        lambda *a: 1 / 0, _writes_into_first(ref), lambda *a: np.asarray(ref(*a)) * np.nan, None, "def f(z): ..."]


def choice_forms(ex: ChoiceExercise) -> list:
    c = ex.correct
    return [c, c.upper(), f" {c} ", f"({c})", f"{c}.", f"{c.upper()})"]


def choice_wrong(ex: ChoiceExercise) -> list:
    return [k for k in ex.options if k != ex.correct] + ["z", "", "ab", None, 1, ex.options[ex.correct]]


def backprop_forms(ex: BackpropExercise) -> list:
    f = ex.solution()
    return [f, learner(LOOP), learner(EINSUM),
            lambda w, b, x, y: f([v.copy() for v in w], [v.copy() for v in b], x.copy(), y.copy()),
            lambda *a: tuple(tuple(part) for part in f(*a)),
            lambda *a: [[g.tolist() for g in part] for part in f(*a)]]


def backprop_wrong(ex: BackpropExercise) -> list:
    f = ex.solution()

    def scaled(k):
        return lambda *a: tuple([g * k for g in part] for part in f(*a))

    def writes_into_weights(w, b, x, y):
        out = f(w, b, x, y)
        w[0] -= 0.1 * out[0][0]
        return out

    return list(ex.mistakes.values()) + [
        scaled(1.01), scaled(-1.0), scaled(np.nan), lambda *a: None, lambda *a: 1 / 0, writes_into_weights,
        lambda *a: f(*a)[0], lambda *a: ([g.T for g in f(*a)[0]], f(*a)[1]), None, "def f(z): ..."]


FORMS = {NumberExercise: (number_forms, number_wrong), ExpressionExercise: (expression_forms, expression_wrong),
         FunctionExercise: (function_forms, function_wrong),
         ChoiceExercise: (choice_forms, choice_wrong),
         BackpropExercise: (backprop_forms, backprop_wrong)}


@pytest.mark.parametrize("exercise_id", IDS)
def test_every_equivalent_form_of_the_solution_passes(exercise_id):
    ex = EXERCISES[exercise_id]
    forms = FORMS[type(ex)][0](ex)
    assert len(forms) >= 5
    for form in forms:
        r = ex.check(form)
        assert r.ok and r.message.startswith("Right. "), (form, r.message)


@pytest.mark.parametrize("exercise_id", IDS)
def test_every_wrong_form_fails_with_a_hint(exercise_id):
    ex = EXERCISES[exercise_id]
    wrong = FORMS[type(ex)][1](ex)
    assert len(wrong) >= 5
    for answer in wrong:
        r = ex.check(answer)
        assert not r.ok and r.answered and r.message.startswith(HINT), (answer, r.message)
        assert len(r.message) > len(HINT) + 15, r.message


@pytest.mark.parametrize("exercise_id", IDS)
def test_each_planted_mistake_gets_its_own_hint(exercise_id):
    ex = EXERCISES[exercise_id]
    if isinstance(ex, ChoiceExercise):
        planted = [(k, ex.hints[k]) for k in ex.options if k != ex.correct]
    else:
        planted = [(m() if not isinstance(ex, FunctionExercise) else m, h) for h, m in ex.mistakes.items()]
    for answer, hint in planted:
        assert ex.check(answer).message.startswith(HINT + hint), (answer, hint)
