"""The slide and book builders' text rules, without a browser (the browser checks are tests/test_web*.py)."""

from __future__ import annotations

import nbformat

from tools.book import book_copy
from tools.site import ALIGNED_COMMENT, MAX_CODE_LINES, code_pieces, has_printed_table

TRAIN = '''def train(net, x, y, alpha, epochs):
    """Gradient descent."""
    n = x.shape[1]
    opt = Momentum(alpha)
    history = []
    for _ in range(epochs):
        for start in range(0, n, 2):
            grads = net.backprop(x, y)
            net = opt.step(net, grads)
        history.append(net)
    history.append(None)
    return history


twice = [train(net, x, y, 0.3, 2) for _ in range(2)]
assert twice[0] == twice[1]'''


def test_long_code_is_cut_for_slides_at_statements_of_the_body_into_even_pieces():
    pieces = code_pieces(TRAIN)
    assert all(len(p.splitlines()) <= MAX_CODE_LINES for p in pieces), pieces
    assert "\n".join(p for p in pieces).replace("\n\n", "\n") == TRAIN.replace("\n\n\n", "\n")  # nothing lost
    first_lines = [p.splitlines()[0] for p in pieces]
    assert all(not line.startswith(" " * 8) for line in first_lines), "never cut inside the loop's body"
    assert len(pieces) == 3 and "for _ in range(epochs):" in pieces[1] and "net = opt.step" in pieces[1]


def test_short_code_and_a_single_block_stay_whole():
    assert code_pieces("x = 1\n\n\ny = 2") == ["x = 1\n\ny = 2"]
    nine = "\n".join(f"y{i} = {i}" for i in range(9))  # one block of nine statements: two even pieces
    assert sorted(len(p.splitlines()) for p in code_pieces(nine)) == [4, 5]


def test_aligned_comments_lose_their_padding_on_slides_but_strings_keep_theirs():
    src = 'x = 1                 # one\ns = "a     # not a comment"\n    z = 2  # two'
    assert ALIGNED_COMMENT.sub("  #", src) == 'x = 1  # one\ns = "a     # not a comment"\n    z = 2  # two'


def test_the_book_breaks_long_formulas_and_keeps_printed_tables_aligned():
    long = ", \\quad ".join(f"a_{i} = b_{i} + c_{i} + d_{i}" for i in range(8))
    table = nbformat.v4.new_output("stream", name="stdout", text="name  value\n----  -----\nw     0.5\n")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(f"$${long}$$"),
                                         nbformat.v4.new_code_cell("print(t)", outputs=[table])])
    copy = book_copy(nb, {})
    assert "\\begin{gathered}" in copy.cells[0].source and "\\begin{gathered}" not in nb.cells[0].source
    assert "printed-table" in copy.cells[1].metadata["tags"]


def test_a_printed_table_is_a_header_over_dashes_also_with_a_one_letter_column():
    assert has_printed_table("j  I_j\n-  ----\n3  0.1\n")  # notebook 01's table: its first rule is one dash
    assert has_printed_table("text first\nname  value\n----  -----\nw     0.5")
    assert not has_printed_table("a - b\nc -- d\n")
    assert not has_printed_table("\n----\nno header above the rule\n")
