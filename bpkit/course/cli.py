"""The terminal commands ``python -m bpkit worked-example [--errata] [--data FILE]`` and ``... solutions`` (also
``bpkit ...``: the install adds that command).

The command sits on top of the course layer (nothing in ``bpkit.course`` imports it). Bad input ends the same way
every time: exit status 2 and exactly one line ``error: ...`` on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import inspect
import os
import sys
from typing import NoReturn

from .errata import worked_example_text
from .examples import WORKED_EXAMPLE_FILE, load_worked_example


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage mistake raises ValueError, so it is reported like any other bad input."""

    def error(self, message: str) -> NoReturn:
        raise ValueError(f"{message} (see {self.prog} --help)")


def one_line(exc: BaseException) -> str:
    """The exception's message on one line (line breaks in it, e.g. from a file name, become spaces)."""
    return " ".join(str(exc).splitlines()) or type(exc).__name__


def solutions(ids: list[str]) -> str:
    """Statement and reference solution of each exercise (all of them when ``ids`` is empty)."""
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


def parser() -> argparse.ArgumentParser:
    """The command line: two subcommands."""
    named = os.path.basename(sys.argv[0]) == "bpkit"  # the `bpkit` command the install adds, else python -m bpkit
    p = _Parser(prog="bpkit" if named else "python -m bpkit", description="The bpkit course in a terminal.")
    sub = p.add_subparsers(dest="command", required=True)
    we = sub.add_parser("worked-example", help="the verdict on every number of the 8-neuron worked example")
    we.add_argument("--errata", action="store_true",
                    help="add the verdict counts and the reason for each difference")
    we.add_argument("--data", default=str(WORKED_EXAMPLE_FILE), help="worked-example JSON file")
    sol = sub.add_parser("solutions", help="every exercise with its reference solution (for lecturers)")
    sol.add_argument("ids", nargs="*", help="exercise ids (default: all)")
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the command; 0 with the text on stdout, or 2 with one ``error:`` line on stderr."""
    try:
        args = parser().parse_args(argv)
        if args.command == "solutions":
            text = solutions(args.ids)
        else:
            text = worked_example_text(load_worked_example(args.data), show_errata=args.errata)
    except (ValueError, TypeError, OSError) as exc:
        print(f"error: {one_line(exc)}", file=sys.stderr)
        return 2
    try:
        print(text, flush=True)
    except BrokenPipeError:  # e.g. piped into `head`: stop quietly (Python's recipe for SIGPIPE)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
