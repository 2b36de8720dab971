"""The worked-example loader refuses what is not a regular file before reading it, and what JSON or
``Decimal`` would silently read as other numbers: "0_0863" as 863, duplicate keys (the last wins),
NaN tokens, keys with a newline. Each case: ValueError/TypeError naming the file and the key (or
the path), checked by type and message; the terminal command ends such cases with exit 2 and one
``error:`` line.
"""

import errno
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time

import pytest

from bpkit.course import cli
from bpkit.course.examples import MAX_BYTES, WORKED_EXAMPLE_FILE, load_worked_example

TEXT = WORKED_EXAMPLE_FILE.read_text(encoding="utf-8")


def _write(tmp_path, raw: bytes, name="example.json"):
    path = tmp_path / name
    path.write_bytes(raw)
    return path


def _fifo(tmp_path):
    path = tmp_path / "pipe.json"
    os.mkfifo(path)
    return path


def _socket(tmp_path):
    path = tmp_path / "s.json"
    s = socket.socket(socket.AF_UNIX)
    s.bind(str(path))
    s.close()
    return path


def _symlink(tmp_path, target, name="link.json"):
    path = tmp_path / name
    path.symlink_to(target)
    return path


def _oversized(tmp_path):
    path = tmp_path / "big.json"
    with path.open("wb") as f:
        f.truncate(MAX_BYTES + 1)  # sparse: nothing is written
    return path


NOT_REGULAR = "not a regular file (expected the worked example's JSON file)"
NOT_REGULAR_RE = re.escape(NOT_REGULAR)
#: (id, make the path from tmp_path, exception, message)
PATHS = [
    ("FIFO", _fifo, ValueError, rf"pipe.json: is a FIFO \(named pipe\), {NOT_REGULAR_RE}"),
    ("symlink to a FIFO", lambda t: _symlink(t, _fifo(t)), ValueError, r"link.json: is a FIFO \(named pipe\)"),
    ("socket", _socket, ValueError, rf"s.json: is a socket, {NOT_REGULAR_RE}"),
    ("/dev/null", lambda t: "/dev/null", ValueError, rf"^/dev/null: is a character device, {NOT_REGULAR_RE}"),
    ("/dev/zero", lambda t: "/dev/zero", ValueError, r"^/dev/zero: is a character device"),
    ("directory", lambda t: t, ValueError, rf": is a directory, {NOT_REGULAR_RE}"),
    ("symlink to a directory", lambda t: _symlink(t, t / "."), ValueError, r"link.json: is a directory"),
    ("symlink loop", lambda t: _symlink(t, t / "link.json"), ValueError,
     r"link.json: cannot be read: Too many levels of symbolic links"),
    ("dangling symlink", lambda t: _symlink(t, t / "nowhere.json"), ValueError, r"link.json: file not found"),
    ("through a file", lambda t: _write(t, TEXT.encode()) / "x.json", ValueError,
     r"example.json/x.json: cannot be read: Not a directory"),
    ("name too long", lambda t: t / ("a" * 300), ValueError, "cannot be read: File name too long"),
    ("NUL in the path", lambda t: str(t / "a\0b.json"), ValueError, r"^path must not contain a NUL character, got '"),
    ("newline in the path", lambda t: str(t / "a\nb.json"), ValueError, r"^'/.*/a\\nb.json': file not found"),
    ("over the size limit", _oversized, ValueError, r"big.json: larger than 1048576 bytes"),
    ("bytes path", lambda t: b"example.json", TypeError, "^path must be a str or a pathlib.Path, got bytes"),
    ("int path", lambda t: 3, TypeError, "^path must be a str or a pathlib.Path, got int"),
    ("open file", lambda t: WORKED_EXAMPLE_FILE.open(), TypeError, "got TextIOWrapper"),
]


@pytest.mark.parametrize("make, kind, match", [p[1:] for p in PATHS], ids=[p[0] for p in PATHS])
def test_what_is_not_a_regular_file_is_refused_before_it_is_read(tmp_path, make, kind, match):
    path = make(tmp_path)
    try:
        with pytest.raises(kind, match=match) as info:
            load_worked_example(path)
    finally:
        if hasattr(path, "close"):
            path.close()
    assert "\n" not in str(info.value)


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    """Even if the check were missing, this test would fail rather than hang: a writer keeps trying."""
    fifo, stop = _fifo(tmp_path), threading.Event()

    def writer():
        while not stop.is_set():
            try:
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))  # lets a blocked reader through
            except OSError as exc:
                assert exc.errno == errno.ENXIO  # no reader yet
            time.sleep(0.05)

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    start = time.monotonic()
    try:
        with pytest.raises(ValueError, match="is a FIFO"):
            load_worked_example(fifo)
    finally:
        stop.set()
        thread.join()
    assert time.monotonic() - start < 5


def _replace(old, new, count=1):
    assert old in TEXT, old
    return lambda: TEXT.replace(old, new, count).encode("utf-8")


def _edit(change):
    def raw():
        data = json.loads(TEXT)
        change(data)
        return json.dumps(data, ensure_ascii=False).encode("utf-8")
    return raw


def _printed(text):
    return _replace('"delta8": "0.0863"', f'"delta8": {json.dumps(text)}')


NUMERAL = r"key 'printed.deltas.delta8': expected a plain decimal numeral such as \"-0.0863\""
NON_PRINTING = "has a control or other non-printing character; expected a name"
#: (id, make the file's bytes, message)
CONTENTS = [
    # printed numbers that Decimal would read
    ("underscore", _printed("0_0863"), rf"{NUMERAL} .*got '0_0863'"),
    ("leading space", _printed(" 0.0863"), rf"{NUMERAL} .*got ' 0.0863'"),
    ("trailing space", _printed("0.0863 "), NUMERAL),
    ("trailing newline", _printed("0.0863\n"), rf"{NUMERAL} .*got '0.0863\\n'"),
    ("plus sign", _printed("+0.0863"), NUMERAL),
    ("exponent", _printed("8.63e-2"), NUMERAL),
    ("capital exponent", _printed("8.63E-2"), NUMERAL),
    ("no leading digit", _printed(".0863"), NUMERAL),
    ("no digits after the point", _printed("0."), NUMERAL),
    ("leading zeros", _printed("00.0863"), NUMERAL),
    ("Arabic-Indic digits", _printed("٠.٠٨٦٣"), NUMERAL),
    ("fullwidth digits", _printed("０.０８６３"), NUMERAL),
    ("Unicode minus", _printed("−0.0863"), NUMERAL),
    ("Infinity", _printed("Infinity"), NUMERAL),
    ("-Infinity", _printed("-Infinity"), NUMERAL),
    ("sNaN", _printed("sNaN"), NUMERAL),
    ("hexadecimal", _printed("0x1p-3"), NUMERAL),
    ("empty", _printed(""), rf"{NUMERAL} .*got ''"),
    ("minus alone", _printed("-"), NUMERAL),
    ("beyond the limit", _printed("9999999"), rf"{NUMERAL} .*between -1e\+06 and 1e\+06\), got '9999999'"),
    ("31 decimals", _printed("0." + "1" * 31), rf"{NUMERAL} \(ASCII digits, at most 30 decimals"),
    ("a JSON number", _replace('"delta8": "0.0863"', '"delta8": 0.0863'), "expected the printed number as a string"),
    ("a bool", _replace('"delta8": "0.0863"', '"delta8": true'), r"as a string .*got True"),
    ("null", _replace('"delta8": "0.0863"', '"delta8": null'), r"as a string .*got None"),
    # keys that JSON accepts but a reader cannot see or that would be read twice
    ("newline in a printed key", _replace('"I3"', '"I3\\n"'), rf"key 'I3\\n': {NON_PRINTING}"),
    ("tab in a key", _replace('"w13"', '"w13\\t"'), rf"key 'w13\\t': {NON_PRINTING}"),
    ("NUL in a key", _replace('"delta8"', '"delta8\\u0000"'), rf"key 'delta8\\x00': {NON_PRINTING}"),
    ("zero-width space in a key", _replace('"O8"', '"O\\u200b8"'), rf"key 'O\\u200b8': {NON_PRINTING}"),
    ("no-break space in a key", _replace('"dw78"', '"dw78\\u00a0"'), rf"key 'dw78\\xa0': {NON_PRINTING}"),
    ("lone surrogate in a key", _replace('"w57_new"', '"w57_new\\udcff"'), rf"key 'w57_new\\udcff': {NON_PRINTING}"),
    ("control character in a top-level key", _replace('"momentum"', '"momentum\\u001b"'), NON_PRINTING),
    ("duplicate weight", _replace('"w13": -1.0,', '"w13": -1.0, "w13": 5.0,'),
     "key 'w13': appears twice in one object; expected each name once"),
    ("duplicate printed number", _replace('"delta8": "0.0863",', '"delta8": "0.0863", "delta8": "0.9",'),
     "key 'delta8': appears twice"),
    ("duplicate top-level key", _replace('"momentum": 0.1,', '"momentum": 0.1, "momentum": 0.9,'),
     "key 'momentum': appears twice"),
    ("Arabic-Indic digit in a name", _replace('"I3"', '"I٣"'),
     r"key 'printed.forward.I٣': not a forward name \(expected like \[IO\]\(\[0-9\]\)\)"),
    ("trailing space in a name", _replace('"delta7"', '"delta7 "'), r"key 'printed.deltas.delta7 ': not a deltas"),
    ("unknown top-level key", _replace('"biases": false', '"biases": false, "biasses": true'),
     r"key 'biasses': unexpected; expected only \['layers'"),
    ("unknown printed section", _replace('"forward": {', '"extra": {}, "forward": {'),
     "key 'printed.extra': expected an object with only the sections forward, deltas"),
    ("title a number", _edit(lambda d: d.update(title=8)), "key 'title': expected text, got int"),
    ("source a list", _edit(lambda d: d.update(source=["a"])), "key 'source': expected text, got list"),
    ("printed section null", _edit(lambda d: d["printed"].update(deltas=None)),
     "key 'printed.deltas': expected a non-empty object of printed numbers"),
    # numbers that JSON reads as something else
    ("NaN token", _replace('"w13": -1.0', '"w13": NaN'), r"not valid JSON: NaN is not a JSON number"),
    ("Infinity token", _replace('"w13": -1.0', '"w13": Infinity'), "not valid JSON: Infinity is not a JSON number"),
    ("-Infinity token", _replace('"w13": -1.0', '"w13": -Infinity'), "-Infinity is not a JSON number"),
    ("underflow to 0", _replace('"w13": -1.0', '"w13": -1e-400'),
     "the number -1e-400 is too small for float64: it would be read as 0"),
    ("overflow to inf", _replace('"w13": -1.0', '"w13": -1e400'),
     r"key 'weights.w13': expected a finite number between -1e\+06 and 1e\+06, got -inf"),
    ("weight as a bool", _replace('"w13": -1.0', '"w13": false'), r"key 'weights.w13'.*got False"),
    ("weight null", _replace('"w13": -1.0', '"w13": null'), r"key 'weights.w13'.*got None"),
    ("momentum as text", _replace('"momentum": 0.1', '"momentum": "0.1"'), r"key 'momentum'.*got '0.1'"),
    ("input a list", _replace('"input": {"I1": 0.6, "I2": 0.7}', '"input": [0.6, 0.7]'),
     "key 'input': expected an object of named numbers"),
    ("printed section a list", _edit(lambda d: d["printed"].update(deltas=list(d["printed"]["deltas"].values()))),
     "key 'printed.deltas': expected a non-empty object of printed numbers"),
    ("printed section empty", _edit(lambda d: d["printed"].update(deltas={})),
     "key 'printed.deltas': expected a non-empty object of printed numbers"),
    ("printed section missing", _edit(lambda d: d["printed"].pop("deltas")), "key 'printed.deltas': missing"),
    ("printed an array", _edit(lambda d: d.update(printed=[])), "key 'printed': expected an object with only"),
    # encodings
    ("UTF-16 LE", lambda: TEXT.encode("utf-16"), "starts with a UTF-16/UTF-32 byte-order mark; expected UTF-8"),
    ("UTF-16 BE", lambda: b"\xfe\xff" + TEXT.encode("utf-16-be"), "byte-order mark; expected UTF-8"),
    ("UTF-32", lambda: TEXT.encode("utf-32"), "byte-order mark; expected UTF-8"),
    ("Latin-1", lambda: TEXT.encode("utf-8").replace("Пример".encode(), "Exempl\xe9".encode("latin-1")),
     r"not UTF-8 text \(byte \d+ is b'\\xe9'\); expected a UTF-8 JSON file"),
    ("empty file", lambda: b"", "not valid JSON: Expecting value: line 1 column 1"),
    ("trailing garbage", lambda: TEXT.encode() + b"{}", "not valid JSON: Extra data"),
]


@pytest.mark.parametrize("raw, match", [c[1:] for c in CONTENTS], ids=[c[0] for c in CONTENTS])
def test_malformed_contents_are_refused_naming_the_file_and_the_key(tmp_path, raw, match):
    path = _write(tmp_path, raw())
    with pytest.raises(ValueError, match=match) as info:
        load_worked_example(path)
    assert str(info.value).startswith(f"{path}: ")
    assert "\n" not in str(info.value)


def test_a_utf8_byte_order_mark_is_allowed():
    """RFC 8259 lets a parser ignore it; Windows editors write one."""
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as d:
        ex = load_worked_example(_write(Path(d), b"\xef\xbb\xbf" + TEXT.encode()))
    assert ex.printed == load_worked_example().printed and ex.weights == load_worked_example().weights


def test_every_printed_number_of_the_real_file_is_a_plain_numeral():
    """The numeral rule is no stricter than the data: the real file loads, every number as printed."""
    ex = load_worked_example()
    raw = json.loads(TEXT)["printed"]
    assert {n: str(v) for n, v in ex.printed_flat.items()} == {n: t for s in raw.values() for n, t in s.items()}


CLI = [
    ("FIFO", _fifo, "is a FIFO"),
    ("socket", _socket, "is a socket"),
    ("newline in a printed key", lambda t: _write(t, _replace('"I3"', '"I3\\n"')()), r"key 'I3\n': has a control"),
    ("underscore numeral", lambda t: _write(t, _printed("0_0863")()), "got '0_0863'"),
    ("duplicate key", lambda t: _write(t, _replace('"w13": -1.0,', '"w13": -1.0, "w13": 5.0,')()), "appears twice"),
    ("UTF-16", lambda t: _write(t, TEXT.encode("utf-16")), "byte-order mark"),
    ("newline in the path", lambda t: t / "a\nb.json", "file not found"),
    ("NUL in the path", lambda t: str(t / "a\0b.json"), "must not contain a NUL character"),
]


@pytest.mark.parametrize("make, match", [c[1:] for c in CLI], ids=[c[0] for c in CLI])
def test_the_terminal_command_reports_each_in_one_error_line(tmp_path, capsys, make, match):
    assert cli.main(["worked-example", "--data", str(make(tmp_path))]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and err.startswith("error: ") and match in err, err


def test_the_terminal_command_given_a_fifo_ends_at_once(tmp_path):
    fifo = _fifo(tmp_path)
    r = subprocess.run([sys.executable, "-m", "bpkit", "worked-example", "--data", str(fifo)],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr == f"error: {fifo}: is a FIFO (named pipe), {NOT_REGULAR}\n"
