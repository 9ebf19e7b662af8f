"""The indexer's fast path makes exactly the postings that the fields' own analyzers make."""

import pytest

from searchapp.indexing.prepare import text_postings
from searchapp.indexing.schema import build_schema
from searchapp.text.segment import segmented

TEXTS = [
    "Ban Tuyên giáo Thị uỷ Quế Võ, số 01-KL/TW ngày 18.5.2021; trên 25.000 mô hình.",
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh\nĐảng ủy Khối các cơ quan Trung ương",
    "COVID-19 tại TP.HCM: 1234/QĐ-UBND (Bà Rịa-Vũng Tàu) hoà hợp, khoẻ mạnh",
    "",
]


@pytest.mark.parametrize("text", TEXTS)
def test_fast_postings_equal_the_analyzers(text):
    schema = build_schema()
    fast, compounds = text_postings(schema, "body", text)
    for name, postings in fast.items():
        assert sorted(postings) == sorted(schema[name].preindex(text)), name
    assert sorted(schema["words"].postings(compounds)) == sorted(schema["words"].preindex("\n".join(segmented(line) for line in text.split("\n"))))
