"""Corpus reading: JSON Lines, sidecars, and every kind of bad file reported by name."""

import gzip
import json

from searchapp.corpus.sources import read_corpus

PAGE = "Tiêu đề bài viết về hội nghị của tỉnh\n\nNội dung bài viết đầy đủ.\n\nVăn Linh\n"


def read(paths):
    articles, problems = [], []
    for article, found in read_corpus([str(p) for p in paths]):
        problems += found
        if article is not None:
            articles.append(article)
    return articles, problems


def test_jsonl_records_with_body_or_text_and_extra_fields(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [
        {"id": "x1", "title": "Một", "body": "Nội dung một", "url": "https://e.vn/1", "category": "XH"},
        {"id": 2, "text": "Nội dung hai", "date": "2024-06-18", "province": "Long An"},
    ]), encoding="utf-8")
    articles, problems = read([path])
    assert problems == []
    first, second = articles
    assert (first.id, first.title, first.body, first.url) == ("x1", "Một", "Nội dung một", "https://e.vn/1")
    assert first.extra["category"] == "XH"
    assert (second.id, second.body, second.date, second.province) == ("2", "Nội dung hai", "2024-06-18", "Long An")


def test_gzipped_jsonl(tmp_path):
    path = tmp_path / "a.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "g", "body": "Thân bài"}) + "\n")
    articles, problems = read([path])
    assert [a.id for a in articles] == ["g"] and problems == []


def test_bad_jsonl_lines_are_reported_and_the_rest_read(tmp_path):
    path = tmp_path / "b.jsonl"
    path.write_text('{"id": "ok", "body": "tốt"}\n{"id": "broken", "body": \n[1, 2]\n{"body": "no id"}\n'
                    '{"id": "empty", "body": "  "}\n{"id": "d", "body": "x", "date": "18/6/2024"}\n', encoding="utf-8")
    articles, problems = read([path])
    assert [a.id for a in articles] == ["ok", "d"]
    reasons = [(p.origin, p.reason.split(" (")[0], p.skipped) for p in problems]
    assert reasons == [
        (f"{path}:2", "not valid JSON", True),
        (f"{path}:3", "not a JSON object", True),
        (f"{path}:4", "no id", True),
        (f"{path}:5", "record empty: no body or text", True),
        (f"{path}:6", "record d: date '18/6/2024' is not an ISO date like 2024-06-18", False),
    ]
    assert articles[1].date == ""


def test_truncated_gzip_keeps_what_was_read(tmp_path):
    path = tmp_path / "t.jsonl.gz"
    data = gzip.compress(("\n".join(json.dumps({"id": f"r{i}", "body": "nội dung " * 50}) for i in range(200)) + "\n").encode())
    path.write_bytes(data[: len(data) // 2])
    articles, problems = read([path])
    assert len(articles) > 0 and len(problems) == 1
    assert "cannot read further" in problems[0].reason


def test_bad_raw_files_are_reported_by_name(tmp_path):
    (tmp_path / "good.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes("Hòa bình, café".encode("latin-1"))
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\x00\x00\x01")
    (tmp_path / "utf16.txt").write_bytes(PAGE.encode("utf-16"))
    articles, problems = read([tmp_path])
    assert sorted(a.id for a in articles) == ["good", "utf16"]
    assert {p.origin.split("/")[-1]: p.reason for p in problems} == {
        "binary.txt": "binary file (contains NUL bytes)",
        "empty.txt": "empty file",
        "latin1.txt": "not UTF-8 (byte 0xf2 at offset 1); convert the file to UTF-8",
    }


def test_sidecar_adds_metadata_and_bad_values_are_reported(tmp_path):
    (tmp_path / "a.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "a.json").write_text(json.dumps({"url": "https://x.vn/a", "date": "2024-06-18", "source": "Báo X"}))
    (tmp_path / "b.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps({"date": "hôm qua", "url": "https://x.vn/b"}))
    (tmp_path / "c.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "c.json").write_text("{not json")
    articles, problems = read([tmp_path])
    by_id = {a.id: a for a in articles}
    assert (by_id["a"].url, by_id["a"].date, by_id["a"].source) == ("https://x.vn/a", "2024-06-18", "Báo X")
    assert (by_id["b"].url, by_id["b"].date) == ("https://x.vn/b", "")
    assert by_id["c"].title == "Tiêu đề bài viết về hội nghị của tỉnh"
    assert [(p.origin.split("/")[-1], p.skipped) for p in problems] == [("b.json", False), ("c.json", False)]
    assert "date 'hôm qua' is not an ISO date" in problems[0].reason
    assert problems[1].reason.startswith("sidecar ignored: ")


def test_duplicate_ids_first_wins(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"id": "same", "body": "một"}\n{"id": "same", "body": "hai"}\n')
    articles, problems = read([tmp_path])
    assert [(a.id, a.body) for a in articles] == [("same", "một")]
    assert problems[0].reason == f"duplicate id 'same' (first in {tmp_path / 'a.jsonl'}:1)"


def test_missing_paths_and_wrong_types(tmp_path):
    (tmp_path / "notes.md").write_text("x")
    _, problems = read([tmp_path / "nope", tmp_path / "notes.md", tmp_path])
    assert [p.reason for p in problems] == [
        "no such file or directory", "not a .txt, .jsonl or .jsonl.gz file",
        "no .txt, .jsonl or .jsonl.gz files in this directory"]
