"""Search over the bundled corpus: exact results for the queries people type."""

import unicodedata

import pytest

from searchapp.search import SearchError


def ids(result):
    return [hit["id"][:3] for hit in result["hits"]]


@pytest.mark.parametrize("query, first", [
    ("chiem hoa", "000"), ("Chiêm Hóa", "000"), ("que vo", "001"), ("QUẾ VÕ", "001"), ("moc hoa", "003"),
    ("hoc tap lam theo bac", "001"), ("lam tu viec nho nhat", "004"), ("dang uy khoi cac co quan trung uong", "002"),
])
def test_the_right_article_first(engine, query, first):
    assert ids(engine.search({"q": query}))[0] == first


def test_dang_uy_khoi_finds_002_and_004(engine):
    assert {"002", "004"} <= set(ids(engine.search({"q": "dang uy khoi"})))


def test_document_code_finds_all_five(engine):
    for query in ("01-KL/TW", "01-kl/tw", "01 KL TW"):
        assert sorted(ids(engine.search({"q": query}))) == ["000", "001", "002", "003", "004"], query


def test_year_filter(engine):
    result = engine.search({"q": "", "year": "2024"})
    assert sorted(ids(result)) == ["001", "004"]


def test_empty_query_lists_by_date(engine):
    assert ids(engine.search({"q": ""})) == ["001", "004", "000", "003", "002"]


def test_highlight_wraps_the_accented_original(engine):
    hit = engine.search({"q": "hoc tap"})["hits"][0]
    assert "<mark>học</mark> <mark>tập</mark>" in hit["snippet"]
    assert hit["title_html"] == "Vai trò nòng cốt trong triển khai <mark>học</mark> <mark>tập</mark> và làm theo Bác"


@pytest.mark.parametrize("query", ["Thị uỷ", "thị ủy", "THI UY", unicodedata.normalize("NFD", "Thị ủy"), "thi uỷ"])
def test_tone_styles_case_and_nfd_find_the_same(engine, query):
    assert ids(engine.search({"q": query}))[0] == "001"


def test_unaccented_query_gets_an_accented_suggestion(engine):
    assert engine.search({"q": "hoc tap lam theo bac"})["suggestion"] == "học tập làm theo Bác"
    assert engine.search({"q": "học tập"})["suggestion"] is None


def test_abbreviations_work_both_ways(engine):
    assert "000" in ids(engine.search({"q": "Ủy ban nhân dân huyện"}))
    assert "003" in ids(engine.search({"q": "can bo dang vien"}))  # 003 writes CBĐV


@pytest.mark.parametrize("query, code", [
    ('"hoc tap', "unbalanced_quotes"), ("OR", "lone_operator"), ("hòa OR", "lone_operator"),
    ("title:", "empty_field"), ("-", "lone_operator"), ("x" * 10_000, "query_too_long"),
    ("month:0", "bad_parameter"), ("hoc year:24", "bad_parameter"),
])
def test_malformed_queries_are_clear_errors(engine, query, code):
    with pytest.raises(SearchError) as err:
        engine.search({"q": query})
    assert err.value.code == code and err.value.status == 400


def test_unknown_words_find_nothing_alone_and_partial_matches_beside_known_ones(engine):
    assert engine.search({"q": "zzzzqqq"})["total"] == 0
    assert ids(engine.search({"q": "zzzzqqq que vo"}))[0] == "001"


def test_province_filter(engine):
    assert ids(engine.search({"q": "", "province": "Long An"})) == ["003"]
    assert ids(engine.search({"q": "ket luan province:\"long an\""})) == ["003"]


def test_exclusions(engine):
    assert sorted(ids(engine.search({"q": "-chiem"}))) == ["001", "002", "003", "004"]
    assert "000" not in ids(engine.search({"q": "ket luan -chiem"}))


def test_field_lengths_are_read_for_every_article(engine):
    """BM25 needs each title's length: a wrong average once made every title count as far too long."""
    arrays = engine._index()[2]
    order = [engine.searcher().stored_fields(d)["id"][:3] for d in range(arrays.count)]
    assert dict(zip(order, arrays.lengths["title_f"].tolist())) == {"000": 23, "001": 13, "002": 30, "003": 16, "004": 16}
    assert round(arrays.avg_length["title_f"], 1) == 19.6
