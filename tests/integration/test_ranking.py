"""Ranking rules on a small made-up corpus, where each rule alone decides the order."""

import json

import pytest

from searchapp.indexing.build import build_index
from searchapp.search import SearchEngine

FILLER = "Buổi làm việc diễn ra sáng nay với sự tham dự của đại biểu các sở, ngành. "

ARTICLES = {
    # The words of "nhà máy thủy điện", every pair of them, often, but never as the phrase.
    "pairs": ("Kế hoạch năm", "Nhà máy mới. Máy thủy lực. Thủy điện nhỏ. " * 3 + FILLER),
    "phrase": ("Kế hoạch quý", FILLER + "Công trình nhà máy thủy điện được khởi công. " + FILLER),
    # "nhieu mau xe hoi khe tai" typed for "... khoe tài": "khe" is a real word, in the other article.
    "slip": ("Lễ trao giải", FILLER + "Nhiều mẫu xe hơi khoe tài tại lễ trao giải. " + FILLER),
    "scatter": ("Giao thông", "Nhiều người chờ. Mẫu áo mới. Chiếc xe chạy qua khe núi. Hơi nước bốc lên. Tài xế dừng lại. " + FILLER),
    # A long query found as a phrase in one body; another article only has one of its words in its title.
    "body_span": ("Sản lượng tăng", FILLER + "Tổ chức các nước xuất khẩu dầu mỏ họp phiên thường kỳ. " + FILLER),
    "title_word": ("Dầu", FILLER + "Các nước xuất khẩu gạo và dầu ăn đều tăng giá. " + FILLER),
    "accent_hoa": ("Tin vùng cao", FILLER + "Hòa bình trên bản. " + FILLER),
    "accent_hoa2": ("Tin vùng sâu", FILLER + "Hóa chất trên bản. " + FILLER),
    # Two syllables typed "hòa hợp": both titles have both words so accented; one has them side by side.
    "title_pair": ("Nói thêm về sự hòa hợp dân tộc trong bối cảnh hôm nay", FILLER),
    "title_pair2": ("Hợp hòa, hóa hợp", FILLER),
    # "khu dinh cu do thai" in both titles and the same words in both bodies, in one body as the phrase:
    # the title match says it all, so the shorter title comes first.
    "title_only": ("Nhà ở khu định cư Do Thái", FILLER + "Các khu mới, nơi định cư của người Do Thái. " * 4),
    "title_and_body": ("Lịch sử các khu định cư Do Thái trên dải đất", FILLER + "Các khu định cư Do Thái mới. " * 4),
    # Titles of the same length with "cong bo cuon bang"; one has "công" twice, as another word.
    "title_repeat": ("Công bố cuốn băng về công nương Anh", FILLER),
    "title_once": ("Al Qaeda công bố cuốn băng hành quyết", FILLER),
    # A headline, and a record whose title has its lead glued on: the phrase twice in a longer title.
    "headline": ("Áp thấp nhiệt đới tiến gần bờ biển", FILLER),
    "glued": ("Áp thấp nhiệt đới số 1 Sáng nay một áp thấp nhiệt đới đã vào biển Đông", FILLER),
    # The same phrase in the lead of one body, deep in a slightly shorter other one; both titles have
    # its words (so the lead adds nothing for them), not the phrase.
    "lead_phrase": ("Phân bón hữu cơ: giá mới", "Giá phân bón hữu cơ tăng mạnh. " + FILLER * 3 + "Thêm một câu nữa."),
    "deep_phrase": ("Phân bón hữu cơ: giá cũ", FILLER * 3 + "Giá phân bón hữu cơ tăng mạnh."),
    # Two title words and two body words apart ("trao giai lua tay"): in one lead, deep in the other body.
    "lead_words": ("Trao giải thưởng mùa vụ", "Lúa miền Tây được mùa. " + FILLER * 3 + "Thêm một câu nữa."),
    "deep_words": ("Trao giải thưởng năm nay", FILLER * 3 + "Lúa miền Tây được mùa."),
    # The same title; one lead repeats its words, the other body has them deep.
    "title_in_lead": ("Khánh thành cầu Rạch Miễu", "Khánh thành cầu. " + FILLER * 3),
    "title_in_body": ("Khánh thành cầu Rạch Miễu", FILLER * 3 + "Khánh thành cầu."),
}
# Everyday articles, so that rare words weigh as they do in a real corpus.
ARTICLES.update({f"other{i}": (f"Tin ngắn số {i}", FILLER * 3) for i in range(40)})


# More titles with the phrase than are checked for it (VERIFY, 50), and a longer one ranked after them.
CROWDED = {f"short{i:02d}": (f"Khu định cư Do Thái mới số {i}", FILLER + "Khu định cư Do Thái mới. " * 4)
           for i in range(50)}
CROWDED["long"] = ("Chuyện dài về những khu định cư Do Thái mới ở vùng đất phía tây bờ sông",
                   FILLER + "Khu định cư Do Thái mới. " * 4)
# Both titles say "UBND"; one body spells it out.
CROWDED["body_abbr"] = ("UBND tỉnh họp", FILLER + "UBND tỉnh họp. " + FILLER)
CROWDED["body_expanded"] = ("UBND tỉnh họp", FILLER + "Ủy ban nhân dân tỉnh họp. " + FILLER)
CROWDED.update({f"other{i}": (f"Tin ngắn số {i}", FILLER * 3) for i in range(60)})
# Filtered by source, the lead still counts, though 60 articles of another source rank above both.
CROWDED["source_lead"] = ("Trao giải thưởng mùa vụ", "Lúa miền Tây được mùa. " + FILLER * 3 + "Thêm một câu nữa.", "Báo A")
CROWDED["source_deep"] = ("Trao giải thưởng năm nay", FILLER * 3 + "Lúa miền Tây được mùa.", "Báo A")
CROWDED.update({f"strong{i}": (f"Trao giải lúa miền Tây số {i}", "Lúa miền Tây được mùa. " + FILLER, "Báo B")
                for i in range(60)})


def build_engine(tmp_path_factory, articles):
    src = tmp_path_factory.mktemp("ranking-src") / "articles.jsonl"
    src.write_text("".join(json.dumps({"id": i, "title": t, "body": b, "date": "2024-05-01", "source": s[0] if s else ""},
                                      ensure_ascii=False) + "\n"
                           for i, (t, b, *s) in articles.items()), encoding="utf-8")
    home = tmp_path_factory.mktemp("ranking-index")
    assert build_index([str(src)], home, jobs=1).indexed == len(articles)
    return SearchEngine(home)


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    return build_engine(tmp_path_factory, ARTICLES)


@pytest.fixture(scope="module")
def crowded(tmp_path_factory):
    return build_engine(tmp_path_factory, CROWDED)



def ranked(engine, query):
    return [hit["id"] for hit in engine.search({"q": query})["hits"]]


def test_the_exact_phrase_beats_every_pair_apart(engine):
    assert ranked(engine, "nha may thuy dien")[:2] == ["phrase", "pairs"]


def test_a_phrase_with_one_mistyped_real_word_still_comes_first(engine):
    assert ranked(engine, "nhieu mau xe hoi khe tai")[:2] == ["slip", "scatter"]


def test_typed_accents_prefer_the_same_accents(engine):
    assert ranked(engine, "hòa trên bản")[0] == "accent_hoa"
    assert ranked(engine, "hóa trên bản")[0] == "accent_hoa2"
    assert sorted(ranked(engine, "hoa tren ban")) == ["accent_hoa", "accent_hoa2"]


def test_two_typed_syllables_prefer_the_title_with_them_accented_as_typed(engine):
    assert ranked(engine, "hòa hợp")[:2] == ["title_pair", "title_pair2"]
    assert ranked(engine, "hóa hợp")[:2] == ["title_pair2", "title_pair"]


def test_one_word_of_a_long_query_in_a_title_does_not_outweigh_the_phrase_in_a_body(engine):
    assert ranked(engine, "cac nuoc xuat khau dau mo")[:2] == ["body_span", "title_word"]


def test_the_body_adds_nothing_to_a_phrase_the_title_has(engine):
    assert ranked(engine, "khu dinh cu do thai")[:2] == ["title_only", "title_and_body"]


def test_a_syllable_counts_once_in_a_title(engine):
    hits = {hit["id"]: hit["score"] for hit in engine.search({"q": "cong bo cuon bang"})["hits"]}
    assert hits["title_repeat"] == hits["title_once"]


def test_a_phrase_counts_once_in_a_title(engine):
    assert ranked(engine, "ap thap nhiet doi")[:2] == ["headline", "glued"]


def test_a_phrase_in_the_lead_beats_the_same_phrase_deep_in_the_body(engine):
    assert ranked(engine, "gia phan bon huu co")[:2] == ["lead_phrase", "deep_phrase"]


def test_words_the_title_lacks_count_more_in_the_lead(engine):
    assert ranked(engine, "trao giai lua tay")[:2] == ["lead_words", "deep_words"]


def test_words_the_title_has_count_no_more_in_the_lead(engine):
    hits = {hit["id"]: hit["score"] for hit in engine.search({"q": "khanh thanh cau"})["hits"]}
    assert hits["title_in_lead"] == hits["title_in_body"]


def test_titles_past_those_checked_for_the_phrase_get_no_body_phrase_bonus_either(crowded):
    hits = crowded.search({"q": "khu dinh cu do thai", "per_page": 50})["hits"]
    assert {hit["id"] for hit in hits} == {f"short{i:02d}" for i in range(50)}


def test_the_lead_counts_among_the_filtered_articles_too(crowded):
    hits = crowded.search({"q": "trao giai lua tay", "source": "Báo A"})["hits"]
    assert [hit["id"] for hit in hits] == ["source_lead", "source_deep"]


def test_an_abbreviation_spelt_out_in_the_body_counts_half_beside_the_title_too(crowded):
    assert ranked(crowded, "ubnd")[:2] == ["body_abbr", "body_expanded"]
