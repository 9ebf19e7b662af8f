"""Near spellings of unknown words: the terms Whoosh's terms_within finds, read once per first letter."""

import random
import shutil
import threading
from pathlib import Path

import pytest
from whoosh.reading import MultiReader, SegmentReader

import searchapp.search.arrays as arrays_module
from searchapp.indexing.build import build_index
from searchapp.indexing.update import update_index
from searchapp.search import SearchEngine
from searchapp.search.arrays import NEAR_FIELDS
from searchapp.search.engine import _add_fuzzy
from searchapp.search.units import to_units

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def two_segments(tmp_path_factory):
    """IndexArrays of the seed articles after an update: two segments, one article deleted but still in its segment."""
    base = tmp_path_factory.mktemp("near")
    corpus = base / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    build_index([str(corpus)], base / "ix", jobs=1)
    (corpus / "003_150bf815c1841948.txt").unlink()
    (corpus / "005_chuyen_doi_so.txt").write_text("Chuyển đổi số ở Quảng Trị\n\nTỉnh Quảng Trị tổng kết chuyển đổi số.\n",
                                                  encoding="utf-8")
    update_index([str(corpus)], base / "ix", jobs=1)
    return SearchEngine(base / "ix")._index()[2]


def whoosh_near(reader, word, maxdist):
    """What the engine asked Whoosh for before: near terms of both fields, the first letter kept."""
    return set().union(*(reader.terms_within(f, word, maxdist, prefix=1) for f in NEAR_FIELDS))


def misspellings(terms, count):
    """count distinct misspellings (a letter dropped, added, changed, or two swapped), the same each run."""
    rng = random.Random(7)
    out = set()
    while len(out) < count:
        w = list(rng.choice(terms))
        i = rng.randrange(len(w))
        edit = rng.choice("dist")
        if edit == "d" and len(w) > 1:
            del w[i]
        elif edit == "i":
            w.insert(i, rng.choice("aehnoux"))
        elif edit == "s":
            w[i] = rng.choice("aehnoux")
        elif edit == "t" and i + 1 < len(w):
            w[i], w[i + 1] = w[i + 1], w[i]
        out.add("".join(w))
    return sorted(out)


def test_near_spellings_of_seed_misspellings_most_frequent_first(engine):
    arrays = engine._index()[2]
    assert arrays.near_terms("ngoui", 1) == ["nguoi", "ngoai", "ngoi"]  # in 5, 3 and 1 bodies
    assert arrays.near_terms("thanhf", 2) == ["thanh", "than", "thang", "tranh"]
    assert arrays.near_terms("nghiepj", 2) == ["nghiem", "nghien", "nghiep"]
    assert arrays.near_terms("cahc", 1) == ["cac", "cach", "chac"]  # "cach", "chac": letters swapped
    assert arrays.near_terms("hco", 1) == ["ho", "hoc", "hao"]  # same frequency: alphabetical
    assert arrays.near_terms("ahoc", 1) == []  # a wrong first letter is not looked for
    units = to_units("hoc tpa ngoui")
    _add_fuzzy(units, arrays)
    assert [u.fuzzy for u in units] == [[], ["tap", "toa", "tra"], ["nguoi", "ngoai", "ngoi"]]


def test_a_swap_of_neighbour_letters_is_one_edit_on_any_index(engine):
    """Whoosh counted a swap as one edit over several segments, as two in a single segment (a plain DFA)."""
    arrays = engine._index()[2]
    assert isinstance(arrays.reader, SegmentReader)
    assert whoosh_near(arrays.reader, "tpa", 1) == {"toa", "tra"}
    assert arrays.near_terms("tpa", 1) == ["tap", "toa", "tra"]


def test_near_spellings_are_what_whoosh_finds_over_several_segments(two_segments):
    arrays = two_segments
    assert isinstance(arrays.reader, MultiReader)
    assert (arrays.count, arrays.live_count, len(arrays.leaves)) == (6, 5, 2)
    terms = sorted({t for f in NEAR_FIELDS for t in arrays.reader.field_terms(f) if t.isalnum()})
    words = [w for w in misspellings(terms, 400) if w.isalnum()
             and not len(arrays.postings("title_f", w)[0]) and not len(arrays.postings("body_f", w)[0])]
    assert len(words) == 321
    for word in words:
        maxdist = 2 if len(word) >= 6 else 1
        near = arrays.near_terms(word, maxdist)
        assert set(near) == whoosh_near(arrays.reader, word, maxdist) and len(near) == len(set(near)), word
    # Terms of the deleted article count, as in Whoosh: "vuot" is in no live document.
    assert arrays.near_terms("vout", 1) == ["vuot"] and len(arrays.postings("body_f", "vuot")[0]) == 0
    assert whoosh_near(arrays.reader, "vout", 1) == {"vuot"}


def test_terms_are_read_on_the_first_unknown_word_per_first_letter(seed_index):
    engine = SearchEngine(seed_index)
    right = [h["id"] for h in engine.search({"q": "hoc tap lam theo bac"})["hits"]]
    arrays = engine._index()[2]
    assert arrays._term_groups == {}  # known words only: nothing read
    assert [h["id"] for h in engine.search({"q": "hoc tpa lam theo bac"})["hits"]] == right == [
        "001_6a3104368aca8f7d", "002_0836816378347a55", "004_852d480e45eae4e5", "000_d9b8657bc8fd347a",
        "003_150bf815c1841948"]
    assert list(arrays._term_groups) == ["t"]
    assert arrays._term_groups["t"][:5] == ["tac", "tai", "tam", "tan", "tang"]


def test_each_letter_is_read_once_by_concurrent_threads(seed_index, monkeypatch):
    calls = []
    real = arrays_module.term_group
    monkeypatch.setattr(arrays_module, "term_group", lambda *a: calls.append(a[2]) or real(*a))
    arrays = SearchEngine(seed_index)._index()[2]
    results = []
    barrier = threading.Barrier(6)

    def look():
        barrier.wait()
        results.append((arrays.near_terms("tpa", 1), arrays.near_terms("ngoui", 1)))

    threads = [threading.Thread(target=look) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [(["tap", "toa", "tra"], ["nguoi", "ngoai", "ngoi"])] * 6
    assert sorted(calls) == ["n", "t"]
