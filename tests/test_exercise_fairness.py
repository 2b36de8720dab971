"""The checker is fair: the cases of issue 18 one by one. Numbers of every real type count, tolerances are stated
and tighter than the gap to every typical wrong answer, expressions count whatever their symbols' assumptions and
under the statement's constraints but never with a tiny decimal absorbed, functions run on fresh copies, and every
fallback hint fits its question."""

from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
import sympy as sp

from bpkit.course.examples import worked_example
from bpkit.course.exercises import (
    EXERCISES,
    UNANSWERED,
    ExpressionExercise,
    FunctionExercise,
    NumberExercise,
    Result,
    check,
)
from bpkit.course.exercises.number import read_real

NUMBERS = sorted(k for k, ex in EXERCISES.items() if isinstance(ex, NumberExercise))
EXPRESSIONS = sorted(k for k, ex in EXERCISES.items() if isinstance(ex, ExpressionExercise))


def test_the_unanswered_text_and_the_result_repr_are_those_the_notebooks_committed():
    assert UNANSWERED == "Not answered yet: replace `...` with your answer and run the cell again."
    assert repr(check("bp1.delta8", ...)) == "… " + UNANSWERED
    assert repr(Result(True, "Right. x")) == "✓ Right. x" and repr(Result(False, "Not yet. y")) == "✗ Not yet. y"


@pytest.mark.parametrize("answer", [sp.Float("0.25"), sp.Rational(1, 4), Fraction(1, 4), Decimal("0.25"), 0.25,
                                    np.float32(0.25), np.float16(0.25), np.int8(0) + 0.25, sp.Integer(1) / 4,
                                    sp.sqrt(sp.Rational(1, 16)), np.array([[0.25]])])
def test_every_real_number_type_is_read_exactly(answer):
    assert read_real(answer).exact == Fraction(1, 4)


@pytest.mark.parametrize(("answer", "fragment"), [
    (True, "True and False"), (np.bool_(False), "True and False"), (1 + 0j, "complex"), (np.complex128(1), "complex"),
    (sp.I, "complex"), (float("nan"), "finite"), (-np.inf, "finite"), (Decimal("NaN"), "finite"), (sp.oo, "finite"),
    (sp.nan, "finite"), ("0.1", "not text"), ([0.1], "not a list"), (None, "None"), (sp.Symbol("x"), "contains x"),
    (np.ones(3), "shape (3,)")])
def test_what_is_not_one_real_number_gets_a_hint_saying_what_is_expected(answer, fragment):
    r = check("bp1.delta8", answer)
    assert not r.ok and r.message.startswith("Not yet. Hint:") and fragment in r.message, r.message


@pytest.mark.parametrize("exercise_id", NUMBERS)
def test_the_tolerance_is_stated_and_tighter_than_every_typical_wrong_answer(exercise_id):
    ex = EXERCISES[exercise_id]
    v = ex.solution()
    r = ex.check(v * 1.5 + 1)
    assert ex.tolerance in r.message
    for wrong in ex.mistakes.values():
        m = float(wrong())
        assert abs(m - v) > 2 * ex.rtol * abs(v), f"a typical wrong answer {m} lies within twice the tolerance"
        for digits in range(ex.digits or 17, 18):  # the wrong value as a learner would round it
            assert not ex.check(float(f"{m:.{digits}g}")).ok, (m, digits)


def test_worked_dw13_refuses_answers_off_by_more_than_its_precision():
    ex = EXERCISES["worked.dw13"]
    v = ex.solution()
    assert not ex.check(v * 1.019).ok and not ex.check(v * 0.995).ok  # 1.9% and 0.5% off
    assert not ex.check(v * 1.0009).ok and not ex.check(float(f"{v:.3g}")).ok  # the slips move it by < 0.1%
    assert ex.check(v * 1.00009).ok and ex.check(float(f"{v:.5g}")).ok
    assert "rounded delta^art_3" in ex.check(0.00157).message  # correct sign, the article's rounded delta_3
    assert "printed change" in ex.check(-0.00157).message
    assert "at least 5 significant digits" in ex.check(float(f"{v:.3g}")).message
    for slip, words in [(0.0017066810, "gamma times the FIRST change"), (0.0017085, "printed 0.00157 with its sign"),
                        (0.0017138, "at the OLD weights")]:  # each within 0.4% of the value
        assert words in ex.check(slip).message, slip


def test_the_article_printed_delta3_gets_its_own_hint():
    """bp2.delta3 asks for delta3 after a weight change; the article's printed delta3 is the one before it."""
    printed = float(worked_example().printed_flat["delta3"])
    message = check("bp2.delta3", printed).message
    assert not check("bp2.delta3", printed).ok and "before the change" in message


def test_counts_are_exact():
    for exercise_id in ("cheap.fd_passes", "cheap.chain_memo"):
        v = int(EXERCISES[exercise_id].solution())
        assert check(exercise_id, v).ok and check(exercise_id, sp.Integer(v)).ok and check(exercise_id, float(v)).ok
        assert not check(exercise_id, v + 1).ok and not check(exercise_id, v - 0.5).ok


t, s1, s2 = sp.symbols("t s1 s2")


@pytest.mark.parametrize("assumptions", [{}, {"real": True}, {"positive": True}, {"nonnegative": True},
                                         {"integer": True}, {"real": True, "nonzero": True}])
def test_expressions_count_whatever_assumptions_the_learners_symbols_carry(assumptions):
    for exercise_id in EXPRESSIONS:
        sol = EXERCISES[exercise_id].solution()
        mine = sol.xreplace({x: sp.Symbol(x.name, **assumptions) for x in sol.free_symbols})
        assert check(exercise_id, mine).ok, (exercise_id, assumptions)


def test_paths_count_accepts_plain_symbols_and_hints_at_counting():
    n, D = sp.symbols("n D")
    assert check("paths.count", n ** (D - 1)).ok and check("paths.count", n**D / n).ok
    assert check("paths.count", "n^(D-1)").ok
    assert "base" in check("paths.count", D ** (n - 1)).message
    fallback = check("paths.count", n + D).message
    assert "count" in fallback and "differentiate" not in fallback


def test_softmax_entry_with_a_temperature_names_each_slip():
    tau = sp.Symbol("tau")  # the learner's own symbol, without the statement's assumption tau > 0
    for right in (-s1 * s2 / tau, "-s1*s2/tau", -(s1 / tau) * s2):
        assert check("softmax.entry", right).ok, right
    assert "1/tau" in check("softmax.entry", -s1 * s2).message          # the temperature forgotten
    assert "not tau" in check("softmax.entry", -s1 * s2 * tau).message  # multiplied instead of divided
    assert "sign" in check("softmax.entry", s1 * s2 / tau).message
    assert "diagonal" in check("softmax.entry", s1 * (1 - s1) / tau).message
    assert "diagonal" in check("softmax.entry", s1 * (1 - s1)).message


def test_tiny_decimals_are_never_absorbed():
    for answer in ("1 - t**2 + 1e-30", 1 - t**2 + 1e-30, "1 - t**2 + 1e-300", 1 - t**2 + sp.Float("1e-30", 50),
                   "(1 - t**2)*(1 + 1e-20)", (1 - t**2) * sp.Float("1.00000000000000000001", 30)):
        r = check("sigmoid.tanh_prime", answer)
        assert not r.ok and r.message.startswith("Not yet. Hint:"), answer
    assert "decimals" in check("sigmoid.tanh_prime", 1 - t**2 + 1e-30).message
    assert check("sigmoid.tanh_prime", "1.0 - t**2").ok and check("sigmoid.tanh_prime", "1 - 0.5*2*t**2").ok


def _in_place(wrong_at_zero: bool):
    def relu_prime(z):
        kink = z >= 0 if wrong_at_zero else z > 0
        z[kink], z[~kink] = 1.0, 0.0
        return z
    return relu_prime


def test_an_in_place_relu_prime_is_told_so():
    wrong = check("activations.relu_prime", _in_place(True)).message
    assert "in place" in wrong and "strict inequality" in wrong
    right_values = check("activations.relu_prime", _in_place(False))
    assert not right_values.ok and "in place" in right_values.message and "not right" not in right_values.message


def test_a_function_is_called_once_per_case_on_fresh_inputs():
    ex = EXERCISES["bp4.complete"]
    seen = []

    def answer(delta, a_prev):
        seen.append((delta.copy(), a_prev.copy()))
        result = np.outer(delta, a_prev)
        delta *= 0  # an answer that spoils its input must not spoil later checks
        return result

    cases, _, _ = ex._prepare()
    assert not ex.check(answer).ok and len(seen) == len(cases)
    assert ex.check(ex.solution()).ok
    for (delta, a_prev), (d0, a0) in zip(cases, seen, strict=True):
        assert np.array_equal(delta, d0) and np.array_equal(a_prev, a0)


@pytest.mark.parametrize("exercise_id", NUMBERS + EXPRESSIONS + sorted(
    k for k, ex in EXERCISES.items() if isinstance(ex, FunctionExercise)))
def test_every_fallback_hint_fits_its_question(exercise_id):
    """Each number and expression exercise has a fallback hint of its own; none tells a counting or a number
    question to differentiate; the fallback does not give the value away."""
    ex = EXERCISES[exercise_id]
    if not isinstance(ex, FunctionExercise):
        assert ex.generic != type(ex).generic, "a fallback hint written for this exercise"
    if isinstance(ex, NumberExercise) or ex.id == "paths.count":
        assert "differentiate" not in ex.generic
    if isinstance(ex, NumberExercise):
        assert f"{ex.solution():.3g}" not in ex.generic


def test_the_l2_step_asks_for_new_arrays_and_an_in_place_update_is_told_so():
    """bp4.l2's statement says to leave w and b unchanged, so a right update written in place gets the in-place
    hint alone (its values are right)."""
    def in_place(w, b, nabla_w, nabla_b, alpha, lam):
        w -= alpha * (nabla_w + lam * w)
        b -= alpha * nabla_b
        return np.column_stack((w, b))

    assert "leaving `w` and `b` unchanged" in EXERCISES["bp4.l2"].statement
    r = check("bp4.l2", in_place)
    assert not r.ok and "in place" in r.message and "not right either" not in r.message, r.message


def test_an_allowed_function_counts_in_its_usual_spellings_and_the_hint_lists_the_allowed_ones():
    """14 Ex 4 allows sigma(z), 15 Ex 4 Phi(z) and phi(z): σ, sigmoid, Φ and φ are the same functions there, as
    strings and as SymPy functions; a function the question does not allow gets a hint naming those it does."""
    z, a, y = sp.symbols("z a y")
    for right in ("(a - y)*σ(z)", "(a - y)*sigmoid(z)", (a - y) * sp.Function("σ")(z),
                  (a - y) * sp.Function("sigmoid")(z)):
        assert check("cross_entropy.softplus_output", right).ok, right
    for right in ("Φ(z) + z*φ(z)", "Φ(z) + z*ϕ(z)", sp.Function("Φ")(z) + z * sp.Function("φ")(z)):
        assert check("activations.gelu_prime", right).ok, right
    softplus = check("cross_entropy.softplus_output", "(softplus(z) - y)*sigmoid(z)").message
    assert "softplus(...)" in softplus and "use only z, y, a and sigma(...)" in softplus, softplus
    assert "use only z, Phi(...) and phi(...)" in check("activations.gelu_prime", "sigmoid(z)").message
    assert "wants written out" in check("sigmoid.tanh_prime", "2*sigma(2*t)").message  # sigma not allowed there


@pytest.mark.parametrize("answer", ["diff(z*Phi(z), z)", "Derivative(z*Phi(z), z)", "(z*Phi(z)).diff(z)",
                                    sp.Derivative(sp.Symbol("z") * sp.Function("Phi")(sp.Symbol("z")), "z"),
                                    sp.diff(sp.Symbol("z") * sp.Function("Phi")(sp.Symbol("z")), "z")])
def test_a_derivative_left_for_sympy_to_take_is_refused(answer):
    r = check("activations.gelu_prime", answer)
    assert not r.ok and "write the derivative out" in r.message, r.message


@pytest.mark.parametrize(("exercise_id", "answer", "fragment"), [
    ("digits.parameters", 2250, "output layer's neurons have biases too"),
    ("digits.parameters", 2230, "hidden layer's neurons have biases too"),
    ("activations.chain", 0.25**8, "one is missing"),
    ("activations.chain", 4.0**-10, "not once per layer"),
    ("training.decay_update", "(1 - alpha*lam)*w - alpha*g + dw", "scaled by gamma"),
])
def test_a_common_slip_gets_its_own_hint(exercise_id, answer, fragment):
    r = check(exercise_id, answer)
    assert not r.ok and fragment in r.message, r.message


def test_a_shape_hint_says_which_way_the_axes_are_off():
    from bpkit.course import exercises
    assert "an axis of length 1 is missing" in exercises.check("bp1.complete", lambda z, y: 1).message
    kept = exercises.check("matrices.gain_grad", lambda X, dY: (X * dY).sum(axis=0, keepdims=True)).message
    assert "extra axes of length 1: drop them" in kept
    with pytest.raises(ValueError, match="no exercise 'nope'"):
        exercises.statement("nope")


@pytest.mark.parametrize(("exercise_id", "answer"), [
    ("softmax.entry", "-s1*s2/τ"), ("softmax.entry", "-s₁*s₂/tau"), ("softmax.entry", "−s₁·s₂/τ"),
    ("sigmoid.tanh_prime", "1 - t²"), ("sigmoid.tanh_prime", "1 − t**2"), ("sigmoid.tanh_prime", "1 – t²"),
    ("sigmoid.tanh_prime", "(1 − t)×(1 + t)"), ("activations.gelu_prime", "Phi(z) + z*exp(-z**2/2)/sqrt(2*π)"),
    ("activations.gelu_prime", "Φ(z) + z·φ(z)"), ("training.decay_update", "w - α*(g + λ*w) + γ*dw"),
    ("training.decay_update", "(1 − α·λ)·w − α·g + γ·dw"), ("cross_entropy.weighted", "-β*y*(1 − a) + (1 − y)*a"),
    ("cross_entropy.softplus_output", "(a − y)·σ(z)")])
def test_unicode_copied_from_a_rendered_statement_is_read_as_meant(exercise_id, answer):
    """− and – are minus, · and × times, t² a power, s₁ the name s1, π pi, and a Greek letter the question's name
    for it (τ tau, λ lam, β beta, σ sigma): the statement shows them so, and a learner copies them."""
    r = check(exercise_id, answer)
    assert r.ok, (answer, r.message)


@pytest.mark.parametrize(("exercise_id", "answer", "fragment"), [
    ("softmax.entry", "s₁*s₂/τ", "check the sign"), ("softmax.entry", "−s₁·s₂·τ", "not tau"),
    ("softmax.entry", "−s₁·s₂", "1/tau"), ("sigmoid.tanh_prime", "1 + t²", "sign in front of t^2"),
    ("activations.gelu_prime", "Φ(z) − z*e**(-z²/2)/sqrt(2*π)", "check the sign"),
    ("training.decay_update", "w - α*(g + λ*w) + dw", "scaled by gamma"),
    ("training.decay_update", "w − α·(g + λ·w/2) + γ·dw", "the 2 of the square"),
    ("cross_entropy.weighted", "β*y*(1 − a) − (1 − y)*a", "check the sign"),
    ("cross_entropy.weighted", "a − y", "beta weights only"),
    ("cross_entropy.softplus_output", "(a-y)/(1+e**z)", "inner derivative"),
    ("cross_entropy.softplus_output", "(a − y)·σ(z)·(1 − σ(z))", "sigmoid's own slope"),
    ("softmax.entry", "-s1*s2/μ", "uses μ, which the question does not"),  # a letter the question has no name for
    ("sigmoid.tanh_prime", "1 - 2τ", "write products with *")])
def test_a_wrong_answer_in_unicode_gets_its_step_hint(exercise_id, answer, fragment):
    r = check(exercise_id, answer)
    assert not r.ok and fragment in r.message, (answer, r.message)


@pytest.mark.parametrize(("exercise_id", "answer"), [
    ("cross_entropy.softplus_output", "(a-y)*e**z/(1+e**z)"), ("cross_entropy.softplus_output", "(a-y)*e^z/(1+e^z)"),
    ("activations.gelu_prime", "Phi(z) + z*e**(-z**2/2)/sqrt(2*pi)"),
    ("activations.gelu_prime", "(1 + erf(z/sqrt(2)))/2 + z*e^(-z^2/2)/sqrt(2*pi)")])
def test_e_is_eulers_number(exercise_id, answer):
    r = check(exercise_id, answer)
    assert r.ok, (answer, r.message)


@pytest.mark.parametrize("answer", [
    "(z + log(1+exp(-z)) - y)/(1+exp(-z))", "(log(1+exp(-z)) + z - y)*exp(z)/(1+exp(z))",  # the stable softplus
    "(a-y)*(1+tanh(z/2))/2", "(log(1+exp(z))-y)*(tanh(z/2)+1)/2",  # sigma(z) = (1 + tanh(z/2))/2
    "(log(2*cosh(z/2)) + z/2 - y)*sigma(z)"])  # no simplification reaches 0: 0 to 30 digits at 12 points
def test_a_right_answer_sympy_cannot_simplify_at_once_is_accepted(answer):
    r = check("cross_entropy.softplus_output", answer)
    assert r.ok and r.message.startswith("Right."), (answer, r.message)


def test_a_difference_zero_only_at_some_points_or_tiny_is_refused():
    """The numeric acceptance looks at points in (-4, 4) to 30 digits: a branch it would miss (Abs, Max, ...) is
    never judged by numbers, and a tiny term stands out."""
    for answer in ("1 - t**2 + atan(tan(t)) - t", "1 - t**2 + atan(t) + atan(1/t) - pi/2", "1 - t**2 + sqrt(t**2) - t",
                   "1 - t**2 + Abs(t) - t", "1 - t**2 + Max(t, 0) - t", "1 - t**2 + 1e-300*t",
                   "(1 - t**2)*(1 + exp(-1000))", "1 - t**2 + LambertW(t*exp(t)) - t"):
        r = check("sigmoid.tanh_prime", answer)
        assert not r.ok and r.message.startswith("Not yet. Hint:"), (answer, r.message)
    for exercise_id in EXPRESSIONS:
        ex = EXERCISES[exercise_id]
        sol = ex.solution()
        x = sorted(sol.free_symbols, key=str)[0]
        for wrong in (sol + x / 10**20, sol + x / 10**300, sol * (1 + sp.exp(-1000)), sol + sp.atan(sp.tan(x)) - x):
            assert not ex.check(wrong).ok, (exercise_id, wrong)


def test_latex_braces_in_an_exponent_are_read_as_brackets():
    from bpkit.course import exercises
    assert exercises.check("paths.count", "n^{D-1}").ok and exercises.check("paths.count", "n^{(D-1)}").ok
