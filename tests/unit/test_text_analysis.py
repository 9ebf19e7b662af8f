"""Every text-analysis rule: NFC, tone placement, folding, syllables with offsets, codes, segmentation."""

import json
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from searchapp.text.analyzers import (
    accented_analyzer, folded_analyzer, pair_analyzer, word_analyzer,
)
from searchapp.text.crf_features import sentence_features
from searchapp.text.fold import fold, has_accents
from searchapp.text.segment import _tokenizer, compounds, segmented
from searchapp.text.tokenize import canonical_code, syllables
from searchapp.text.unicode import nfc_with_offsets, normalize_tone


def texts(analyzer, value):
    return [t.text for t in analyzer(value)]


@pytest.mark.parametrize("old, new", [
    ("hoà", "hòa"), ("uỷ", "ủy"), ("toạ", "tọa"), ("khoá", "khóa"), ("thuỷ", "thủy"), ("Hoà", "Hòa"),
    ("HOÀ", "HÒA"), ("loè", "lòe"), ("khoẻ", "khỏe"), ("quý", "quý"), ("thuở", "thuở"), ("mùa", "mùa"),
    ("muà", "mùa"), ("hoạch", "hoạch"), ("quyết", "quyết"), ("ngoài", "ngoài"), ("giữ", "giữ"), ("gì", "gì"),
])
def test_tone_placement_is_unified(old, new):
    assert normalize_tone(old) == new


def test_different_tones_stay_different_words():
    analyzer = accented_analyzer()
    assert texts(analyzer, "hòa hóa hoa hoà Hoá") == ["hòa", "hóa", "hoa", "hòa", "hóa"]


def test_nfd_input_gives_identical_tokens_and_original_offsets():
    nfc = "Thị uỷ Quế Võ hoà"
    nfd = unicodedata.normalize("NFD", nfc)
    assert len(nfd) > len(nfc)
    for make in (folded_analyzer, accented_analyzer, pair_analyzer):
        assert texts(make(), nfd) == texts(make(), nfc)
    tokens = [(t.text, t.startchar, t.endchar) for t in accented_analyzer()(nfd, chars=True)]
    assert [nfd[s:e] for _, s, e in tokens] == [unicodedata.normalize("NFD", w) for w in nfc.split()]


def test_nfc_offsets_map_back():
    text = unicodedata.normalize("NFD", "Hà Nội")
    nfc, offsets = nfc_with_offsets(text)
    assert nfc == "Hà Nội"
    assert [text[offsets[i]:offsets[i + 1]] for i in range(len(nfc))][1] == "a\u0300"


def test_folding():
    assert fold("Đảng ủy Thị uỷ HOÀ Bình") == "dang uy thi uy hoa binh"
    assert fold("đ Đ") == "d d"
    assert has_accents("đi") and not has_accents("di 25.000")


def test_syllable_offsets_point_into_the_original():
    text = "Ngày 12/6, Ban Tuyên giáo “học tập”"
    for syl in syllables(text):
        assert text[syl.start:syl.end] == syl.text


@pytest.mark.parametrize("text, token", [
    ("Kết luận số 01-KL/TW.", "01-KL/TW"), ("Chỉ thị 05-CT/TW", "05-CT/TW"),
    ("Quyết định 1234/QĐ-UBND ngày", "1234/QĐ-UBND"), ("trên 25.000 mô hình", "25.000"),
    ("ngày 18.5.2021", "18.5.2021"), ("ngày 18-5-2021", "18-5-2021"), ("tháng 4/2023", "4/2023"),
])
def test_codes_numbers_and_dates_are_single_tokens(text, token):
    assert token in [s.text for s in syllables(text)]


def test_codes_are_searchable_whole_and_by_parts():
    tokens = [(t.text, t.pos) for t in folded_analyzer()("số 1234/QĐ-UBND", positions=True)]
    assert tokens == [
        ("so", 0), ("1234/qd-ubnd", 1), ("1234", 1), ("qd", 2), ("ubnd", 3)]


def test_dates_have_one_spelling():
    assert canonical_code("18.05.2021") == canonical_code("18-5-2021") == "18/5/2021"
    assert texts(folded_analyzer(), "18.5.2021")[0] == "18/5/2021"


def test_hyphenated_words_are_not_codes():
    assert [s.text for s in syllables("Bà Rịa-Vũng Tàu") if s.kind != "punct"] == ["Bà", "Rịa", "Vũng", "Tàu"]


def test_sentence_final_period_is_not_swallowed():
    assert [s.text for s in syllables("thực hiện TW.")] == ["thực", "hiện", "TW", "."]


def test_pairs_ignore_punctuation():
    assert texts(pair_analyzer(), "cán bộ, đảng viên") == ["can bo", "bo dang", "dang vien"]


def test_segmentation_joins_words_and_keeps_offsets():
    text = "Ban Tuyên giáo Thị uỷ đẩy mạnh học tập"
    assert compounds(text) == ["Tuyên_giáo", "Thị_uỷ", "đẩy_mạnh", "học_tập"]
    assert texts(word_analyzer(), segmented(text)) == ["tuyên_giáo", "thị_ủy", "đẩy_mạnh", "học_tập"]


def test_old_and_new_tone_placement_segment_to_the_same_word():
    assert texts(word_analyzer(), segmented("Thị uỷ")) == texts(word_analyzer(), segmented("Thị ủy"))


def test_index_and_query_analysis_agree():
    """A query typed any way yields terms that the indexed text contains."""
    doc = "Ban Tuyên giáo Thị uỷ Quế Võ hoà nhập, số 01-KL/TW"
    for query in ("thi uy que vo", "Thị ủy Quế Võ", "THỊ UỶ", "01-KL/TW", unicodedata.normalize("NFD", "Thị ủy")):
        for make in (folded_analyzer, pair_analyzer):
            assert set(texts(make(), query)) <= set(texts(make(), doc)), (query, make)
    assert set(texts(accented_analyzer(), "Thị ủy hòa")) <= set(texts(accented_analyzer(), doc))


def test_segmenter_loads_without_scikit_learn_and_tags_as_pyvi_does():
    # A fresh interpreter: the model is loaded once per process.
    code = (
        "import sys\n"
        "from searchapp.text.segment import _tokenizer\n"
        "vi = _tokenizer()\n"
        "assert 'sklearn' not in sys.modules and 'scipy' not in sys.modules\n"
        "print(vi.tokenize('Ban Tuyên giáo Thị ủy đẩy mạnh học tập và làm theo Bác'))\n"
        "import sklearn.base\n"
        "print(sys.modules['sklearn'] is not None)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines() == [
        "Ban Tuyên_giáo Thị_ủy đẩy_mạnh học_tập và làm theo Bác",
        "True",
    ]


def _corpus_sentences():
    """Syllable lists of every line of the bundled corpus and of the locality test set's texts."""
    root = Path(__file__).resolve().parents[2]
    texts = [path.read_text(encoding="utf-8") for path in sorted((root / "corpus").glob("*.txt"))]
    for line in (root / "tests/data/locality/labels.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        texts += [record["title"], record["evidence"] or ""]
    lines = [line for text in texts for line in text.splitlines()]
    return [words for words in ([s.text for s in syllables(line)] for line in lines) if words]


def test_crf_features_tag_exactly_as_pyvis_own():
    vi = _tokenizer()
    sentences = _corpus_sentences()
    assert (len(sentences), sum(map(len, sentences))) == (424, 12_500)
    for words in sentences:
        ours = vi.model.predict_single(sentence_features(words, vi.bi_grams, vi.tri_grams))
        assert ours == vi.model.predict_single(vi.sent2features(words, False)), words
