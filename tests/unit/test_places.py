"""Locality extractor: the bundled seed pages and one test per rule."""

import time
from pathlib import Path

import pytest

from searchapp.corpus import gazetteer
from searchapp.corpus.places import CENTRAL, extract_place
from searchapp.corpus.raw import read_page

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def place(title, body, **kw):
    """Shortcut for extract_place."""
    return extract_place(title, body, **kw)


@pytest.mark.parametrize("name, expected", [
    ("000_d9b8657bc8fd347a.txt", ("Tuyên Quang", "huyện Chiêm Hóa", "Tuyên Quang")),
    ("001_6a3104368aca8f7d.txt", ("Bắc Ninh", "thị xã Quế Võ", "Bắc Ninh")),
    ("002_0836816378347a55.txt", (CENTRAL, "", CENTRAL)),
    ("003_150bf815c1841948.txt", ("Long An", "huyện Mộc Hóa", "Tây Ninh")),
    ("004_852d480e45eae4e5.txt", ("Bình Định", "", "Gia Lai")),
])
def test_seed_pages(name, expected):
    article, _ = read_page(CORPUS / name)
    assert extract_place(article.title, article.body, article.source, article.header) == expected


# --- gazetteer ---------------------------------------------------------------------------------


def test_gazetteer_tables():
    gaz = gazetteer.load()
    assert len(gaz.provinces) == 63
    assert {"Hồ Chí Minh", "Huế", "Bà Rịa - Vũng Tàu"} <= set(gaz.provinces)
    assert len(gaz.districts) >= 696
    quarter = [d for d in gaz.districts if d.province == "Hồ Chí Minh" and d.name == "1"]
    assert [d.label for d in quarter] == ["quận 1"]


def test_gazetteer_loads_fast():
    gazetteer.load.cache_clear()
    start = time.perf_counter()
    gazetteer.load()
    assert time.perf_counter() - start < 1.0  # about 0.05 s; generous for busy machines


@pytest.mark.parametrize("old, new", [
    ("Long An", "Tây Ninh"), ("Tuyên Quang", "Tuyên Quang"), ("Bắc Ninh", "Bắc Ninh"),
    ("Bình Định", "Gia Lai"), ("Hà Giang", "Tuyên Quang"), ("Bà Rịa - Vũng Tàu", "Hồ Chí Minh"),
    ("Hà Nội", "Hà Nội"), ("Quảng Nam", "Đà Nẵng"),
])
def test_province_2025(old, new):
    assert gazetteer.province_2025(old) == new
    assert place(f"Mưa lớn ở {old}", f"Chiều qua, tỉnh {old} có mưa lớn.")[2] == new


# --- districts ---------------------------------------------------------------------------------


def test_unique_district_resolves_province():
    assert place("Mưa lớn ở Chiêm Hóa", "Tại huyện Chiêm Hóa, mưa lớn làm sập 3 nhà.") == \
        ("Tuyên Quang", "huyện Chiêm Hóa", "Tuyên Quang")


def test_ambiguous_district_needs_its_province():
    body = "Bờ sông ở huyện Châu Thành bị sạt lở nặng, nhiều hộ dân phải di dời."
    assert place("Sạt lở bờ sông", body) == ("", "", "")
    body = "Bờ sông ở huyện Châu Thành, tỉnh Tiền Giang bị sạt lở nặng."
    assert place("Sạt lở bờ sông ở Tiền Giang", body) == ("Tiền Giang", "huyện Châu Thành", "Đồng Tháp")


def test_district_abbreviations():
    assert place("Cháy nhà ở Q.1", "Vụ cháy xảy ra tại số 5 đường Lê Lợi, Q.1 lúc 9 giờ.") == \
        ("Hồ Chí Minh", "quận 1", "Hồ Chí Minh")
    assert place("Tai nạn ở H. Củ Chi", "Vụ tai nạn xảy ra trên tỉnh lộ 8, H. Củ Chi.") == \
        ("Hồ Chí Minh", "huyện Củ Chi", "Hồ Chí Minh")


def test_district_type_as_written():
    # the article's own type word wins over today's ("thị xã Vĩnh Yên" became a city in 2006)
    body = "Chiều qua tại thị xã Vĩnh Yên, tỉnh Vĩnh Phúc, một vụ cháy lớn đã xảy ra."
    assert place("Cháy lớn ở Vĩnh Yên", body) == ("Vĩnh Phúc", "thị xã Vĩnh Yên", "Phú Thọ")


def test_numbers_are_not_districts():
    body = "Diện tích phòng học đạt 1-1,3 m2/học sinh. Ở TP HCM, diện tích là 2 m2."
    assert place("Phòng học chuẩn", body)[1] == ""


# --- provinces ---------------------------------------------------------------------------------


@pytest.mark.parametrize("title", [
    "TP.HCM: kẹt xe kéo dài", "TP HCM: kẹt xe kéo dài", "TPHCM: kẹt xe kéo dài",
    "Sài Gòn: kẹt xe kéo dài", "Kẹt xe ở thành phố Hồ Chí Minh", "Kẹt xe ở TP. Hồ Chí Minh",
])
def test_ho_chi_minh_city_spellings(title):
    assert place(title, "Chiều qua nhiều tuyến đường bị kẹt.") == ("Hồ Chí Minh", "", "Hồ Chí Minh")


def test_bare_ho_chi_minh_is_the_president():
    body = "Đoàn Thanh niên Cộng sản Hồ Chí Minh phát động học tập tư tưởng Hồ Chí Minh."
    assert place("Học tập và làm theo tư tưởng Hồ Chí Minh", body) == ("", "", "")


def test_ha_tay_is_ha_noi():
    assert place("Hà Tây: bắt một cán bộ địa chính", "Công an tỉnh Hà Tây vừa bắt một cán bộ.") == \
        ("Hà Nội", "", "Hà Nội")


@pytest.mark.parametrize("title, province", [
    ("Lũ ở Thừa Thiên - Huế", "Huế"), ("Lũ ở Thừa Thiên Huế", "Huế"),
    ("BR-VT: phát hiện mỏ dầu", "Bà Rịa - Vũng Tàu"), ("Mỏ dầu ở Bà Rịa - Vũng Tàu", "Bà Rịa - Vũng Tàu"),
])
def test_compound_province_names(title, province):
    assert place(title, "Chiều qua có tin mới.")[0] == province


def test_accent_insensitive_but_accents_must_agree():
    assert place("Mua lon o Ha Noi", "Chieu qua, Ha Noi mua lon.")[0] == "Hà Nội"
    # "Nhà Trắng" folds like "Nha Trang" but its accents say otherwise
    body = "Cô rời Nhà Trắng và chuyển tới New York. Nhà Trắng không bình luận."
    assert place("Chelsea Clinton rời Nhà Trắng", body) == ("", "", "")


def test_region_is_not_a_province():
    assert place("Lũ ở ĐBSCL", "Lũ dâng cao ở đồng bằng sông Cửu Long (ĐBSCL).") == ("", "", "")


# --- evidence ----------------------------------------------------------------------------------


def test_press_tag_of_a_provincial_paper():
    body = "(BĐ) - Ngày 15.5, Đảng ủy Khối các cơ quan tỉnh tổ chức hội nghị sơ kết."
    assert place("Làm từ việc nhỏ nhất", body) == ("Bình Định", "", "Gia Lai")


def test_national_press_tag_is_not_a_place():
    body = "(TTO) - Ngày 15.5, Đảng ủy Khối các cơ quan tỉnh tổ chức hội nghị sơ kết."
    assert place("Làm từ việc nhỏ nhất", body) == ("", "", "")


def test_footer_names_the_province():
    body = "Hội nghị tổng kết công tác đoàn năm 2023 đã diễn ra sáng nay."
    assert place("Tổng kết công tác đoàn", body, source="Tỉnh đoàn tỉnh Bắc Ninh")[0] == "Bắc Ninh"


def test_paper_name_in_the_footer():
    body = "Hội nghị tổng kết công tác đoàn năm 2023 đã diễn ra sáng nay."
    assert place("Tổng kết công tác đoàn", body, source="Báo Bình Định")[0] == "Bình Định"
    # city papers whose names only contain a place: "Sài Gòn Giải Phóng", "Hà Nội Mới"
    assert place("Tổng kết công tác đoàn", body, source="Báo Sài Gòn Giải Phóng")[0] == ""
    assert place("Tổng kết công tác đoàn", body, source="Báo Hà Nội Mới")[0] == ""


@pytest.mark.parametrize("lead", [
    "HÀ NỘI - Sáng nay, hội nghị tổng kết công tác năm đã diễn ra.",
    "Hà Nội, 12/6 (TTXVN) - Sáng nay, hội nghị tổng kết công tác năm đã diễn ra.",
])
def test_dateline(lead):
    assert place("Hội nghị tổng kết công tác năm", lead)[0] == "Hà Nội"


def test_route_is_not_a_place():
    body = "Đường bay TP.HCM - Hà Nội tăng 200 chuyến, đường bay TP.HCM - Đà Nẵng tăng 100 chuyến."
    assert place("Vietnam Airlines tăng chuyến", body) == ("", "", "")


def test_residence_is_not_the_story_place():
    body = ("Công an tỉnh Phú Yên vừa bắt Trần Văn A (trú tại quận Cầu Giấy, TP Hà Nội) về tội "
            "lừa đảo. A đã nhiều lần vào Phú Yên để lừa các doanh nghiệp ở tỉnh này.")
    assert place("Bắt một đối tượng lừa đảo", body)[0] == "Phú Yên"


def test_nickname_is_not_a_place():
    body = ("Các điều tra viên đã túc trực ở sân bay để đón Tôn Anh Dũng (Dũng “Huế”). "
            "Dũng “Huế” là phó giám đốc một công ty.")
    assert place("Bắt tạm giam Dũng “Huế”", body) == ("", "", "")


def test_related_story_links_are_ignored():
    body = ("Sáng nay, thí sinh cả nước bắt đầu thi đại học.\n"
            "Cháy lớn ở TP HCM(03/07/2005)\nTP HCM mưa to(02/07/2005)\nTP HCM kẹt xe(01/07/2005)")
    assert place("Thi đại học", body) == ("", "", "")


def test_menu_in_header_is_ignored():
    body = "Hội nghị tổng kết công tác năm đã diễn ra sáng nay."
    assert place("Tổng kết", body, header=["Hà Nội | TP.HCM | Đà Nẵng", "Thứ Ba, 18/06/2024"]) == ("", "", "")


def test_central_body_title():
    assert place("Quốc hội thảo luận luật đất đai", "Sáng nay các đại biểu thảo luận tại hội trường.") == \
        (CENTRAL, "", CENTRAL)


def test_central_body_does_not_hide_a_named_province():
    assert place("Thủ tướng thăm Cà Mau", "Thủ tướng đã thăm tỉnh Cà Mau.")[0] == "Cà Mau"
    body = "Tại huyện Chiêm Hóa, hội nghị diễn ra. Đại biểu huyện Chiêm Hóa phát biểu."
    assert place("Thực hiện kết luận của Bộ Chính trị", body)[0] == "Tuyên Quang"


def test_foreign_article_has_no_province():
    body = "Giá dầu thô trên thị trường New York tăng mạnh, trong khi Hà Nội giữ giá xăng."
    assert place("Giá dầu tăng mạnh tại Mỹ", body) == ("", "", "")


def test_person_name_is_not_a_place():
    assert place("Ông Nguyễn Thanh Xuân nhận giải thưởng", "Ông Nguyễn Thanh Xuân cho biết ông rất vui.") == \
        ("", "", "")
    assert place("Cháy nhà ở Thanh Xuân", "Vụ cháy xảy ra ở quận Thanh Xuân chiều qua.") == \
        ("Hà Nội", "quận Thanh Xuân", "Hà Nội")


def test_company_name_is_not_a_place():
    assert place("Nguyên giám đốc Công ty Bắc Sơn bị bắt", "Công an đã bắt giám đốc Công ty Bắc Sơn.") == \
        ("", "", "")


def test_weak_evidence_gives_nothing():
    # one passing mention deep in a body is no locality
    body = "Bài viết bàn về kỹ năng quản lý. " * 40 + "Một chuyên gia ở Hà Nội nhận xét như vậy."
    assert place("Sếp trẻ cần tự tin", body) == ("", "", "")


def test_no_clear_winner_gives_nothing():
    body = "Giá vé máy bay Hà Nội tăng. Đà Nẵng cũng tăng. Hà Nội và Đà Nẵng đều đông khách."
    assert place("Giá vé tăng", body) == ("", "", "")


def test_empty_input():
    assert extract_place("", "") == ("", "", "")
