"""The seed table of the metadata issue, pinned: title, date (inferred?), province, district, author."""

from pathlib import Path

import pytest

from searchapp.corpus.metadata import extract_metadata
from searchapp.corpus.raw import read_page

CORPUS = Path(__file__).resolve().parents[2] / "corpus"

TABLE = [
    ("000_d9b8657bc8fd347a", "Hội nghị trực tuyến đánh giá tình hình thực hiện Kết luận số 01-KL/TW của Bộ Chính trị (khóa XIII)",
     "2023-06-12", True, "Tuyên Quang", "huyện Chiêm Hóa", "Tuyên Quang", "Văn Linh", ""),
    ("001_6a3104368aca8f7d", "Vai trò nòng cốt trong triển khai học tập và làm theo Bác",
     "2024-06-18", False, "Bắc Ninh", "thị xã Quế Võ", "Bắc Ninh", "Thảo Nguyên", "Đoàn Thanh niên Cộng sản Hồ Chí Minh tỉnh Bắc Ninh"),
    ("002_0836816378347a55", "Đảng ủy Khối các cơ quan Trung ương: Góp phần cùng toàn Đảng thực hiện có hiệu quả việc học và làm theo Bác trong hệ thống chính trị",
     "2023-05-18", False, "Trung ương", "", "Trung ương", "Thu Hằng", ""),
    ("003_150bf815c1841948", "Mộc Hóa: Hiệu quả sau 2 năm thực hiện Kết luận số 01-KL/TW",
     "2023-06-09", False, "Long An", "huyện Mộc Hóa", "Tây Ninh", "Kiên Định", ""),
    ("004_852d480e45eae4e5", "Làm từ việc nhỏ nhất đến giải quyết những vấn đề tồn tại kéo dài",
     "2024-05-15", True, "Bình Định", "", "Gia Lai", "Hoài Nhân", "Báo Bình Định"),
]


@pytest.mark.parametrize("row", TABLE, ids=[row[0] for row in TABLE])
def test_seed_metadata(row):
    article, _ = read_page(CORPUS / f"{row[0]}.txt")
    a = extract_metadata(article)
    assert (a.id, a.title, a.date, a.date_inferred, a.province, a.district, a.province_2025, a.author, a.source) == row


def test_sidecar_values_win_over_extraction(tmp_path):
    (tmp_path / "x.txt").write_text((CORPUS / "003_150bf815c1841948.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "x.json").write_text('{"date": "2023-06-10", "province": "Tây Ninh", "source": "Báo Long An"}', encoding="utf-8")
    a = extract_metadata(read_page(tmp_path / "x.txt")[0])
    assert (a.date, a.date_inferred, a.province, a.district, a.province_2025, a.source) == (
        "2023-06-10", False, "Tây Ninh", "", "Tây Ninh", "Báo Long An")
