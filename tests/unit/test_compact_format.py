"""The compact codec's pieces: varints, posting records, the term table."""

import random

import numpy as np
import pytest
from whoosh.formats import Frequency
from whoosh.system import pack_uint

from searchapp.indexing import varints
from searchapp.indexing.fields import VarintPositions
from searchapp.indexing.records import BYTES, FREQUENCY, NO_VALUES, Record, encode_postings, value_kind
from searchapp.indexing.termtable import BLOCK, TermTable, TermTableWriter


@pytest.mark.parametrize("count", [0, 1, 31, 32, 500])
def test_varints_round_trip_in_python_and_numpy(count):
    rng = random.Random(count)
    values = [rng.choice([rng.randrange(128), rng.randrange(2**21), rng.randrange(2**40)]) for _ in range(count)]
    data = varints.encode_all(values)
    assert data == b"".join(map(varints.encode, values))
    assert varints.decode_all(data).tolist() == values
    assert len(data) == sum(max(1, -(-v.bit_length() // 7)) for v in values)  # seven bits a byte


def ends_of(values):
    return np.cumsum([len(v) for v in values]).tolist()


@pytest.mark.parametrize("count", [1, 5, 40])
def test_a_record_keeps_ids_weights_and_values(count):
    docs = [3 * n + n * n for n in range(count)]
    positions = [[n, n + 200] for n in range(count)]
    values = [VarintPositions().encode(p) for p in positions]
    record = Record(encode_postings(docs, [2.0] * count, b"".join(values), ends_of(values), BYTES))
    assert record.ids.tolist() == docs and record.weights.tolist() == [2.0] * count
    assert record.values(BYTES, None) == values
    assert record.values_at([count - 1], *record.value_bounds()) == [values[-1]]


def test_float_weights_are_kept_as_float32():
    record = Record(encode_postings([1, 2], [0.5, 1.25], b"", [0, 0], NO_VALUES))
    assert record.weights.tolist() == [0.5, 1.25] and record.values(NO_VALUES, None) is None


@pytest.mark.parametrize("count", [2, 40])
def test_frequency_values_are_rebuilt_from_the_weights_unless_they_differ(count):
    fmt = Frequency(field_boost=2.0)
    weights = [2.0 * (n % 3 + 1) for n in range(count)]
    matching = [pack_uint(int(w / 2.0)) for w in weights]
    small = encode_postings(list(range(count)), weights, b"".join(matching), ends_of(matching), FREQUENCY, 2.0)
    assert Record(small).values(FREQUENCY, fmt) == matching and not Record(small).has_values()
    other = [pack_uint(7)] * count  # a boosted token: the value is not the weight
    kept = encode_postings(list(range(count)), weights, b"".join(other), ends_of(other), FREQUENCY, 2.0)
    assert Record(kept).values(FREQUENCY, fmt) == other and len(kept) > len(small)


def test_value_kinds_follow_the_format():
    assert [value_kind(f) for f in (Frequency(), VarintPositions())] == [FREQUENCY, BYTES]
    assert value_kind(VarintPositions().__class__.__mro__[1]()) == BYTES  # Whoosh's own Positions


def test_the_term_table_finds_every_term_and_nothing_else():
    rng = random.Random(7)
    terms = sorted({bytes(rng.choice(b"abcd ") for _ in range(rng.randrange(1, 6))) for _ in range(700)})
    writer = TermTableWriter()
    writer.start_field("a")
    writer.add(b"x", 1, 3)
    writer.finish_field()
    writer.start_field("b")
    for n, term in enumerate(terms):
        writer.add(term, n + 1, n % 5 + 1)
    writer.finish_field()
    table = TermTable(writer.getvalue())
    assert len(terms) > 10 * BLOCK
    offset = 3  # field a's one record comes first in the postings file
    for n, term in enumerate(terms):
        assert table.find("b", term) == (n + 1, offset, n % 5 + 1)
        offset += n % 5 + 1
        assert table.find("b", term + b"\xff") is None and table.find("a", term) is None
    assert table.find("b", b"") is None and table.find("c", terms[0]) is None
    assert [t for t, _, _, _ in table.iter_from("b", terms[100])] == terms[100:]
    assert [t for t, _, _, _ in table.iter_from("b", b"b")] == [t for t in terms if t >= b"b"]
    assert list(table.iter_from("a")) == [(b"x", 1, 0, 3)]
