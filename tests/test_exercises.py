"""Every exercise: the reference solution passes, typical wrong answers fail with a hint that does not give the
value away, an unanswered exercise says so without failing, and malformed answers never crash the checker."""

import numpy as np
import pytest
import sympy as sp

import bpkit
from bpkit.course.exercises import (
    EXERCISES,
    ChoiceExercise,
    ExpressionExercise,
    FunctionExercise,
    NumberExercise,
    check,
)

IDS = sorted(EXERCISES)


def _automatic_wrong_answers(ex):
    """Wrong answers every exercise of a kind must refuse: its planted mistakes, a perturbed value, a wrong type."""
    if isinstance(ex, NumberExercise):
        return [v() for v in ex.mistakes.values()] + [ex.solution() * 1.1 + 1e-3, None, "0.5"]
    if isinstance(ex, ExpressionExercise):
        return [m() for m in ex.mistakes.values()] + [ex.solution() + 1, None]
    if isinstance(ex, FunctionExercise):
        return list(ex.mistakes.values()) + [lambda *args: np.zeros((1, 1, 1)), None]
    if isinstance(ex, ChoiceExercise):
        return [k for k in ex.options if k != ex.correct] + ["z", None]
    raise AssertionError(f"unknown exercise kind {type(ex).__name__}")


@pytest.mark.parametrize("exercise_id", IDS)
def test_reference_solution_passes_and_says_why(exercise_id):
    ex = EXERCISES[exercise_id]
    r = ex.check(ex.solution())
    assert r.ok and r.message.startswith("Right.") and len(r.message) > len("Right. ") + 10


@pytest.mark.parametrize("exercise_id", IDS)
def test_unanswered_says_so_without_failing(exercise_id):
    r = check(exercise_id, ...)
    assert not r.ok and not r.answered and "Not answered yet" in r.message


@pytest.mark.parametrize("exercise_id", IDS)
def test_wrong_answers_fail_with_a_hint_that_does_not_give_the_value_away(exercise_id):
    ex = EXERCISES[exercise_id]
    for answer in _automatic_wrong_answers(ex):
        r = ex.check(answer)
        assert not r.ok and r.answered and ("Hint:" in r.message or "could not be checked" in r.message), answer
        if isinstance(ex, NumberExercise):
            assert f"{ex.solution():.3g}" not in r.message
    for answer, fragment in ex.wrong:
        r = ex.check(answer)
        assert not r.ok and fragment in r.message, (answer, r.message)


@pytest.mark.parametrize("exercise_id", IDS)
def test_exercise_has_a_statement_a_kind_and_a_notebook(exercise_id):
    ex = EXERCISES[exercise_id]
    assert ex.kind in {"predict", "derive", "find-the-bug", "complete", "explain"}
    assert ex.statement and ex.notebook and ex.id.split(".")[0]


def test_the_kinds_work_on_small_examples():
    x = sp.Symbol("x")
    num = NumberExercise("t.n", "nb", "predict", "2 + 2?", "it is four.", value=lambda: 4.0,
                         mistakes={"check the sign.": lambda: -4.0})
    assert num.check(4.0004).ok and "check the sign" in num.check(-4.0).message and not num.check(5.0).ok
    expr = ExpressionExercise("t.e", "nb", "derive", "d/dx x^2", "power rule.", expected=lambda: 2 * x,
                              names=lambda: {"x": x}, mistakes={"the exponent comes down.": lambda: x})
    assert expr.check("2*x").ok and expr.check(x + x).ok and "exponent" in expr.check("x").message
    fun = FunctionExercise("t.f", "nb", "complete", "transpose", "rows become columns.",
                           reference=lambda a: a.T, trials=lambda rng: [(rng.random((2, 3)),)],
                           mistakes={"swap rows and columns.": lambda a: a})
    assert fun.check(lambda a: np.transpose(a)).ok
    assert "swap rows" in fun.check(lambda a: a).message  # a planted mistake of another shape: its own hint
    assert "shape (2, 4)" in fun.check(lambda a: np.hstack([a, a[:, :1]])).message  # any other shape: the shapes
    choice = ChoiceExercise("t.c", "nb", "explain", "pick", "because.", options={"a": "yes", "b": "no"},
                            correct="a", hints={"b": "look again."})
    assert choice.check(" A ").ok and "look again" in choice.check("b").message
    assert "raised ZeroDivisionError" in fun.check(lambda a: 1 / 0).message


def test_expressions_written_with_erfc_are_compared_as_with_erf():
    """simplify leaves erfc(-x) - 1 - erf(x) alone; the checker rewrites to erf first, so an erfc answer is judged
    like its erf form: right when right, and a planted mistake gets its own hint, not the generic one."""
    gelu = EXERCISES["activations.gelu_prime"]
    assert gelu.check("erfc(-z/sqrt(2))/2 + z*phi(z)").ok and gelu.check("1 - erfc(z/sqrt(2))/2 + z*phi(z)").ok
    assert "first only" in gelu.check("erfc(-z/sqrt(2))/2").message
    assert "check the sign" in gelu.check("erfc(-z/sqrt(2))/2 - z*phi(z)").message
    assert not gelu.check("erfc(-z/sqrt(2))/2 + z*phi(z) + 1").ok


def bp4(delta, a_prev):  # a learner's own helper, named like bpkit's
    return np.outer(delta, a_prev)


def test_a_forbidden_call_is_found_however_it_is_reached_and_only_then():
    """bpkit.bp4 (a checked wrapper of network.bp4) is refused as an attribute, a name imported from bpkit, a
    closure or itself; a learner's own bp4 next to bpkit.sigmoid is not."""
    from bpkit import bp4 as imported
    from bpkit.course.exercises.function import calls
    from bpkit.network import bp4 as plain

    def closure():
        return lambda d, a: imported(d, a)

    for answer in (bpkit.bp4, plain, lambda d, a: bpkit.bp4(d, a), lambda d, a: imported(d, a), closure()):
        assert calls(answer, bpkit.bp4) and calls(answer, plain)
    assert not calls(lambda d, a: bp4(d, a) * bpkit.sigmoid(0.0) * 2, bpkit.bp4)
    assert calls(lambda z: bpkit.ACTIVATIONS["relu"].prime(z), bpkit.activations.Activation.prime)
    assert not calls(lambda z: np.where(z > 0, 1.0, 0.0), bpkit.activations.Activation.prime)


def test_a_forbidden_call_inside_an_import_a_module_or_a_helper_is_found():
    import bpkit.network as net_module

    def local_import(d, a):
        from bpkit import bp4 as theirs
        return theirs(d, a)

    def local_module(d, a):
        import bpkit as b
        return b.bp4(d, a)

    def helper(d, a):
        return bpkit.bp4(d, a)

    from bpkit.course.exercises.function import calls
    for answer in (local_import, local_module, lambda d, a: net_module.bp4(d, a), lambda d, a: helper(d, a)):
        assert calls(answer, bpkit.bp4)


def test_sympy_answers_may_use_the_functions_and_matrices_the_question_names():
    z, a, y = sp.symbols("z a y")
    phi_cap, phi = sp.Function("Phi"), sp.Function("phi")
    assert EXERCISES["activations.gelu_prime"].check(phi_cap(z) + z * phi(z)).ok
    assert EXERCISES["cross_entropy.softplus_output"].check((a - y) * sp.Function("sigma")(z)).ok
    value = EXERCISES["bp2.delta3"].solution()
    assert EXERCISES["bp2.delta3"].check(sp.Matrix([[value]])).ok  # a 1 x 1 Matrix is its entry


def test_a_learners_own_class_with_a_backprop_method_is_not_bpkits():
    from bpkit.course.exercises.function import calls

    class Net:
        def backprop(self, x, y):
            return x

    assert not calls(lambda x, y: Net().backprop(x, y) * bpkit.sigmoid(0.0), bpkit.Network.backprop)
    assert calls(lambda w, b, x, y: bpkit.Network(w, b).backprop(x, y), bpkit.Network.backprop)
    assert "np.where" in EXERCISES["activations.relu_prime"].check(lambda z: 1.0 if z > 0 else 0.0).message
