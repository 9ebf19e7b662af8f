"""Variable-length unsigned integers (LEB128: seven bits a byte, the high bit set on all but the last).

Most numbers in a posting list (document-number gaps, frequencies, position gaps) are below 128 and
take one byte. Short sequences are coded in Python; long ones with numpy, whose per-call cost is
more than the Python loop below a few dozen numbers.
"""

import numpy as np

_ONE_BYTE = [bytes([n]) for n in range(128)]
NUMPY_FROM = 32  # sequences this long or longer are coded with numpy


def encode(n):
    """The varint of one non-negative int.

    >>> encode(5), encode(300)
    (b'\\x05', b'\\xac\\x02')
    """
    if n < 128:
        return _ONE_BYTE[n]
    out = bytearray()
    while n >= 128:
        out.append((n & 127) | 128)
        n >>= 7
    out.append(n)
    return bytes(out)


def encode_all(values):
    """The varints of a sequence of non-negative ints, concatenated.

    >>> encode_all([1, 300, 0]) == encode_all(np.array([1, 300, 0] * 20))[:4]
    True
    """
    if len(values) < NUMPY_FROM:
        return b"".join(map(encode, values))
    return _encode_array(np.asarray(values, dtype=np.uint64))


def _encode_array(values):
    if not values.max(initial=0) >> np.uint64(7):
        return values.astype(np.uint8).tobytes()
    sizes = np.ones(len(values), dtype=np.int64)
    for k in range(1, 10):
        more = values >> np.uint64(7 * k) != 0
        if not more.any():
            break
        sizes += more
    starts = np.cumsum(sizes) - sizes
    out = np.empty(int(sizes.sum()), dtype=np.uint8)
    for k in range(int(sizes.max())):
        chosen = sizes > k
        low = (values[chosen] >> np.uint64(7 * k)) & np.uint64(127)
        more = (sizes[chosen] > k + 1).astype(np.uint64) << np.uint64(7)
        out[starts[chosen] + k] = (low | more).astype(np.uint8)
    return out.tobytes()


def decode(buf, pos=0):
    """(value, position after it) of the varint at pos in buf.

    >>> decode(b'\\x05\\xac\\x02', 1)
    (300, 3)
    """
    byte = buf[pos]
    if byte < 128:
        return byte, pos + 1
    value, shift = byte & 127, 7
    while True:
        pos += 1
        byte = buf[pos]
        value |= (byte & 127) << shift
        if byte < 128:
            return value, pos + 1
        shift += 7


def decode_all(buf):
    """Every varint of buf, as an int64 array.

    >>> decode_all(encode_all([1, 300, 0, 2**40])).tolist()
    [1, 300, 0, 1099511627776]
    """
    data = np.frombuffer(buf, dtype=np.uint8)
    last = data < 128
    if last.all():
        return data.astype(np.int64)
    ends = np.flatnonzero(last)
    starts = np.empty(len(ends), dtype=np.int64)
    starts[0] = 0
    starts[1:] = ends[:-1] + 1
    # Each byte's place in its number: 0 for the first byte, 1 for the next...
    place = np.arange(len(data)) - np.repeat(starts, ends - starts + 1)
    parts = (data & 127).astype(np.int64) << (7 * place)
    return np.add.reduceat(parts, starts)
