"""Bytes to text, with a reason when it cannot be done."""

import codecs


class DecodeError(ValueError):
    """The bytes are not text we can read; the message says why."""


def decode(data):
    """UTF-8 (with or without BOM) or BOM-marked UTF-16; anything else is refused, never guessed.

    >>> decode("Hòa".encode("utf-16"))
    'Hòa'
    >>> decode(b"H\\xf2a")
    Traceback (most recent call last):
    ...
    searchapp.corpus.decode.DecodeError: not UTF-8 (byte 0xf2 at offset 1); convert the file to UTF-8
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as err:
            raise DecodeError(f"broken UTF-16 ({err.reason} at offset {err.start})") from None
    if b"\x00" in data:
        if _looks_like_utf16(data):
            raise DecodeError("UTF-16 without a byte-order mark (BOM); save it as UTF-8")
        raise DecodeError("binary file (contains NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise DecodeError(
            f"not UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start}); convert the file to UTF-8"
        ) from None
    return text


def _looks_like_utf16(data):
    """Whether NULs sit at every other byte, as the Latin letters and spaces of UTF-16 text have them."""
    even, odd = data[0::2].count(0), data[1::2].count(0)
    half = len(data) // 2 or 1
    return max(even, odd) >= half // 4 and min(even, odd) <= half // 50
