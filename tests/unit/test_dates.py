"""Publication-date extraction: datelines, header preference, lead datelines and year inference."""

from pathlib import Path

import pytest

from searchapp.corpus.dates import extract_date
from searchapp.corpus.raw import read_page

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
TITLE = "Hội nghị đánh giá tình hình thực hiện Kết luận số 01-KL/TW của Bộ Chính trị"
NO_LEAD = "Thời gian qua, việc học tập và làm theo Bác đạt được nhiều kết quả quan trọng."
# Year evidence like the seed 000: an as-of month and short reported periods.
EVIDENCE_2023 = (
    "Tính đến tháng 4/2023, cả nước có trên 25.000 mô hình điển hình. Trong 2 năm 2021 và 2022, "
    "nhiều tập thể được khen thưởng. Giai đoạn 2021 – 2023, có 11 tập thể được tặng giấy khen."
)


def header_only(line):
    """The date of a page whose only dateline is line, above the title."""
    return extract_date(["logo", line], TITLE, NO_LEAD)


@pytest.mark.parametrize(
    "line, expected",
    [
        # weekday, date and time
        ("Thứ Ba, 18/06/2024 09:57", "2024-06-18"),
        ("Thứ Ba, 18/06/2024 09:57 AM", "2024-06-18"),
        ("Thứ Ba, 18/06/2024 - 9h30", "2024-06-18"),
        ("Thứ Ba, 18/06/2024 | 9h", "2024-06-18"),
        ("Thứ Ba, 18/06/2024 9g30", "2024-06-18"),
        ("Thứ Ba, 18/06/2024, 9 giờ 30", "2024-06-18"),
        ("Thứ Năm, 18/5/2023 18:1'(GMT+7)", "2023-05-18"),
        ("Thứ Năm, 18/5/2023 18:1' (GMT+7)", "2023-05-18"),
        ("(GMT+7) Thứ Năm, 18/5/2023 18:10", "2023-05-18"),
        # weekday spellings: any case, with or without accents, in digits
        ("Chủ nhật, 16/6/2024", "2024-06-16"),
        ("CHỦ NHẬT, 16/06/2024 9h30", "2024-06-16"),
        ("chu nhat, 16/6/2024", "2024-06-16"),
        ("thu hai, 17/6/2024 9h30", "2024-06-17"),
        ("THỨ HAI 17-06-2024", "2024-06-17"),
        ("Thứ 2, 17/06/2024", "2024-06-17"),
        ("Thứ Bảy, 13/7/2024", "2024-07-13"),
        ("Thứ Tư, 3/1/2024 07:05", "2024-01-03"),
        ("Thứ Sáu, 5/7/2024 | 14:05", "2024-07-05"),
        # no weekday
        ("09/06/2023 - 10:17", "2023-06-09"),
        ("9/6/2023", "2023-06-09"),
        ("18-5-2021", "2021-05-18"),
        ("18 - 5 - 2021", "2021-05-18"),
        ("18.5.2021", "2021-05-18"),
        ("18.05.2021 08:00", "2021-05-18"),
        ("2024-06-18 09:57", "2024-06-18"),
        # two-digit years
        ("18/6/24", "2024-06-18"),
        ("Thứ Ba, 18/06/24 09:57", "2024-06-18"),
        ("18.6.24 08:15", "2024-06-18"),
        ("18-6-24", "2024-06-18"),
        ("18/6/98", "1998-06-18"),
        # spelled out
        ("Thứ Ba, ngày 18 tháng 6 năm 2024", "2024-06-18"),
        ("ngày 18 tháng 06 năm 2024 | 09:57", "2024-06-18"),
        ("ngay 18 thang 6 nam 2024", "2024-06-18"),
        ("18 tháng 6, năm 2024", "2024-06-18"),
        # "updated" and "posted" labels
        ("Cập nhật: 18/06/2024 09:57", "2024-06-18"),
        ("Cập nhật lúc 09:57 ngày 18/06/2024", "2024-06-18"),
        ("Đăng lúc 09:57 - 18/06/2024", "2024-06-18"),
        ("Đăng lúc: 18/06/2024 - 9h30", "2024-06-18"),
        ("Ngày đăng: 18-06-2024", "2024-06-18"),
    ],
)
def test_header_dateline_formats(line, expected):
    assert header_only(line) == (expected, False)


@pytest.mark.parametrize(
    "line",
    [
        "31/02/2024 09:00",  # no 31 February
        "29/02/2023",  # 2023 is no leap year
        "18/13/2024",  # no month 13
        "00/06/2024",
        "32/1/2024 10:00",
        "Thứ Ba, 18/06/2099 09:57",  # far in the future
        "Thứ Ba, 18/06 09:57",  # no year
        "09:57",  # a time alone
        "Tiếng Việt | English",
    ],
)
def test_invalid_or_incomplete_header_dates_are_rejected(line):
    assert header_only(line) == ("", False)


@pytest.mark.parametrize(
    "header, expected",
    [
        # the seed 002: a "today" line without time, then the article's own dateline with a time
        (["Thứ Bảy, 13/7/2024", "Tuyên giáo các cấp", "Thứ Năm, 18/5/2023 18:1'(GMT+7)"], "2023-05-18"),
        # the timed dateline wins even when the untimed "today" line comes after it
        (["Thứ Năm, 18/5/2023 18:10", "Thứ Bảy, 13/7/2024"], "2023-05-18"),
        # several timed datelines: the last one above the headline
        (["Thứ Tư, 17/5/2023 08:00", "Thứ Năm, 18/5/2023 18:10"], "2023-05-18"),
        # no time anywhere: the last date line
        (["Thứ Bảy, 13/7/2024", "Thứ Năm, 18/5/2023"], "2023-05-18"),
        # the publication time wins over the last update
        (["Đăng lúc 18/06/2024 09:57", "Cập nhật: 19/06/2024 10:00"], "2024-06-18"),
        # only the update has a time: it beats the untimed "today" line
        (["Thứ Bảy, 13/7/2024", "Cập nhật: 19/06/2024 10:00"], "2024-06-19"),
        # an invalid dateline is skipped, not coerced
        (["Thứ Bảy, 31/02/2024 10:00", "Thứ Ba, 18/06/2024"], "2024-06-18"),
        # a kicker quoting dates is no dateline
        (["Thứ Ba, 18/06/2024", "KỶ NIỆM 70 NĂM CHIẾN THẮNG ĐIỆN BIÊN PHỦ (7/5/1954 - 7/5/2024):"], "2024-06-18"),
    ],
)
def test_header_preference(header, expected):
    assert extract_date(header, TITLE, NO_LEAD) == (expected, False)


def test_header_date_wins_over_the_lead():
    body = "Ngày 12/6, Ban Tuyên giáo tổ chức hội nghị. " + EVIDENCE_2023
    assert extract_date(["Thứ Ba, 18/06/2024 09:57"], TITLE, body) == ("2024-06-18", False)


def test_kicker_header_with_dates_is_ignored():
    header = ["KỶ NIỆM 70 NĂM CHIẾN THẮNG ĐIỆN BIÊN PHỦ (7/5/1954 - 7/5/2024):"]
    assert extract_date(header, TITLE, NO_LEAD) == ("", False)


@pytest.mark.parametrize(
    "lead, expected",
    [
        ("Ngày 12/6/2024, Ban Tuyên giáo tổ chức hội nghị.", "2024-06-12"),
        ("Ngày 12.6.2024, Ban Tuyên giáo tổ chức hội nghị.", "2024-06-12"),
        ("Sáng 15-5-2024, Ban Tuyên giáo tổ chức hội nghị.", "2024-05-15"),
        ("(TTO) - Ngày 12/6/24, Ban Tuyên giáo tổ chức hội nghị.", "2024-06-12"),
        ("Ngày 12 tháng 6 năm 2024, Ban Tuyên giáo tổ chức hội nghị.", "2024-06-12"),
    ],
)
def test_lead_with_full_date_is_not_inferred(lead, expected):
    assert extract_date([], TITLE, lead + "\n" + EVIDENCE_2023) == (expected, False)


@pytest.mark.parametrize(
    "lead",
    [
        "Ngày 12/6, Ban Tuyên giáo Trung ương tổ chức hội nghị.",
        "Ngày 12.6, Ban Tuyên giáo Trung ương tổ chức hội nghị.",
        "Ngày 12-6, Ban Tuyên giáo Trung ương tổ chức hội nghị.",
        "ngay 12/6, Ban Tuyên giáo Trung ương tổ chức hội nghị.",
        "NGÀY 12/6, Ban Tuyên giáo Trung ương tổ chức hội nghị.",
        "Ngày 12/6 vừa qua, Ban Tuyên giáo Trung ương tổ chức hội nghị.",
        "Ngày 12 tháng 6, Ban Tuyên giáo Trung ương tổ chức hội nghị.",
        "Sáng 12/6, Ban Tuyên giáo Trung ương tổ chức hội nghị.",
        "Trưa 12/6, Ban Tuyên giáo Trung ương tổ chức hội nghị.",
        "Chiều ngày 12-6, Ban Tuyên giáo Trung ương tổ chức hội nghị.",
        "Tối 12.6 Ban Tuyên giáo Trung ương tổ chức hội nghị.",
        "Đêm 12/6, Ban Tuyên giáo Trung ương tổ chức hội nghị.",
        "Sáng nay (12/6), Ban Tuyên giáo Trung ương tổ chức hội nghị.",
        "Hôm qua (12/6), Ban Tuyên giáo Trung ương tổ chức hội nghị.",
        "Chiều thứ Hai (12/6), Ban Tuyên giáo Trung ương tổ chức hội nghị.",
        "Vào sáng 12/6, Ban Tuyên giáo Trung ương tổ chức hội nghị.",
        # press tags before the dateline
        "(BĐ) - Ngày 12.6, Ban Tuyên giáo Trung ương tổ chức hội nghị.",
        "(TTO) -Ngày 12/6, Ban Tuyên giáo Trung ương tổ chức hội nghị.",
        "(Chinhphu.vn) - Sáng 12/6, Ban Tuyên giáo Trung ương tổ chức hội nghị.",
        "HÀ NỘI - Sáng 12/6, Ban Tuyên giáo Trung ương tổ chức hội nghị.",
        "TP.HCM – Chiều 12/6, Ban Tuyên giáo Trung ương tổ chức hội nghị.",
        "(BĐ) - HÀ NỘI - Ngày 12/6, Ban Tuyên giáo Trung ương tổ chức hội nghị.",
    ],
)
def test_lead_dateline_with_inferred_year(lead):
    assert extract_date([], TITLE, lead + "\n" + EVIDENCE_2023) == ("2023-06-12", True)


def test_lead_after_a_kicker_paragraph():
    body = (
        "THỰC HIỆN KẾT LUẬN SỐ 01-KL/TW Ở ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH:\n"
        "(BĐ) - Ngày 15.5, Đảng ủy Khối tổ chức hội nghị sơ kết 3 năm thực hiện Kết luận số 01-KL/TW "
        "ngày 18.5.2021 của Bộ Chính trị."
    )
    header = ["THỰC HIỆN KẾT LUẬN SỐ 01-KL/TW Ở ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH:"]
    assert extract_date(header, TITLE, body) == ("2024-05-15", True)


def test_dateline_printed_below_the_title():
    body = "Thứ Ba, 18/06/2024 09:57\nNgày 12/6, Ban Tuyên giáo tổ chức hội nghị. " + EVIDENCE_2023
    assert extract_date([], TITLE, body) == ("2024-06-18", False)


@pytest.mark.parametrize(
    "body, expected",
    [
        # like the seed 000: an as-of month and reported periods
        ("Ngày 12/6, Ban Tuyên giáo Trung ương tổ chức hội nghị.\n" + EVIDENCE_2023, "2023-06-12"),
        # like the seed 004: the review of 3 years of a document dated 18.5.2021 is held in 2024
        (
            "(BĐ) - Ngày 15.5, Đảng ủy Khối các cơ quan tỉnh tổ chức hội nghị sơ kết 3 năm thực hiện "
            "Kết luận số 01-KL/TW ngày 18.5.2021 của Bộ Chính trị.",
            "2024-05-15",
        ),
        # the anniversary wins over the years the text mentions
        (
            "Ngày 15.5, hội nghị sơ kết 3 năm thực hiện Kết luận số 01-KL/TW ngày 18.5.2021. "
            "Năm 2022, tỉnh có 50 mô hình.",
            "2024-05-15",
        ),
        ("Ngày 20/3, tỉnh tổng kết 10 năm thực hiện Luật Hợp tác xã năm 2012.", "2022-03-20"),
        ("Sáng 6/5, tỉnh tổ chức kỷ niệm 70 năm Chiến thắng Điện Biên Phủ (7/5/1954 - 7/5/2024).", "2024-05-06"),
        ("Ngày 2/6, huyện sơ kết. Sau 2 năm thực hiện Kết luận số 01-KL/TW, ngày 18/5/2021 của Bộ Chính trị.",
         "2023-06-02"),
        ("Ngày 2/6, qua 5 năm triển khai Nghị quyết số 33/2018/NQ-HĐND, tỉnh đạt nhiều kết quả.", "2023-06-02"),
        # "sau N năm" dates nothing unless something was carried out: the year mentioned is used
        ("Ngày 12/6, anh trở về quê sau 3 năm học tập, năm 2020 anh lập nghiệp.", "2020-06-12"),
        # targets and long plans are no evidence of the publication year
        (
            "Ngày 12/6, tỉnh họp. Năm 2023 tỉnh đạt 90%; phấn đấu đến năm 2025 đạt 95%, tầm nhìn đến năm "
            "2030. Giai đoạn 2021-2025 có 5 dự án.",
            "2023-06-12",
        ),
        # a dated document mentioned in the text
        ("Ngày 12/6, tỉnh triển khai Quyết định ngày 5/6/2023 của UBND tỉnh.", "2023-06-12"),
        ("Ngày 12/6, tỉnh đánh giá kết quả tháng 5 năm 2023.", "2023-06-12"),
        # a school year: its first year from August on, its second before
        ("Sáng 5/9, các trường khai giảng năm học 2023-2024.", "2023-09-05"),
        ("Ngày 25/5, các trường tổng kết năm học 2023-2024.", "2024-05-25"),
        # 29 February exists in the inferred year
        ("Ngày 29/2, tỉnh họp bàn kế hoạch năm 2024.", "2024-02-29"),
    ],
)
def test_year_inference(body, expected):
    assert extract_date([], TITLE, body) == (expected, True)


def test_year_evidence_in_the_title():
    body = "Ngày 12/6, Ban Tuyên giáo tổ chức hội nghị."
    assert extract_date([], "Sơ kết công tác tuyên giáo 6 tháng đầu năm 2023", body) == ("2023-06-12", True)


@pytest.mark.parametrize(
    "body",
    [
        # no year evidence: never guess
        "Ngày 12/6, Ban Tuyên giáo Trung ương tổ chức hội nghị.",
        "Ngày 12/6, tỉnh họp; phấn đấu đến năm 2025 đạt 95%, tầm nhìn 2045.",
        # the text reports a state as of April 2023: a lead in March 2023 contradicts it
        "Ngày 12/3, Ban Tuyên giáo tổ chức hội nghị. Tính đến tháng 4/2023, cả nước có 25.000 mô hình.",
        # invalid lead dates are rejected, never coerced
        "Ngày 31/2, tỉnh họp bàn kế hoạch năm 2024.",
        "Ngày 12/13, tỉnh họp bàn kế hoạch năm 2024.",
        "Ngày 29/2, tỉnh họp bàn kế hoạch năm 2023.",
        "Ngày 31/2/2024, tỉnh họp.",
        # a day range is not one date
        "Ngày 3-4/6, tỉnh tổ chức hội nghị năm 2024.",
        # dates the article merely mentions are not its publication date
        "Thời gian qua, việc thực hiện Kết luận số 01-KL/TW ngày 18-5-2021 đạt nhiều kết quả.",
        "Hội nghị diễn ra ngày 12/6/2024 tại Hà Nội.",
        "12/6, tỉnh họp năm 2024.",
        "",
    ],
)
def test_no_usable_date(body):
    assert extract_date(["logo", "Tiếng Việt | English"], TITLE, body) == ("", False)


def test_nothing_at_all():
    assert extract_date([], "", "") == ("", False)


@pytest.mark.parametrize(
    "name, expected",
    [
        ("000_d9b8657bc8fd347a", ("2023-06-12", True)),
        ("001_6a3104368aca8f7d", ("2024-06-18", False)),
        ("002_0836816378347a55", ("2023-05-18", False)),
        ("003_150bf815c1841948", ("2023-06-09", False)),
        ("004_852d480e45eae4e5", ("2024-05-15", True)),
    ],
)
def test_bundled_seeds(name, expected):
    article, _ = read_page(CORPUS / f"{name}.txt")
    assert extract_date(article.header, article.title, article.body) == expected
