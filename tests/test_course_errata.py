"""bpkit.course.errata: the verdict table shared by the notebook and the command, its summary, and compare."""

from decimal import Decimal

import pytest

from bpkit.course import errata as er
from bpkit.course.examples import SECTIONS, worked_example

EX = worked_example()
ROWS = er.errata(EX)


def _table_rows(text):
    """The data rows of a verdict table, by quantity (lines with the five columns)."""
    return {line.split()[0]: line.split() for line in text.splitlines()
            if line.split() and line.split()[0] in EX.printed_flat}


def test_the_verdict_table_has_one_titled_block_per_section_in_order():
    text = er.verdict_table(EX, ROWS)
    blocks = text.split("\n\n")
    assert [b.splitlines()[0] for b in blocks] == [er.TITLES[s] for s in SECTIONS]
    for block, section in zip(blocks, SECTIONS, strict=True):
        headers = er.DELTA_HEADERS if section == "deltas" else er.HEADERS
        assert block.splitlines()[1].split() == " ".join(headers).split()
        assert list(_table_rows(block)) == list(EX.printed[section])


def test_each_row_shows_the_printed_number_the_exact_value_and_the_verdict():
    table = _table_rows(er.verdict_table(EX, ROWS))
    for r in ROWS:
        quantity, article, exact, precision, verdict = table[r.quantity]
        assert Decimal(article) == EX.printed_flat[r.quantity] and verdict == r.verdict  # as printed, its sign
        sign = -1 if EX.section_of(r.quantity) == "deltas" else 1  # deltas in Nielsen's sign, dC/dz
        assert float(exact) == pytest.approx(sign * r.exact, abs=5e-9)
        unit = Decimal(10) ** -(er.places(r.article) + 2)
        assert precision.endswith("*") == bool(r.corrected)  # '*': computed from a corrected earlier error
        precision = precision.rstrip("*")
        assert abs(Decimal(precision) - sign * r.article_precision) <= unit / 2
        assert len(precision.split(".")[1]) == er.places(r.article) + 2  # two more decimals than printed


def test_a_number_computed_from_an_earlier_error_uses_it_corrected_and_the_table_says_so():
    """dw23's article-precision uses delta3 = +0.0087, not the printed -0.0087, so the print that carries the
    slip is an error; each block with such values ends in one footnote naming the corrected inputs."""
    by = {r.quantity: r for r in ROWS}
    assert {q: r.corrected for q, r in by.items() if r.corrected} == {
        "dw23": ("delta3",), "dw13": ("delta3",), "w23_new": ("dw23",), "w13_new": ("dw13",)}
    facts = er.facts(EX)
    assert by["dw23"].article_precision == facts["alpha"] * -EX.printed_flat["delta3"] * facts["O2"]  # corrected
    assert er.at_printed(EX, "dw23", facts["alpha"] * EX.printed_flat["delta3"] * facts["O2"]) == \
        EX.printed_flat["dw23"]                                              # the print: the article's own sign
    blocks = er.verdict_table(EX, ROWS).split("\n\n")
    assert ["*" in b for b in blocks] == [False, False, True, True]            # forward, deltas: nothing corrected
    notes = [b.splitlines()[-1] for b in blocks]
    assert notes[2] == "* article-precision from the corrected delta3^art = 0.0087 (printed -0.0087)"
    assert notes[3] == ("* article-precision from the corrected dw23 = 0.00183, dw13 = 0.00157 "
                        "(printed -0.00183, -0.00157)")


def test_deltas_are_in_nielsens_sign_and_the_articles_column_is_labelled_with_its_own():
    block = er.verdict_table(EX, ROWS, "deltas")
    assert "Nielsen's sign" in block.splitlines()[0] and "article (-delta)" in block.splitlines()[1]
    grads = EX.network().backprop(EX.x, EX.y)
    for name, row in _table_rows(block).items():
        layer, j = EX.neuron_position(int(name[5:]))
        assert float(row[2]) == pytest.approx(grads.deltas[layer - 1][j], abs=5e-9)  # Nielsen's delta^l_j
    assert er.nielsen("delta3", 0.5) == -0.5 and er.nielsen("dw13", 0.5) == 0.5


def test_a_choice_of_sections():
    assert er.verdict_table(EX, ROWS, ["deltas"]) == er.verdict_table(EX, ROWS, "deltas")
    assert list(_table_rows(er.verdict_table(EX, ROWS, ("deltas", "forward")))) == \
        list(EX.printed["deltas"]) + list(EX.printed["forward"])


def test_the_verdict_table_refuses_what_it_cannot_show():
    with pytest.raises(ValueError, match=r"unknown sections \['backward'\]"):
        er.verdict_table(EX, ROWS, ["forward", "backward"])
    with pytest.raises(ValueError, match=r"rows has no verdict for \['I3'\]"):
        er.verdict_table(EX, ROWS[1:], ["forward"])


def test_the_summary_counts_and_explains_every_difference():
    lines = er.verdict_summary(ROWS).splitlines()
    counts = er.verdict_counts(ROWS)
    assert lines[0] == f"counts: match {counts['match']}, rounding {counts['rounding']}, error {counts['error']}"
    assert sum(counts.values()) == len(EX.printed_flat)
    why = [line.split() for line in lines[3:] if not line.startswith(" " * 20)]  # a long reason continues indented
    assert [w[0] for w in why] == [r.quantity for r in ROWS if r.verdict != "match"]
    assert max(map(len, lines)) <= 100
    assert all(w[1] in ("rounding", "error") for w in why)


def test_the_command_text_is_the_headline_the_table_and_with_errata_the_summary():
    plain, full = er.worked_example_text(EX), er.worked_example_text(EX, show_errata=True)
    table = er.verdict_table(EX, ROWS)
    assert plain.startswith(f"8-neuron worked example ({EX.path.name}): ") and table in plain
    assert full.endswith(er.verdict_summary(ROWS)) and table in full
    assert "--errata" in plain.splitlines()[-1] and "counts:" not in plain


def test_the_hand_rounding_helpers():
    assert er.places(Decimal("0.0863")) == 4 and er.places(Decimal("12")) == 0
    assert er.round_half_up(Decimal("0.33975"), 4) == Decimal("0.3398")  # half up, not half even
    assert er.truncate(Decimal("2.2888"), 3) == Decimal("2.288")
    assert er.at_printed(EX, "delta3", Decimal("0.0086501")) == Decimal("0.0087")
    assert er.fprime(Decimal("0.5")) == Decimal("0.25")
    assert er.facts(EX)["alpha"] == Decimal(repr(EX.alpha))


def test_explained_by_finds_the_roundings_a_printed_number_causes():
    """Carrying exact values instead of printed ones removes exactly the roundings they cause, and nothing else."""
    assert er.explained_by(EX, ROWS, []) == []
    assert er.explained_by(EX, ROWS, ["O3", "O4", "O5"]) == ["I6", "I7"]
    assert er.explained_by(EX, ROWS, ["dw37"]) == ["w37_new"]
    raw, carried = er.article_arithmetic(EX, ["O6"])
    assert carried["O6"] == Decimal(repr(ROWS[[r.quantity for r in ROWS].index("O6")].exact))
    base, _ = er.article_arithmetic(EX)
    assert raw["I6"] == base["I6"] and raw["O6"] == base["O6"] and raw["I8"] != base["I8"]   # only what follows O6


def test_the_rounding_helpers_need_no_context_precision():
    long = Decimal("999999." + "9" * 30)                       # 36 digits: more than the default context's 28
    assert er.round_half_up(long, 30) == long and er.truncate(long, 29) == Decimal("999999." + "9" * 29)
    assert er.round_half_up(Decimal("0." + "0" * 29 + "15"), 30) == Decimal("0." + "0" * 29 + "2")   # half up
