"""python -m searchapp.reindex over a corpus of bad files: each named with its reason, the rest indexed, exit 1."""

import gzip
import json
import tracemalloc

from whoosh import index as whoosh_index

from searchapp.corpus.article import MAX_ARTICLE_BYTES
from searchapp.corpus.jsonl import read_jsonl
from searchapp.indexing.home import IndexHome
from searchapp.reindex import EXIT_SKIPPED, main

PAGE = "Tiêu đề bài viết về hội nghị của tỉnh\n\nNội dung bài viết đầy đủ về hội nghị.\n\nVăn Linh\n"
MB = 1024 * 1024


def record(rid, body="Nội dung bài viết về hội nghị.", **fields):
    return json.dumps({"id": rid, "body": body, **fields}, ensure_ascii=False)


def write_big_text(path, size):
    """A readable text file of exactly size bytes, written in big pieces (fast)."""
    piece = ("Hội nghị cán bộ tỉnh. " * 4000).encode()
    with open(path, "wb") as handle:
        while size > 0:
            handle.write(piece[:size])
            size -= len(piece[:size])


def bad_corpus(tmp_path):
    """Every kind of bad file beside good ones; returns the corpus directory."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(PAGE, encoding="utf-8")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (corpus / "latin1.txt").write_bytes("Hòa bình, café\n".encode("latin-1"))
    (corpus / "utf16bom.txt").write_bytes(PAGE.encode("utf-16"))  # read: the BOM says what it is
    (corpus / "utf16raw.txt").write_bytes(PAGE.encode("utf-16-le"))  # refused: no BOM, never guessed
    (corpus / "dated.txt").write_text(PAGE, encoding="utf-8")
    (corpus / "dated.json").write_text('{"date": "31/02/2024", "source": "Báo X"}', encoding="utf-8")
    write_big_text(corpus / "huge.txt", 50 * MB)
    # Records: a duplicate of good.txt's id (a.jsonl sorts first, so its record wins), a truncated last line.
    (corpus / "a.jsonl").write_text("\n".join([record("good"), record("r1"), record("r1", body="lần hai"),
                                               record("r2")[:-9]]), encoding="utf-8")
    with open(corpus / "big.jsonl", "wb") as handle:  # 50 MB: one record far over the cap between two fine ones
        handle.write((record("b1") + "\n").encode())
        handle.write(b'{"id": "b2", "body": "')
        write_big_text_to(handle, 50 * MB)
        handle.write(b'"}\n')
        handle.write((record("b3") + "\n").encode())
    return corpus


def write_big_text_to(handle, size):
    piece = ("Hội nghị cán bộ tỉnh. " * 4000).encode()
    for _ in range(size // len(piece)):
        handle.write(piece)


def stored_ids(home):
    ix = whoosh_index.open_dir(str(IndexHome(home).current()))
    with ix.searcher() as searcher:
        return sorted(doc["id"] for doc in searcher.all_stored_fields())


def test_each_bad_file_is_named_with_its_reason_and_the_rest_indexed(tmp_path, capsys):
    corpus = bad_corpus(tmp_path)
    home = tmp_path / "ix"
    assert main(["--corpus", str(corpus), "--index", str(home), "--jobs", "1"]) == EXIT_SKIPPED
    err = capsys.readouterr().err.splitlines()
    c = corpus
    big_record = (c / "big.jsonl").stat().st_size - len(record("b1")) - len(record("b3")) - 3
    assert err[:-1] == [
        f"skipped: {c}/a.jsonl:3: duplicate id 'r1' (first in {c}/a.jsonl:2)",
        f"skipped: {c}/a.jsonl:4: not valid JSON (Unterminated string starting at: line 1 column 22 (char 21))",
        f"skipped: {c}/big.jsonl:2: record of {big_record / MB:.1f} MB is over the 2.0 MB limit of one article",
        f"skipped: {c}/binary.txt: binary file (contains NUL bytes)",
        f"warning: {c}/dated.json: sidecar: date '31/02/2024' is not an ISO date like 2024-06-18",
        f"skipped: {c}/empty.txt: empty file",
        f"skipped: {c}/good.txt: duplicate id 'good' (first in {c}/a.jsonl:1)",
        f"skipped: {c}/huge.txt: file of 50.0 MB is over the 2.0 MB limit of one article "
        "(a collection of articles goes in a .jsonl file)",
        f"skipped: {c}/latin1.txt: not UTF-8 (byte 0xf2 at offset 1); convert the file to UTF-8",
        f"skipped: {c}/utf16raw.txt: UTF-16 without a byte-order mark (BOM); save it as UTF-8",
    ]
    assert err[-1].startswith("indexed 6 articles, skipped 9, warnings 1, in ")
    assert stored_ids(home) == ["b1", "b3", "dated", "good", "r1", "utf16bom"]


def test_a_50_mb_jsonl_of_many_records_is_streamed(tmp_path):
    """Every record read, with memory bounded by one record, not by the file."""
    path = tmp_path / "many.jsonl"
    body = "Hội nghị cán bộ tỉnh bàn về công tác xây dựng Đảng. " * 90  # ~5 kB a record
    with open(path, "w", encoding="utf-8") as handle:
        count = 0
        while handle.tell() < 50 * MB:
            handle.write(record(f"m{count}", body) + "\n")
            count += 1
    tracemalloc.start()
    try:
        read = sum(1 for article, problems in read_jsonl(path) if article is not None and not problems)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert read == count and path.stat().st_size >= 50 * MB
    assert peak < 4 * MB


def test_an_over_the_cap_record_in_gzip_is_skipped_and_the_next_read(tmp_path):
    path = tmp_path / "big.jsonl.gz"
    with gzip.open(path, "wb") as handle:
        handle.write(b'{"id": "huge", "body": "' + b"x" * (MAX_ARTICLE_BYTES + 10) + b'"}\n')
        handle.write((record("after") + "\n").encode())
    [(skipped, [problem]), (after, problems)] = list(read_jsonl(path))
    assert skipped is None and problem.reason == "record of 2.0 MB is over the 2.0 MB limit of one article"
    assert (after.id, problems) == ("after", [])


def test_a_record_exactly_at_the_cap_is_read(tmp_path):
    path = tmp_path / "edge.jsonl"
    head, tail = b'{"id": "edge", "body": "', b'"}'
    path.write_bytes(head + b"x" * (MAX_ARTICLE_BYTES - len(head) - len(tail)) + tail + b"\n" + record("next").encode())
    assert [a.id for a, _ in read_jsonl(path)] == ["edge", "next"]
