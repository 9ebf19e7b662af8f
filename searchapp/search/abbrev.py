"""Civic abbreviations and their full forms; a query with either finds both.

| abbreviation | full form |
|---|---|
| UBND | Ủy ban nhân dân |
| HĐND | Hội đồng nhân dân |
| CBĐV | cán bộ, đảng viên |
| BTV | Ban Thường vụ |
| BCH | Ban Chấp hành |
| MTTQ | Mặt trận Tổ quốc |
| TW | Trung ương |
| BCT | Bộ Chính trị |
| BTG | Ban Tuyên giáo |
| TP HCM, TP.HCM, TPHCM | Thành phố Hồ Chí Minh |
| TP | thành phố |
| CNXH | chủ nghĩa xã hội |
| THPT | trung học phổ thông |
| THCS | trung học cơ sở |
| CSGT | cảnh sát giao thông |
| KT-XH | kinh tế - xã hội |
| ĐBSCL | Đồng bằng sông Cửu Long |
| QĐ | quyết định |
| NĐ-CP | nghị định Chính phủ |
"""

from functools import lru_cache

from ..text.fold import fold
from ..text.tokenize import syllables

TABLE = [
    (["UBND"], "Ủy ban nhân dân"),
    (["HĐND"], "Hội đồng nhân dân"),
    (["CBĐV"], "cán bộ, đảng viên"),
    (["BTV"], "Ban Thường vụ"),
    (["BCH"], "Ban Chấp hành"),
    (["MTTQ"], "Mặt trận Tổ quốc"),
    (["TW"], "Trung ương"),
    (["BCT"], "Bộ Chính trị"),
    (["BTG"], "Ban Tuyên giáo"),
    (["TP HCM", "TPHCM", "HCM"], "Thành phố Hồ Chí Minh"),
    (["TP"], "thành phố"),
    (["CNXH"], "chủ nghĩa xã hội"),
    (["THPT"], "trung học phổ thông"),
    (["THCS"], "trung học cơ sở"),
    (["CSGT"], "cảnh sát giao thông"),
    (["KT-XH", "KTXH"], "kinh tế - xã hội"),
    (["ĐBSCL"], "Đồng bằng sông Cửu Long"),
    (["QĐ"], "quyết định"),
]


def _folded(text):
    return tuple(fold(p) for s in syllables(text) if s.kind != "punct" for p in s.parts)


@lru_cache(maxsize=1)
def variants():
    """Folded syllable sequence -> all folded sequences that mean the same (itself included)."""
    table = {}
    for abbreviations, full in TABLE:
        group = [_folded(a) for a in abbreviations] + [_folded(full)]
        for seq in group:
            table[seq] = group
    return table


def match_at(folded, i):
    """The longest table entry starting at folded[i]: (length, alternatives) or (0, None).

    >>> match_at(("so", "ubnd", "tinh"), 1)
    (1, [('ubnd',), ('uy', 'ban', 'nhan', 'dan')])
    >>> match_at(("uy", "ban", "nhan", "dan", "xa"), 0)[0]
    4
    """
    table = variants()
    for size in range(min(6, len(folded) - i), 0, -1):
        seq = tuple(folded[i : i + size])
        if seq in table:
            return size, table[seq]
    return 0, None
