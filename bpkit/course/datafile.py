"""Reading a data file safely: a regular file of bounded size, strict UTF-8 JSON.

A FIFO, device, socket or directory is refused before it is opened (a FIFO would block); JSON's
NaN and Infinity, duplicate keys, keys with control characters and numbers that underflow are
refused too, each with a ValueError naming the file and what was expected.
"""

from __future__ import annotations

import codecs
import json
import os
import stat
from pathlib import Path
from typing import Any


def show_path(path: Any) -> str:
    """The path as text for a one-line message: as is, or repr() if it has a newline or the like."""
    text = str(path)
    return text if text.isprintable() else repr(text)


def read_regular_file(path: Path, what: str, max_bytes: int) -> bytes:
    """The bytes of the regular file ``path`` (at most ``max_bytes``), else ValueError naming it.

    A directory, FIFO, device or socket is refused before it is opened for reading (a FIFO would
    block), and the file is opened non-blocking and checked again (in case it was swapped).
    """
    shown = show_path(path)
    if "\0" in str(path):
        raise ValueError(f"path must not contain a NUL character, got {str(path)!r}")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        _check_regular(shown, os.stat(path), what, max_bytes)
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise ValueError(f"{shown}: file not found (expected {what})") from None
    except OSError as exc:
        raise ValueError(f"{shown}: cannot be read: {exc.strerror or exc} "
                         f"(expected {what})") from None
    with os.fdopen(fd, "rb") as f:
        _check_regular(shown, os.fstat(f.fileno()), what, max_bytes)
        raw = f.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise ValueError(f"{shown}: larger than {max_bytes} bytes (expected {what} of a few kB)")
    return raw


def _check_regular(shown: str, st: os.stat_result, what: str, max_bytes: int) -> None:
    if not stat.S_ISREG(st.st_mode):
        kinds = [(stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
                 (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                 (stat.S_ISSOCK, "a socket")]
        kind = next((k for test, k in kinds if test(st.st_mode)), "something else")
        raise ValueError(f"{shown}: is {kind}, not a regular file (expected {what})")
    if st.st_size > max_bytes:
        raise ValueError(f"{shown}: larger than {max_bytes} bytes (expected {what} of a few kB)")


class BadKey(ValueError):
    """A JSON object key that is refused: ``args`` = (key, what is wrong)."""


def strict_json(raw: bytes, shown: str) -> Any:
    """Parse UTF-8 JSON (a UTF-8 byte-order mark allowed), refusing what json.loads lets through:
    NaN and Infinity, duplicate keys, keys with control characters, numbers that underflow to 0.
    ValueError ``"<shown>: ..."``; BadKey for a bad key."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ValueError(f"{shown}: starts with a UTF-16/UTF-32 byte-order mark; expected UTF-8")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{shown}: not UTF-8 text (byte {exc.start} is "
                         f"{raw[exc.start:exc.start + 1]!r}); expected a UTF-8 JSON file") from None
    try:
        return json.loads(text, object_pairs_hook=_object, parse_constant=_constant,
                          parse_float=_float)
    except BadKey:
        raise
    except RecursionError:
        raise ValueError(f"{shown}: JSON nested too deeply") from None
    except ValueError as exc:  # also an integer of more digits than Python converts
        raise ValueError(f"{shown}: not valid JSON: {exc}") from None


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if not key.isprintable():
            raise BadKey(key, "has a control or other non-printing character; expected a name")
        if key in out:
            raise BadKey(key, "appears twice in one object; expected each name once")
        out[key] = value
    return out


def _constant(token: str) -> float:
    raise ValueError(f"{token} is not a JSON number (expected finite numbers)")


def _float(text: str) -> float:
    value = float(text)
    if value == 0.0 and any(c in "123456789" for c in text.lower().split("e")[0]):
        raise ValueError(f"the number {text[:40]} is too small for float64: it would be read as 0")
    return value
