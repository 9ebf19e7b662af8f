"""Locality of an article: the province, district and 2025 province it centres on.

Names are matched on folded syllables (accent-insensitive, đ→d) but only whole syllables, and a
name is looked up as its syllables joined without spaces, the gazetteer's key form ("Chiêm Hóa" →
``chiemhoa``). Context words around a name (type prefixes, person titles, street words) are read
accented, since folding merges ``xã`` (commune) with ``xa`` (far), ``bản`` with ``ban``.

Evidence is weighed by where it stands (title, lead, body, footer), and an article gets a province
only when one province clearly leads; otherwise every part stays '' (a wrong place is worse than
none).
"""

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache

from searchapp.text.fold import fold
from searchapp.text.unicode import normalize_tone

from . import gazetteer

CENTRAL = "Trung ương"

# ---------------------------------------------------------------------------------------------
# Tables. Keys are folded syllables joined without spaces; context words are accented lowercase.

# Spellings that are not the gazetteer's short names. Bare "Hồ Chí Minh" is deliberately absent:
# it is mostly the president (tư tưởng Hồ Chí Minh, Đoàn TNCS Hồ Chí Minh, đường Hồ Chí Minh).
PROVINCE_ALIASES = {
    "tphcm": "Hồ Chí Minh", "hcmc": "Hồ Chí Minh", "saigon": "Hồ Chí Minh",
    "thuathienhue": "Huế", "thuathien": "Huế", "tthue": "Huế",
    "brvt": "Bà Rịa - Vũng Tàu", "vungtau": "Bà Rịa - Vũng Tàu", "baria": "Bà Rịa - Vũng Tàu",
    "hatay": "Hà Nội",  # merged into Hà Nội in 2008
    "daclac": "Đắk Lắk", "daklac": "Đắk Lắk", "dacnong": "Đắk Nông", "backan": "Bắc Kạn",
    "baccan": "Bắc Kạn",
}
# Names valid only after "TP"/"thành phố" (bare they are a person or an abbreviation).
CITY_ONLY = {"hochiminh": "Hồ Chí Minh", "hcm": "Hồ Chí Minh", "hn": "Hà Nội"}
PROVINCE_CITIES = {"Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế"}

# Press tags of provincial papers at the start of the lead. National tags ((TTO), (TNO), (NLĐ),
# (TTXVN), (VnExpress), (Dân trí)...) are not places and are simply not listed.
PRESS_TAGS = {
    "BĐ": "Bình Định",  # Báo Bình Định
    "QNO": "Quảng Nam",  # Báo Quảng Nam online
    "GLO": "Gia Lai",  # Báo Gia Lai online
    "QBĐT": "Quảng Bình",  # Báo Quảng Bình điện tử
    "BTO": "Bình Thuận",  # Báo Bình Thuận online
}

# Countries, foreign regions and big foreign cities: evidence that the story happens abroad.
FOREIGN = """Mỹ, Hoa Kỳ, Trung Quốc, Nhật Bản, Nhật, Hàn Quốc, Triều Tiên, Bình Nhưỡng, Nga, Pháp,
Anh Quốc, Vương quốc Anh, Đức, Italy, Ý, Tây Ban Nha, Bồ Đào Nha, Hà Lan, Bỉ, Thụy Sĩ, Thụy Sỹ,
Thụy Điển, Na Uy, Đan Mạch, Phần Lan, Áo, Ba Lan, Séc, Hungary, Hy Lạp, Thổ Nhĩ Kỳ, Ukraine,
Australia, Úc, New Zealand, Canada, Brazil, Argentina, Mexico, Ấn Độ, Pakistan, Iran, Iraq,
Israel, Palestine, Ai Cập, Nam Phi, Lào, Campuchia, Thái Lan, Malaysia, Singapore, Indonesia,
Philippines, Myanmar, Đài Loan, Hồng Kông, Hong Kong, Ma Cao, Ả Rập, Saudi Arabia, Afghanistan,
Cuba, Venezuela, Chile, Colombia, Peru, Nigeria, Kenya, châu Âu, châu Phi, châu Mỹ, Liên Xô,
New York, London, Paris, Tokyo, Bắc Kinh, Thượng Hải, Washington, Moscow, Matxcơva, Seoul,
Bangkok, Sydney, Berlin, Rome, Madrid, Geneva, Zurich, Vientiane, Viêng Chăn, Phnom Penh,
Kuala Lumpur, Jakarta, Manila, Osaka, Los Angeles, California, Texas, Florida, Hawaii, Iowa,
Kentucky, Chicago, Boston, Stockholm, Brussels, Liên minh châu Âu, EU, Mỹ Latinh, Arkansas"""
# Single-syllable foreign names that are also common words or given names count only after one
# of these words ("nước Anh", "tại Đức"), never "tiếng Anh" (the language).
FOREIGN_GUARDED = {"anh", "duc", "nga", "y", "uc", "bi", "ao", "seo", "lao", "eu", "nhat"}
# Words after which a capitalised Mỹ/Pháp/Nhật is a compound, not the country ("Mỹ phẩm",
# "Pháp lệnh", "Nhật ký").
FOREIGN_COMPOUNDS = {
    "my": {"phẩm", "thuật", "nghệ", "viện", "mãn", "quan", "học", "nhân", "vị", "miều", "lệ",
           "cảm", "tục", "từ", "nữ", "kim", "tửu"},
    "phap": {"luật", "lệnh", "lý", "nhân", "chế", "quy", "sư", "danh", "y", "định", "trị",
             "môn", "chủ", "trường", "đình", "đàn", "thuật", "khí", "bảo", "tạng", "hội"},
    "nhat": {"ký", "báo", "thực", "trình", "dụng", "tụng", "lệnh", "nguyệt"},
}
FOREIGN_CUES = {"nước", "tại", "ở", "sang", "của", "người", "quốc", "vương", "chlb", "phía",
                "với", "từ", "đến", "thăm"}

# Central bodies: a title naming one as its subject makes the article "Trung ương".
CENTRAL_TERMS = [s.split() for s in """trung uong|ban bi thu|bo chinh tri|quoc hoi|chinh phu|
thu tuong|chu tich nuoc|tong bi thu|ngan hang nha nuoc|kiem toan nha nuoc|mat tran to quoc|
toa an nhan dan toi cao|vien kiem sat nhan dan toi cao|dai hoi dang|bo truong|
dang uy khoi cac co quan trung uong|ban tuyen giao trung uong""".replace("\n", "").split("|")]
# "Bộ X" (a ministry) is central too, unless it is a local command ("Bộ Chỉ huy quân sự tỉnh").
MINISTRY_NOT = {"chỉ", "đội", "đàm", "sưu", "phận", "máy", "mặt", "sách"}

# Type words before a name: accented lowercase tokens -> role. Roles: "tinh" (province),
# "tp" (province-level city or district city), a district kind, or "ward" (skip the name).
PREFIXES = {
    ("tỉnh",): "tinh", ("tỉnh", "ủy"): "tinh",
    ("thành", "phố"): "tp", ("tp",): "tp", ("thành", "ủy"): "tp", ("thủ", "đô"): "tinh",
    ("huyện",): "huyện", ("huyện", "ủy"): "huyện", ("h",): "huyện",
    ("quận",): "quận", ("quận", "ủy"): "quận", ("q",): "quận",
    ("thị", "xã"): "thị xã", ("thị", "ủy"): "thị xã", ("tx",): "thị xã",
    ("xã",): "ward", ("phường",): "ward", ("thị", "trấn"): "ward", ("thôn",): "ward",
    ("ấp",): "ward", ("bản",): "ward", ("làng",): "ward", ("khóm",): "ward", ("p",): "ward",
    ("tt",): "ward", ("xóm",): "ward", ("khu", "phố"): "ward",
}
# One-letter abbreviations count as prefixes only written "H." / "Q." (or "Q1").
DOTTED = {("h",), ("q",), ("p",), ("tt",)}

# Words right before a bare name that make it something other than this article's place.
STREET_WORDS = {"đường", "phố", "ngõ", "ngách", "hẻm", "kiệt", "lộ", "số", "cầu", "chợ", "bến",
                "ga", "nhà", "khu", "cụm", "tuyến", "sông", "núi", "đèo", "hồ", "vịnh", "quảng"}
PERSON_WORDS = {"ông", "bà", "anh", "chị", "em", "cô", "chú", "bác", "cụ", "thầy", "cháu", "bé",
                "cậu", "chàng", "nàng", "lão", "dì", "mợ", "thím", "vợ", "chồng", "mẹ", "bố", "cha",
                "con", "nsnd", "nsưt", "gs", "pgs", "ts", "ths", "bs", "ls", "nhà văn", "ca sĩ",
                "nghệ sĩ", "tên", "gọi", "hiệu", "biệt"}
SURNAMES = {"nguyễn", "trần", "lê", "phạm", "hoàng", "huỳnh", "phan", "vũ", "võ", "đặng", "bùi",
            "đỗ", "hồ", "ngô", "dương", "lý", "đinh", "đoàn", "trương", "mai", "lương", "lâm",
            "tạ", "tô", "trịnh", "quách", "vương", "cao", "đào", "chu", "kiều", "lưu", "hà",
            "văn", "thị", "hữu", "đức", "công", "đình", "quốc", "ngọc", "thanh", "minh", "xuân",
            "thu", "kim", "bá", "khắc", "duy", "quang", "tiến", "mạnh"}
# Weight of a mention whose near left context is one of these: a home town or a residence is
# often not where the story happens.
CONTEXT_WEIGHT = {"quê": 0.3, "gốc": 0.3, "người": 0.5, "trú": 0.7, "ngụ": 0.7}
# Heads of firm, school, hospital and paper names: "Công ty Bắc Sơn", "Bệnh viện Đa khoa Thái
# Bình" are names, not places. Looked for a few words back, stopping at a preposition ("Công ty X
# tại Hà Nội" does place it).
ORG_HEADS = {"công ty", "cty", "tập đoàn", "tổng công ty", "bệnh viện", "bv", "ngân hàng",
             "khách sạn", "nhà hàng", "trường", "đại học", "đh", "học viện", "nhà máy",
             "xí nghiệp", "hợp tác xã", "htx", "báo", "tạp chí", "nhà xuất bản", "nxb", "clb",
             "câu lạc bộ", "đội bóng", "siêu thị", "thương xá", "cửa hàng", "hãng", "nhãn hiệu",
             "thương hiệu", "tàu", "nhà hát", "rạp", "trung tâm thương mại", "quán", "hiệu"}
ORG_STOPS = {"tại", "ở", "của", "trên", "thuộc", "và", "từ", "chi", "cho", "với", "về", "đến",
             "ra", "vào", "tỉnh", "thành", "huyện", "quận", "xã", "phường", "nhánh", "là"}
# District names that are also heroes, battles, streets or disputed islands: only with a prefix.
PREFIX_ONLY = {"dienbienphu", "haibatrung", "quangtrung", "dongda", "hongbang", "hoangsa",
               "truongsa", "thongnhat", "camlo", "tanphu", "binhtan", "bachlongvi", "thuduc"}

ZONE_WEIGHT = {"title": 3.0, "lead": 1.5, "body": 1.0, "footer": 2.0}
DATELINE_WEIGHT = 3.0  # "(X) -" / "X -" at the start of the lead
TAG_WEIGHT = 4.0
MIN_SCORE = 2.0  # weaker evidence than one title mention (or a lead mention and one more) is no place
MIN_RATIO = 2.0  # the best province needs twice the evidence of the runner-up
DISTRICT_MIN = 2.0
DISTRICT_RATIO = 2.0
MAX_NGRAM = 5


@dataclass(frozen=True)
class Tok:
    """One word token: its text, accented lowercase, folded form, offsets and glue to the left."""

    text: str
    low: str
    key: str
    start: int
    end: int
    glue: bool  # joined to the previous token by a space or a hyphen only (same name possible)
    spaced: bool  # separated from the previous token by spaces only
    sentence: bool  # first token of a sentence or line

    @property
    def cap(self):
        """Written with a capital or a digit, as names are."""
        return self.text[0].isupper() or self.text[0].isdigit()


@dataclass(frozen=True)
class Mention:
    """One place found in the text."""

    kind: str  # "province", "district", "foreign"
    provinces: tuple  # candidate provinces (one for a province mention)
    weight: float
    zone: str
    districts: tuple = ()  # candidate District records for a district mention
    written: str = ""  # type word as written ("huyện"...), '' when bare
    name: str = ""  # the name as written, for former names


# ---------------------------------------------------------------------------------------------
# Lexicon


@dataclass(frozen=True)
class Lexicon:
    """Lookup tables built once from the gazetteer."""

    provinces: dict  # key -> province (bare allowed)
    cities: dict  # key -> province, after "TP"/"thành phố" only
    districts: dict  # key -> ((District, kind, former), ...)
    foreign: set
    starts: dict  # first syllable key -> longest n-gram starting with it
    unique: dict  # district key -> the only province that has it, for unambiguous names


def _syllable_keys(text):
    """Folded syllables of a name, e.g. "Bà Rịa - Vũng Tàu" -> ['ba', 'ria', 'vung', 'tau']."""
    return re.findall(r"[a-z0-9]+", fold(text))


@lru_cache(maxsize=1)
def lexicon():
    """The lookup tables (built once; about 10 ms)."""
    gaz = gazetteer.load()
    provinces = {gazetteer.key(p): p for p in gaz.provinces if p != "Hồ Chí Minh"}
    provinces.update(PROVINCE_ALIASES)
    cities = dict(provinces)
    cities.update(CITY_ONLY)
    foreign = {gazetteer.key(n) for n in FOREIGN.replace("\n", " ").split(",")}
    starts = {}
    names = [p for p in gaz.provinces] + list(PROVINCE_ALIASES) + list(CITY_ONLY)
    names += [d.name for d in gaz.districts] + FOREIGN.replace("\n", " ").split(",")
    names += ["Thừa Thiên - Huế", "TT Huế", "BR VT", "Sài Gòn", "Hà Tây", "Hồ Chí Minh"]
    for name in names:
        syl = _syllable_keys(name)
        if syl:
            starts[syl[0]] = max(starts.get(syl[0], 1), len(syl))
    for k in gaz.district_keys:  # former names are folded keys already; any split may start them
        for i in range(1, len(k) + 1):
            starts[k[:i]] = max(starts.get(k[:i], 1), 4)
    unique = {}
    for k, entries in gaz.district_keys.items():
        owners = {d.province for d, _, _ in entries}
        if len(owners) == 1:
            unique[k] = owners.pop()
    return Lexicon(provinces, cities, gaz.district_keys, foreign, starts, unique)


# ---------------------------------------------------------------------------------------------
# Tokens


_WORD = re.compile(r"\w+")
_GLUE = re.compile(r"[ \t\u00a0]{1,2}|[ \t\u00a0]*[-–][ \t\u00a0]*")
_SENTENCE_END = re.compile(r"[.!?:;\n\"“”(]|^\s*[-–•*]")
_ABBREVIATIONS = {"tp", "q", "h", "tx", "p", "tt", "br", "t"}


@lru_cache(maxsize=200_000)
def _low(word):
    """Accented lowercase with one tone placement ("Uỷ" -> "ủy")."""
    return normalize_tone(word.lower())


def tokenize(text):
    """Word tokens of text (NFC) with glue flags."""
    toks = []
    prev_end, prev_key = 0, ""
    for m in _WORD.finditer(text):
        word = m.group()
        sep = text[prev_end:m.start()]
        first = not toks
        # No glue between numbers ("1-1,3 m2" is not quận 11).
        glue = not first and not (word.isdigit() and prev_key.isdigit()) and (
            bool(_GLUE.fullmatch(sep)) or (prev_key in _ABBREVIATIONS and sep in (".", ". ")))
        spaced = not first and sep.strip(" \t\u00a0") == "" and "\n" not in sep
        sentence = first or bool(_SENTENCE_END.search(sep))
        key = fold(word)
        toks.append(Tok(word, _low(word), key, m.start(), m.end(), glue, spaced, sentence))
        prev_end, prev_key = m.end(), key
    return toks


# ---------------------------------------------------------------------------------------------
# Matching


def _match_prefix(toks, i):
    """(role, length, type word as written) of a type prefix at i, or None."""
    for size in (2, 1):
        if i + size > len(toks):
            continue
        words = tuple(t.low for t in toks[i:i + size])
        if size == 2 and not toks[i + 1].spaced:
            continue
        role = PREFIXES.get(words)
        if role is None:
            continue
        if words in DOTTED:
            # "H. Củ Chi", "Q.1", "P.14": an upper-case letter with its dot
            nxt = toks[i + 1] if i + 1 < len(toks) else None
            if not toks[i].text.isupper() or nxt is None or not nxt.glue or \
                    toks[i].end == nxt.start and not nxt.text.isdigit():
                continue
        return role, size, _written(words, role)
    return None


def _written(words, role):
    """The district type a prefix states ("Huyện ủy" -> "huyện", "TX" -> "thị xã")."""
    if role == "tp":
        return "thành phố"
    if role in gazetteer.KINDS.values():
        return role
    return ""


def _names_at(toks, i, lex):
    """Candidate (length, key) of names starting at token i, longest first."""
    first = toks[i].key
    longest = lex.starts.get(first)
    if longest is None:
        return []
    out = []
    key = ""
    for j in range(i, min(len(toks), i + MAX_NGRAM)):
        if j > i and not toks[j].glue:
            break
        key += toks[j].key
        out.append((j - i + 1, key))
    return out[::-1]


def _quarter_number(tok):
    """N of a "Q1"/"Q10" token (HCM style), else None."""
    m = re.fullmatch(r"Q(\d{1,2})", tok.text)
    return m.group(1) if m else None


def _context_weight(toks, i):
    """Weight factor from the words just left of token i (home towns, firm names...)."""
    for back in (1, 2, 3):
        if i - back < 0:
            break
        words = " ".join(t.low for t in toks[i - back:i])
        factor = CONTEXT_WEIGHT.get(words)
        if factor is not None:
            return factor
        if toks[i - back + 1].sentence if i - back + 1 < i else False:
            break
    return 1.0


def _org_name(toks, i):
    """True when the name at token i continues a firm, school or hospital name."""
    for back in range(1, 6):
        j = i - back
        if j < 0 or toks[j + 1].sentence:
            return False
        if toks[j].low in ORG_STOPS:
            return False
        if toks[j].low in ORG_HEADS or j >= 1 and toks[j - 1].low + " " + toks[j].low in ORG_HEADS:
            return True
    return False


def _bare_ok(toks, i, n):
    """True when a bare name at toks[i:i+n] is a place, not part of a person's or a longer name."""
    span = toks[i:i + n]
    if not all(t.cap for t in span):
        return False
    prev = toks[i - 1] if i > 0 else None
    if prev is not None and span[0].spaced and not span[0].sentence:
        if prev.low in PERSON_WORDS or prev.low in STREET_WORDS:
            return False
        if prev.cap and not prev.text.isupper():
            # Capitalised word right before: a person ("Nguyễn Thanh Xuân") or a longer name
            # ("Nhà hát Lớn Hà Nội"), unless it only starts the sentence ("Tại Hà Nội").
            if prev.low in SURNAMES or not prev.sentence:
                return False
    if i >= 2 and span[0].spaced and not span[0].sentence:
        pair = toks[i - 2].low + " " + prev.low
        if pair in PERSON_WORDS or toks[i - 2].low in ("đường", "phố") and prev.cap:
            return False
    if _org_name(toks, i):
        return False
    nxt = toks[i + n] if i + n < len(toks) else None
    if nxt is not None and nxt.spaced and not nxt.sentence and nxt.cap and not nxt.text.isupper() \
            and not nxt.text.isdigit():
        return False  # "Mê Linh Point", "Hà Nội Mới": a longer name
    return True


def _district_candidates(entries, written, bare):
    """Entries of a district key usable with the written type (bare: current names only)."""
    out = []
    for d, kind, former in entries:
        if bare and (former or kind):
            continue
        if former and not written:
            continue
        if kind and written and kind != written and d.kind != written:
            continue
        out.append(d)
    if written:
        typed = [d for d in out if d.kind == written]
        out = typed or out
    return tuple(dict.fromkeys(out))


def _prefixed(toks, i, role, size, written, zone, lex):
    """Mention (or None) and tokens consumed for a type prefix at i followed by a name."""
    j = i + size
    if j >= len(toks) or not toks[j].glue and not toks[j].spaced:
        return None, size
    if not toks[j].cap:
        return None, size
    for n, key in _names_at(toks, j, lex):
        name = " ".join(t.text for t in toks[j:j + n])
        if role == "ward":
            if key in lex.districts or key in lex.provinces:
                return None, size + n  # a commune or ward with a district's name: skip it
            continue
        if role in ("tinh", "tp"):
            province = lex.cities.get(key) if role == "tp" else lex.provinces.get(key)
            if province and (role == "tinh" or province in PROVINCE_CITIES or key not in lex.districts):
                return Mention("province", (province,), 1.0, zone), size + n
        if role != "tinh" and key in lex.districts:
            cands = _district_candidates(lex.districts[key], written, bare=False)
            if cands:
                provs = tuple(dict.fromkeys(d.province for d in cands))
                return Mention("district", provs, 1.0, zone, cands, written, name), size + n
        if role == "tp" and key in lex.foreign:
            return Mention("foreign", (), 1.0, zone), size + n
    return None, size


def _bare(toks, i, zone, lex):
    """Mention (or None) and tokens consumed for a bare name at i."""
    for n, key in _names_at(toks, i, lex):
        if key in lex.provinces:
            ok = _bare_ok(toks, i, n)
            return (Mention("province", (lex.provinces[key],), 1.0, zone) if ok else None), n
        if key in lex.districts:
            cands = _district_candidates(lex.districts[key], "", bare=True)
            if not cands:
                return None, n
            safe = (n >= 2 and not key.isdigit() and key in lex.unique and key not in PREFIX_ONLY
                    and toks[i].low not in SURNAMES)
            if safe and _bare_ok(toks, i, n):
                provs = tuple(dict.fromkeys(d.province for d in cands))
                return Mention("district", provs, 1.0, zone, cands), n
            return None, n
        if key in lex.foreign:
            if _foreign_ok(toks, i, n, key):
                return Mention("foreign", (), 1.0, zone), n
            return None, n
    return None, 1


def _foreign_ok(toks, i, n, key):
    """True when a foreign name is one: guarded short names need a cue word before them."""
    if not _bare_ok(toks, i, n) and not (n == 1 and key == "eu"):
        return False
    if key in FOREIGN_GUARDED:
        prev = toks[i - 1].low if i > 0 else ""
        return prev in FOREIGN_CUES
    nxt = toks[i + n] if i + n < len(toks) else None
    if key in FOREIGN_COMPOUNDS and nxt is not None and nxt.spaced and nxt.low in FOREIGN_COMPOUNDS[key]:
        return False
    return not (i > 0 and toks[i - 1].low == "tiếng")


def mentions(text, zone, lex=None):
    """All place mentions in text, in order."""
    lex = lex or lexicon()
    toks = tokenize(unicodedata.normalize("NFC", text))
    spans = []
    i = 0
    while i < len(toks):
        found, used = _mention_at(toks, i, zone, lex)
        if found:
            factor = _context_weight(toks, i)
            spans.append([found, factor, i, i + max(used, 1)])
        i += max(used, 1)
    _halve_routes(toks, spans)
    return [Mention(m.kind, m.provinces, m.weight * f, zone, m.districts, m.written, m.name)
            for m, f, _, _ in spans]


def _mention_at(toks, i, zone, lex):
    """Mention (or None) starting at token i, and the tokens it uses."""
    number = _quarter_number(toks[i])
    if number and number in lex.districts:
        cands = _district_candidates(lex.districts[number], "quận", bare=False)
        return Mention("district", ("Hồ Chí Minh",), 1.0, zone, cands, "quận", number), 1
    prefix = _match_prefix(toks, i)
    if prefix:
        return _prefixed(toks, i, *prefix, zone, lex)
    return _bare(toks, i, zone, lex)


def _halve_routes(toks, spans):
    """Halve both ends of a route or pair ("TP.HCM - Hà Nội", "Long Biên - Bắc Ninh")."""
    for a, b in zip(spans, spans[1:]):
        if a[0].kind == "foreign" or b[0].kind == "foreign" or a[3] != b[2]:
            continue
        first = toks[b[2]]
        if first.glue and not first.spaced:  # joined by a dash, not a space
            a[1] = min(a[1], 0.5)
            b[1] = min(b[1], 0.5)


# ---------------------------------------------------------------------------------------------
# Zones


_HEADLINE_END = re.compile(r"[.!?…](?=\s)|\((?:[^()\n]{2,12})\)\s*[-–—]|\n")


def split_headline(body):
    """(headline, rest) of a body whose record has no title: its first sentence, capped."""
    m = _HEADLINE_END.search(body, 0, 400)
    cut = m.start() if m else min(len(body), 160)
    cut = min(cut, 200)
    return body[:cut], body[cut:]


def split_lead(body):
    """(lead, rest): the first paragraph(s) up to about 150 characters, capped at 500."""
    paras = body.lstrip().split("\n")
    lead = ""
    for p in paras:
        lead = (lead + "\n" + p) if lead else p
        if len(lead) >= 150:
            break
    lead = lead[:500]
    start = body.find(lead[:50]) if lead else 0
    cut = start + len(lead) if start >= 0 else len(lead)
    return body[:cut], body[cut:]


_DATELINE = re.compile(r"^\s*(?:\(([^()\n]{1,40})\)|([^()\n\-–—]{2,40}?))\s*(?:\([^()\n]{1,20}\))?\s*[-–—]\s")
_TAG = re.compile(r"\(([^()\s]{2,6})\)\s*[-–—]")


def press_tag(text):
    """Province of a provincial press tag such as "(BĐ) -" near the start of the text."""
    for m in _TAG.finditer(text[:600]):
        province = PRESS_TAGS.get(unicodedata.normalize("NFC", m.group(1)))
        if province:
            return province
    return ""


def dateline(lead):
    """Text of a "(X) -" / "X -" / "X (TAG) -" dateline at the start of the lead, else ''."""
    for line in lead.split("\n")[:2]:
        m = _DATELINE.match(line)
        if m:
            return m.group(1) or m.group(2)
    return ""


# ---------------------------------------------------------------------------------------------
# Decision


def central_subject(title):
    """True when the title names a central body as its subject (not "... của Bộ Chính trị")."""
    toks = tokenize(unicodedata.normalize("NFC", title))
    keys = [t.key for t in toks]
    for i, tok in enumerate(toks):
        if i > 0 and toks[i - 1].low == "của":
            continue
        if tok.low == "bộ" and tok.text[0] == "B" and i + 1 < len(toks) and toks[i + 1].cap \
                and toks[i + 1].low not in MINISTRY_NOT:
            return True
        for term in CENTRAL_TERMS:
            if keys[i:i + len(term)] == term and not _hospital_before(toks, i):
                return True
        # "T.Ư" / "TƯ" abbreviate Trung ương; "TW" is left out, it is mostly a code ("01-KL/TW")
        if tok.text == "TƯ" or tok.text == "T" and i + 1 < len(toks) and toks[i + 1].text == "Ư":
            return True
    return False


def _hospital_before(toks, i):
    """True for "Bệnh viện (Nhi) Trung ương": a hospital's name, not a central body."""
    words = " ".join(t.low for t in toks[max(0, i - 3):i])
    return "viện" in words or "bv" in words


def province_scores(found):
    """Province -> score: direct mentions, unique districts, and ambiguous districts of named ones."""
    scores = defaultdict(float)
    for m in found:
        if m.kind == "province" or m.kind == "district" and len(m.provinces) == 1:
            scores[m.provinces[0]] += m.weight
    named = {p for p, s in scores.items() if s > 0}
    for m in found:
        if m.kind == "district" and len(m.provinces) > 1:
            hits = [p for p in m.provinces if p in named]
            for p in hits:
                scores[p] += m.weight / len(hits)
    return scores


def choose_district(found, province):
    """District label in the province the article centres on, or '' when none is clear."""
    scores, written, names = defaultdict(float), defaultdict(Counter), {}
    for m in found:
        if m.kind != "district":
            continue
        cands = [d for d in m.districts if d.province == province]
        if len({d.name for d in cands}) != 1 and not m.name:
            continue
        if not cands:
            continue
        former = m.name and gazetteer.key(m.name) != gazetteer.key(cands[0].name)
        name = _title_case(m.name) if former else cands[0].name
        ident = gazetteer.key(name)
        scores[ident] += m.weight
        names[ident] = (name, cands[0].kind)
        if m.written:
            written[ident][m.written] += 1
    if not scores:
        return ""
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    best, s1 = ranked[0]
    s2 = ranked[1][1] if len(ranked) > 1 else 0.0
    if s1 < DISTRICT_MIN or s1 < DISTRICT_RATIO * s2:
        return ""
    name, kind = names[best]
    if written[best]:
        kind = written[best].most_common(1)[0][0]
    return f"{kind} {name}"


def _title_case(name):
    """A former name as a label part: "CỬA LÒ" -> "Cửa Lò", digits kept."""
    return " ".join(w if w.isdigit() else w[:1].upper() + w[1:].lower() for w in name.split())


def gather(title, body, source="", header=()):
    """All mentions, weighted by zone, plus the dateline and press-tag evidence."""
    lex = lexicon()
    if not title.strip():
        title, body = split_headline(body)
    lead, rest = split_lead(body)
    found = mentions(title, "title", lex)
    found += mentions(lead, "lead", lex)
    found += mentions(rest, "body", lex)
    found += [m for m in mentions(source, "footer", lex) if m.kind != "foreign"]
    for line in header:
        found += [m for m in mentions(line, "lead", lex) if m.kind != "foreign"]
    found = [Mention(m.kind, m.provinces, m.weight * ZONE_WEIGHT[m.zone], m.zone, m.districts,
                     m.written, m.name) for m in found]
    line = dateline(lead)
    if line and len(tokenize(line)) <= 5:
        places = [m for m in mentions(line, "lead", lex) if m.kind != "foreign"]
        if len(places) == 1:
            m = places[0]
            found.append(Mention(m.kind, m.provinces, DATELINE_WEIGHT, "lead", m.districts))
    tagged = press_tag(lead)
    if tagged:
        found.append(Mention("province", (tagged,), TAG_WEIGHT, "lead"))
    return title, found


def decide(title, found):
    """The province (or CENTRAL, or '') the weighed mentions point to."""
    scores = province_scores(found)
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    s1 = ranked[0][1] if ranked else 0.0
    s2 = ranked[1][1] if len(ranked) > 1 else 0.0
    best = ranked[0][0] if ranked else ""
    foreign = sum(m.weight for m in found if m.kind == "foreign")
    in_title = {p for m in found if m.zone == "title" and m.kind != "foreign" for p in m.provinces}
    foreign_title = any(m.zone == "title" and m.kind == "foreign" for m in found)
    if foreign > s1 or foreign_title and best not in in_title:
        return ""
    if central_subject(title) and best not in in_title:
        return CENTRAL
    if s1 < MIN_SCORE or s1 < MIN_RATIO * s2:
        return ""
    return best


def extract_place(title: str, body: str, source: str = "", header: list[str] = ()) -> tuple[str, str, str]:
    """(province, district, province_2025) the article centres on; '' for each part that is unknown."""
    title, found = gather(title or "", body or "", source or "", header or ())
    province = decide(title, found)
    if province == CENTRAL:
        return CENTRAL, "", CENTRAL
    if not province:
        return "", "", ""
    return province, choose_district(found, province), gazetteer.province_2025(province)
