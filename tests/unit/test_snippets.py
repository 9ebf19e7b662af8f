"""Snippets: the passages around the matches of a long body, marked in the original accents."""

from searchapp.search.snippets import body_snippet
from searchapp.text.analyzers import folded_analyzer

FILLER = "Buổi làm việc diễn ra sáng nay. " * 40


def test_the_passage_at_the_end_of_a_long_body_is_found_and_marked():
    body = FILLER + "Đảng ủy xã Chiêm Hóa ra nghị quyết."
    snippet = body_snippet(body, frozenset({"chiem", "hoa"}), folded_analyzer())
    assert snippet.endswith("xã <mark>Chiêm</mark> <mark>Hóa</mark> ra nghị quyết")
    assert len(snippet) < 400


def test_two_distant_passages_are_joined_by_an_ellipsis():
    body = "Thị ủy Quế Võ họp. " + FILLER + "Huyện Mộc Hóa báo cáo."
    snippet = body_snippet(body, frozenset({"que", "vo", "moc", "hoa"}), folded_analyzer())
    assert snippet.count(" … ") == 1
    assert "<mark>Quế</mark> <mark>Võ</mark>" in snippet and "<mark>Mộc</mark> <mark>Hóa</mark>" in snippet


def test_a_term_written_another_way_falls_back_to_the_whole_body():
    body = FILLER + "Ngày 18.5.2021 Đảng ủy khối họp."
    assert "<mark>18.5.2021</mark>" in body_snippet(body, frozenset({"18/5/2021"}), folded_analyzer())
