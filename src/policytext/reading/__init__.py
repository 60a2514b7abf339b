"""Bytes to text: size limits, format sniffing and encoding detection.

Encoding detection is charset-normalizer's job; we only add what Chinese
government files need on top: BOMs first, strict UTF-8 next, and GB2312/GBK
answers widened to GB18030 (their superset), so a rare character in a GBK
file does not fail the whole document.
"""
from __future__ import annotations

import codecs
import os
import stat

import regex

from ..errors import InputError
from .limits import MAX_INPUT_BYTES

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_WIDEN = {"gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030", "hz": "gb18030", "big5": "cp950"}

# Magic numbers of formats that are not plain text.
_MAGIC = (
    (b"%PDF-", "pdf"),
    (b"PK\x03\x04", "zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),  # legacy .doc/.xls
    (b"\x89PNG", "image"),
    (b"\xff\xd8\xff", "image"),
    (b"GIF8", "image"),
    (b"\x1f\x8b", "gzip"),
    (b"{\\rtf", "rtf"),
)


def read_bytes(path: str | os.PathLike, max_bytes: int = MAX_INPUT_BYTES) -> bytes:
    """Read a file, refusing missing, unreadable, special or oversized ones with an InputError.

    The size ``stat`` reports is not trusted: /proc files say 0 and a link to /dev/zero never
    ends, so at most ``max_bytes + 1`` bytes are ever read. FIFOs, devices and sockets are
    refused before a single byte is read (opened non-blocking, so a FIFO without a writer
    cannot hang the caller).
    """
    name = os.fspath(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(name, flags)
    except OSError as exc:
        kind = "not_found" if isinstance(exc, FileNotFoundError) else "unreadable"
        raise InputError(name, kind, f"cannot open file ({exc.strerror or exc})") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(name, "unreadable", "is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise InputError(name, "unsupported", "not a regular file (a device, FIFO or socket)")
        if info.st_size > max_bytes:
            raise InputError(name, "too_large", f"file is {info.st_size:,} bytes; the limit is {max_bytes:,}")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        with open(fd, "rb", closefd=False) as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(name, "unreadable", f"cannot read file ({exc.strerror or exc})") from None
    finally:
        os.close(fd)
    if len(data) > max_bytes:
        raise InputError(name, "too_large", f"file has more than the limit of {max_bytes:,} bytes")
    return data


def sniff_format(data: bytes) -> str:
    """Guess a file's format from its first bytes: txt, html, pdf, zip, image, …

    >>> sniff_format(b"%PDF-1.7"), sniff_format(b"PK\\x03\\x04"), sniff_format("<html>通知".encode())
    ('pdf', 'zip', 'html')
    """
    head = data[:16]
    for magic, fmt in _MAGIC:
        if head.startswith(magic):
            return fmt
    start = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html")) or b"<html" in start[:512]:
        return "html"
    from .formats.sniff import looks_like_html  # HTML fragments saved without <html>

    return "html" if looks_like_html(data) else "txt"


def decode_text(data: bytes, path: str | None = None) -> tuple[str, str]:
    """Decode a text file; returns ``(text, encoding)`` or raises InputError.

    >>> decode_text("关于印发方案的通知".encode("gbk"))
    ('关于印发方案的通知', 'gb18030')
    """
    if not data.strip(b" \t\r\n\x00"):
        raise InputError(path, "empty", "file is empty")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return _check_text(data.decode(enc), path), enc.replace("-sig", "")
            except UnicodeDecodeError:
                break
    try:
        return _check_text(data.decode("utf-8"), path), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:4096] and data.count(b"\x00") * 4 < len(data):
        raise InputError(path, "binary", "file is binary, not text")
    from charset_normalizer import from_bytes  # lazy: costs ~30 ms to import

    best = from_bytes(data, cp_isolation=None).best()
    if best is None:
        raise InputError(path, "undecodable", "cannot detect a text encoding (not a text file?)")
    enc = _WIDEN.get(best.encoding.lower(), best.encoding.lower())
    try:
        text = data.decode(enc)
    except (UnicodeDecodeError, LookupError):
        text = str(best)
    return _check_text(text, path), enc


# Control characters other than \t \n \v \f \r: a text file has few of them.
_CONTROL = regex.compile(r"[\x00-\x08\x0e-\x1f]")


def _check_text(text: str, path: str | None) -> str:
    """``text`` if it reads as a document, else an InputError: ``binary`` when over 2% of its start
    is control characters (decoding a binary file can succeed), ``empty`` when it is blank."""
    sample = text[:20000]
    controls = len(_CONTROL.findall(sample))
    if controls > max(8, len(sample) // 50):
        raise InputError(path, "binary", "file looks binary: too many control characters")
    if not text.strip():
        raise InputError(path, "empty", "file has no text")
    return text
