"""Reading input files: existence, size, binary detection and text decoding."""

from __future__ import annotations

import codecs
from pathlib import Path

from tracker.errors import ParseError

__all__ = ["MAX_PAGE_BYTES", "MAX_TABLE_BYTES", "decode_bytes", "read_bytes"]

#: Pages (text, HTML, Markdown) above this size are refused with a clear message.
MAX_PAGE_BYTES = 10 * 1024 * 1024
#: Tables (CSV, JSON) above this size are refused with a clear message.
MAX_TABLE_BYTES = 512 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Bytes that do not occur in text in any encoding we read (NUL and most C0 controls).
_BINARY_BYTES = frozenset(range(0, 9)) | {11, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25}
_BINARY_BYTES = _BINARY_BYTES | {26, 28, 29, 30, 31, 127}
# every other byte: deleting these from a sample leaves only the binary ones
_TEXT_BYTES = bytes(b for b in range(256) if b not in _BINARY_BYTES)


def read_bytes(path: Path, *, limit: int) -> bytes:
    """The file's bytes; ParseError for a missing, unreadable, empty or too large file."""
    where = str(path)
    try:
        size = path.stat().st_size
        if size > limit:
            raise ParseError(
                f"the file is too large to be one page ({size / 1048576:.1f} MB; "
                f"the limit is {limit / 1048576:.0f} MB)",
                path=where,
                hint="split it, or save only the article",
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise ParseError("the file does not exist", path=where) from None
    except IsADirectoryError:
        raise ParseError("this is a folder, not a file", path=where) from None
    except OSError as exc:
        raise ParseError(f"cannot read the file: {exc.strerror}", path=where) from None
    return data


def decode_bytes(data: bytes, *, path: str) -> tuple[str, str]:
    """``(text, encoding)``: UTF-8 (a BOM is honoured), else cp1251.

    Raises ParseError for an empty file or a binary one.
    """
    if not data.strip():
        raise ParseError("the file is empty", path=path, hint="nothing to read")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise ParseError(
                    f"the file starts with a {encoding} byte-order mark but is not valid "
                    f"{encoding} (byte {exc.start})",
                    path=path,
                ) from None
            if not text.strip():
                raise ParseError("the file is empty", path=path)
            return text, "utf-8" if encoding == "utf-8-sig" else encoding
    head = data[:65536]
    bad = len(head.translate(None, _TEXT_BYTES))
    if b"\x00" in head or bad > max(2, len(head) // 200):
        raise ParseError(
            "the file is binary, not text",
            path=path,
            hint="give a text, HTML, Markdown, CSV or JSON file",
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1251", errors="replace")
    # cp1251 maps nearly every byte; too many unmapped ones means it was not cp1251 either.
    if text.count("\ufffd") > max(3, len(text) // 100):
        raise ParseError(
            "the file is neither UTF-8 nor cp1251 text",
            path=path,
            hint="save it as UTF-8",
        )
    return text, "cp1251"
