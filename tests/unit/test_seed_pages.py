"""The bundled seed pages come out clean: exact titles, authors, bodies without chrome."""

from pathlib import Path

import pytest

from searchapp.corpus.raw import read_page

CORPUS = Path(__file__).resolve().parents[2] / "corpus"

SEEDS = {
    "000_d9b8657bc8fd347a": ("Hội nghị trực tuyến đánh giá tình hình thực hiện Kết luận số 01-KL/TW của Bộ Chính trị (khóa XIII)", "Văn Linh"),
    "001_6a3104368aca8f7d": ("Vai trò nòng cốt trong triển khai học tập và làm theo Bác", "Thảo Nguyên"),
    "002_0836816378347a55": ("Đảng ủy Khối các cơ quan Trung ương: Góp phần cùng toàn Đảng thực hiện có hiệu quả việc học và làm theo Bác trong hệ thống chính trị", "Thu Hằng"),
    "003_150bf815c1841948": ("Mộc Hóa: Hiệu quả sau 2 năm thực hiện Kết luận số 01-KL/TW", "Kiên Định"),
    "004_852d480e45eae4e5": ("Làm từ việc nhỏ nhất đến giải quyết những vấn đề tồn tại kéo dài", "Hoài Nhân"),
}

# (number of paragraphs, first paragraph starts with, last paragraph ends with)
BODIES = {
    "000_d9b8657bc8fd347a": (8, "Ngày 12/6, Ban Tuyên giáo Trung ương tổ chức Hội nghị toàn quốc", "phương thức công tác tuyên truyền phù hợp với tình hình thực tế."),
    "001_6a3104368aca8f7d": (8, "Thời gian qua, việc học và làm theo Bác theo tinh thần Kết luận số 01-KL/TW", "được Ban Tuyên giáo Trung ương tặng Bằng khen."),
    "002_0836816378347a55": (29, "Đồng chí Nguyễn Trọng Nghĩa và đồng chí Nguyễn Văn Thể tặng bằng khen cho 50 chi bộ", "phong cách Hồ Chí Minh giai đoạn 2021-2023."),
    "003_150bf815c1841948": (12, "Sau 2 năm thực hiện Kết luận số 01-KL/TW, ngày 18/5/2021 của Bộ Chính trị", "tinh thần trách nhiệm của CBĐV và nhân dân."),
    "004_852d480e45eae4e5": (10, "THỰC HIỆN KẾT LUẬN SỐ 01-KL/TW Ở ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH:", "phong cách Hồ Chí Minh”."),
}

CHROME = ["logo", "Tin cùng chuyên mục", "Chia sẻ bài viết", "Phản hồi", "Các tin khác", "Thư viện ảnh",
          "Liên kết website", "Mới nhất", "Tiếng Việt | English", "Bản quyền", "Email:", "Số điện thoại",
          "TRANG THÔNG TIN ĐIỆN TỬ", "Nguồn: BTV", "Ảnh: H.N", "GMT+7", "HOÀI NHÂN"]


def page(stem):
    article, problems = read_page(CORPUS / f"{stem}.txt")
    assert problems == []
    return article


@pytest.mark.parametrize("stem", sorted(SEEDS))
def test_title_and_author(stem):
    article = page(stem)
    assert (article.id, article.title, article.author) == (stem, *SEEDS[stem])


@pytest.mark.parametrize("stem", sorted(BODIES))
def test_body_is_the_article_without_chrome(stem):
    body = page(stem).body
    count, first, last = BODIES[stem]
    paragraphs = body.split("\n")
    assert len(paragraphs) == count
    assert paragraphs[0].startswith(first)
    assert paragraphs[-1].endswith(last)
    for chrome in CHROME:
        assert chrome not in body, chrome
    assert SEEDS[stem][0] not in body  # the title is not repeated in the body
    assert "  " not in body


def test_repeated_captions_keep_one_copy():
    body = page("002_0836816378347a55").body.split("\n")
    assert body.count("Các đại biểu tham dự Hội nghị.") == 1
    assert body.count("Tiết mục văn nghệ chào mừng Hội nghị.") == 1


def test_photo_credit_is_cut_from_its_caption():
    body = page("004_852d480e45eae4e5").body
    assert "nhận giấy khen của Đảng ủy Khối các cơ quan tỉnh.\n" in body


def test_source_from_the_site_footer():
    assert page("001_6a3104368aca8f7d").source == "Đoàn Thanh niên Cộng sản Hồ Chí Minh tỉnh Bắc Ninh"


def test_header_lines_are_kept_for_the_date_extractor():
    assert page("002_0836816378347a55").header == [
        "Thứ Bảy, 13/7/2024", "Tuyên giáo các cấp", "Thứ Năm, 18/5/2023 18:1'(GMT+7)"]
