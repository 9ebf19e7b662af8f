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
    "TPHCM": "Hồ Chí Minh", "HCMC": "Hồ Chí Minh", "Sài Gòn": "Hồ Chí Minh", "Saigon": "Hồ Chí Minh",
    "Thừa Thiên - Huế": "Huế", "Thừa Thiên": "Huế", "TT - Huế": "Huế",
    "BR - VT": "Bà Rịa - Vũng Tàu", "Vũng Tàu": "Bà Rịa - Vũng Tàu", "Bà Rịa": "Bà Rịa - Vũng Tàu",
    "Hà Tây": "Hà Nội",  # merged into Hà Nội in 2008
    "Đắc Lắc": "Đắk Lắk", "Đăk Lăk": "Đắk Lắk", "Đắk Lăk": "Đắk Lắk", "Đắc Nông": "Đắk Nông",
    "Đăk Nông": "Đắk Nông", "Bắc Cạn": "Bắc Kạn", "Kontum": "Kon Tum",
}
# Names valid only after "TP"/"thành phố" (bare they are a person or an abbreviation).
CITY_ONLY = {"Hồ Chí Minh": "Hồ Chí Minh", "HCM": "Hồ Chí Minh", "HN": "Hà Nội"}
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
FOREIGN = """Mỹ, Hoa Kỳ, Trung Quốc, Nhật Bản, Nhật, Hàn Quốc, Triều Tiên, Nga, Pháp, Anh Quốc,
Vương quốc Anh, Đức, Italy, Ý, Tây Ban Nha, Bồ Đào Nha, Hà Lan, Bỉ, Thụy Sĩ, Thụy Sỹ, Thụy Điển,
Na Uy, Đan Mạch, Phần Lan, Áo, Ba Lan, Séc, Slovakia, Hungary, Romania, Rumani, Bulgaria, Serbia,
Croatia, Hy Lạp, Thổ Nhĩ Kỳ, Ukraine, Ukraina, Belarus, Litva, Latvia, Estonia, Ireland, Iceland,
Luxembourg, Australia, Úc, New Zealand, Canada, Brazil, Argentina, Mexico, Chile, Colombia, Peru,
Venezuela, Cuba, Bolivia, Ecuador, Uruguay, Paraguay, Panama, Dominica, Jamaica, Haiti, Ấn Độ,
Pakistan, Bangladesh, Sri Lanka, Nepal, Afghanistan, Iran, Iraq, Syria, Jordan, Liban, Li-băng,
Israel, Palestine, Ả Rập, Ả Rập Xê Út, Saudi Arabia, Kuwait, Qatar, UAE, Yemen, Ai Cập, Libya,
Maroc, Algérie, Sudan, Ethiopia, Somalia, Kenya, Nigeria, Nam Phi, Zimbabwe, Angola, Congo, Lào,
Campuchia, Thái Lan, Malaysia, Singapore, Indonesia, Philippines, Myanmar, Brunei, Đông Timor,
Mông Cổ, Kazakhstan, Uzbekistan, Đài Loan, Hồng Kông, Hong Kong, Ma Cao, Liên Xô, châu Âu,
châu Phi, châu Mỹ, châu Úc, Mỹ Latinh, Bắc Mỹ, Nam Mỹ, Trung Đông, Đông Âu, Tây Âu, Liên minh
châu Âu, EU, New York, London, Paris, Tokyo, Osaka, Bắc Kinh, Thượng Hải, Quảng Châu, Đài Bắc,
Washington, Moscow, Matxcơva, Mátxcơva, Seoul, Bình Nhưỡng, Bangkok, Sydney, Melbourne, Berlin,
Rome, Madrid, Geneva, Zurich, Vientiane, Viêng Chăn, Phnom Penh, Kuala Lumpur, Jakarta, Manila,
New Delhi, Los Angeles, San Francisco, California, Texas, Florida, Hawaii, Chicago, Boston,
Toronto, Dubai, Baghdad, Kabul, Jerusalem, Tehran, Cairo, Amsterdam, Stockholm, Brussels, Praha,
Tổng thống, Quốc vương, Nhà Trắng, Điện Kremlin, Lầu Năm Góc"""
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
_PREFIX_FIRST = {words[0] for words in PREFIXES}
# One-letter abbreviations count as prefixes only written "H." / "Q." (or "Q1").
DOTTED = {("h",), ("q",), ("p",), ("tt",)}

# Words right before a bare name that make it something other than this article's place.
STREET_WORDS = {"đường", "phố", "ngõ", "ngách", "hẻm", "kiệt", "lộ", "số", "cầu", "chợ", "bến",
                "ga", "nhà", "khu", "cụm", "tuyến", "sông", "núi", "đèo", "hồ", "vịnh"}
PERSON_WORDS = {"ông", "bà", "anh", "chị", "em", "cô", "chú", "bác", "cụ", "thầy", "cháu", "bé",
                "cậu", "chàng", "nàng", "lão", "dì", "mợ", "thím", "vợ", "chồng", "mẹ", "bố", "cha",
                "con", "nsnd", "nsưt", "gs", "pgs", "ts", "ths", "bs", "ls", "nhà văn", "ca sĩ",
                "nghệ sĩ", "tên", "gọi", "hiệu", "biệt"}
# Family names whose district namesakes are mostly people or streets ("Lê Chân", "Ngô Quyền",
# "Trần Văn Thời"): such districts need a prefix.
SURNAMES = {"nguyễn", "trần", "lê", "phạm", "hoàng", "huỳnh", "võ", "đặng", "bùi", "đỗ", "ngô",
            "trương", "tô", "trịnh", "quách", "vương", "tạ"}
# Family and middle names: a capitalised one right before a name makes it a person's name.
NAME_PARTS = SURNAMES | {"phan", "vũ", "hồ", "dương", "lý", "đinh", "đoàn", "mai", "lương", "lâm",
                         "cao", "đào", "chu", "kiều", "lưu", "hà", "văn", "thị", "hữu", "đức",
                         "công", "đình", "quốc", "ngọc", "thanh", "minh", "xuân", "thu", "kim", "bá",
                         "khắc", "duy", "quang", "tiến", "mạnh"}
# Weight of a mention in a residence or home-town address ("trú tại xã X, huyện Y", "quê Hà
# Tây"): often not where the story happens. "người Hà Nội" (a Hanoian) counts half.
RESIDENCE_WEIGHT = {"quê": 0.3, "gốc": 0.3, "trú": 0.4, "ngụ": 0.4, "hktt": 0.4}
PERSON_OF_WEIGHT = 0.5
# Words an address is made of, read back from a place to its residence word.
ADDRESS_WORDS = {"tại", "ở", "xã", "phường", "thị", "trấn", "quận", "huyện", "tỉnh", "tp", "thành",
                 "phố", "thôn", "ấp", "số", "đường", "tổ", "khu", "khóm", "bản", "làng", "xóm", "p",
                 "q", "h", "tx", "tt", "quán", "nhà", "ngõ", "hẻm"}
# Heads of firm, school, hospital and paper names: "Công ty Bắc Sơn", "Bệnh viện Đa khoa Thái
# Bình" are names, not places. Looked for a few words back, stopping at a preposition ("Công ty X
# tại Hà Nội" does place it).
ORG_HEADS = {"công ty", "cty", "tập đoàn", "tổng công ty", "bệnh viện", "bv", "ngân hàng",
             "khách sạn", "nhà hàng", "trường", "đại học", "đh", "học viện", "nhà máy",
             "xí nghiệp", "hợp tác xã", "htx", "báo", "tạp chí", "nhà xuất bản", "nxb", "clb",
             "câu lạc bộ", "đội bóng", "siêu thị", "thương xá", "cửa hàng", "hãng", "nhãn hiệu",
             "thương hiệu", "tàu", "nhà hát", "rạp", "trung tâm thương mại", "quán", "hiệu",
             # facilities named after a place are often elsewhere ("KCN Tân Bình" is in Tân Phú)
             "khu công nghiệp", "kcn", "khu chế xuất", "kcx", "cụm công nghiệp", "khu đô thị",
             "khu du lịch", "sân bay", "cảng", "bến xe", "nhà ga", "công viên", "sân vận động"}
ORG_STOPS = {"tại", "ở", "của", "trên", "thuộc", "và", "từ", "chi", "cho", "với", "về", "đến",
             "ra", "vào", "tỉnh", "thành", "huyện", "quận", "xã", "phường", "nhánh", "là"}
# District names that are also heroes, battles, streets, trains or disputed islands: only with a
# prefix ("đường Điện Biên Phủ", "tàu Thống Nhất", "quần đảo Hoàng Sa").
PREFIX_ONLY = {"dienbienphu", "haibatrung", "dongda", "hongbang", "hoangsa", "truongsa",
               "thongnhat", "bachlongvi"}

ZONE_WEIGHT = {"title": 3.0, "lead": 1.5, "body": 1.0, "footer": 2.0}
DATELINE_WEIGHT = 3.0  # "(X) -" / "X -" at the start of the lead
TAG_WEIGHT = 4.0
MIN_SCORE = 2.0  # weaker evidence than one title mention (or a lead mention and one more) is no place
MIN_RATIO = 2.5  # the best province needs 2.5 times the evidence of the runner-up
# A province named only in the body (not in the title, lead or footer) needs 0.7 mentions per
# 1000 characters: two passing mentions in a long article are background, not its place.
BODY_DENSITY = 0.7
CENTRAL_OVERRIDE = 5.0  # province evidence that beats a central body named in the title
DISTRICT_MIN = 1.5  # one mention in the lead
DISTRICT_RATIO = 2.0
DISTRICT_SHARE = 0.25
MAX_NGRAM = 5
HEADLINE_MAX = 200
CENTRAL_WINDOW = 10  # a central body is the title's subject when named in its first 10 words


@dataclass(frozen=True)
class Tok:
    """One word token: its text, accented lowercase, folded form and how it joins the previous."""

    text: str
    low: str
    key: str
    sep: str  # the characters between the previous token and this one
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
    """Lookup tables built once from the gazetteer; values carry the accented forms of a name."""

    provinces: dict  # key -> (province, forms), bare allowed
    cities: dict  # key -> (province, forms), also after "TP"/"thành phố" only
    districts: dict  # key -> ((District, kind, former), ...)
    foreign: dict  # key -> forms
    starts: dict  # first syllable key -> longest name (in syllables) starting with it


def _syllable_keys(text):
    """Folded syllables of a name, e.g. "Bà Rịa - Vũng Tàu" -> ['ba', 'ria', 'vung', 'tau']."""
    return re.findall(r"[a-z0-9]+", fold(text))


_Y_TO_I = str.maketrans("yýỳỷỹỵ", "iíìỉĩị")


def form(words):
    """Accented comparison form of a name: lowercase, one tone placement, y as i, no spaces.

    >>> form(["Thanh", "Hoá"]) == form(["Thanh", "Hóa"]), form(["Nhà", "Trắng"]) == form(["Nha", "Trang"])
    (True, False)
    """
    return "".join(_low(w) for w in words).translate(_Y_TO_I)


@lru_cache(maxsize=4096)
def _name_form(name):
    """Comparison form of a name written as one string."""
    return form(re.findall(r"\w+", unicodedata.normalize("NFC", name)))


def _add(table, name, value):
    """Add name (its key and accented form) for value to a key -> (value, forms) table."""
    k = gazetteer.key(name)
    old_value, forms = table.get(k, (value, frozenset()))
    table[k] = (old_value, forms | {_name_form(name)})


@lru_cache(maxsize=1)
def lexicon():
    """The lookup tables (built once; about 10 ms)."""
    gaz = gazetteer.load()
    provinces = {}
    for p in gaz.provinces:
        if p != "Hồ Chí Minh":
            _add(provinces, p, p)
    for name, p in PROVINCE_ALIASES.items():
        _add(provinces, name, p)
    cities = dict(provinces)
    for name, p in CITY_ONLY.items():
        _add(cities, name, p)
    foreign = {}
    for name in FOREIGN.replace("\n", " ").split(","):
        _add(foreign, name.strip(), True)
    foreign = {k: forms for k, (_, forms) in foreign.items()}
    starts = {}
    names = list(gaz.provinces) + list(PROVINCE_ALIASES) + list(CITY_ONLY)
    names += [d.name for d in gaz.districts] + FOREIGN.replace("\n", " ").split(",")
    for name in names:
        syl = _syllable_keys(name)
        if syl:
            starts[syl[0]] = max(starts.get(syl[0], 1), len(syl))
    for k, entries in gaz.district_keys.items():
        if any(former for _, _, former in entries):
            # former names come as folded keys without syllable breaks: any prefix may start one
            for i in range(1, len(k) + 1):
                starts[k[:i]] = max(starts.get(k[:i], 1), 4)
    return Lexicon(provinces, cities, gaz.district_keys, foreign, starts)


def _accent_ok(span, forms):
    """True when an accented span is spelt like one of forms (unaccented text matches any)."""
    if not forms or all(t.low == t.key for t in span):
        return True
    return form([t.text for t in span]) in forms


def _lookup(table, key, span):
    """The value of a key -> (value, forms) table when the span's accents agree, else None."""
    entry = table.get(key)
    if entry and _accent_ok(span, entry[1]):
        return entry[0]
    return None


def _district_entries(lex, key, span):
    """District entries of key whose name the span spells (former names: folded keys only)."""
    entries = lex.districts.get(key, ())
    return tuple(e for e in entries if e[2] or _accent_ok(span, {_name_form(e[0].name)}))


# ---------------------------------------------------------------------------------------------
# Tokens


_PIECE = re.compile(r"(\W*)(\w+)")
_GLUE = re.compile(r"[ \t\u00a0]{1,2}|[ \t\u00a0]*[-–][ \t\u00a0]*")
_SENTENCE_END = re.compile(r"[.!?:;\n\"“”(]|^\s*[-–•*]")
_ABBREVIATIONS = {"tp", "q", "h", "tx", "p", "tt", "br", "t"}


@lru_cache(maxsize=200_000)
def _low(word):
    """Accented lowercase with one tone placement ("Uỷ" -> "ủy")."""
    return normalize_tone(word.lower())


class Tokens:
    """The word tokens of a text, each built on first use."""

    # Lazy because most words are never looked at: every place starts at (or just after a type
    # word before) a capitalised word.

    def __init__(self, text):
        pairs = _PIECE.findall(text)
        self.seps = [p[0] for p in pairs]
        self.words = [p[1] for p in pairs]
        self.tail = re.search(r"\W*$", text).group()  # what follows the last word
        self._made = {}

    def __len__(self):
        """Number of words."""
        return len(self.words)

    def __getitem__(self, i):
        """Tok at index i, or a list of Toks for a slice."""
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self.words)))]
        tok = self._made.get(i)
        if tok is None:
            tok = self._made[i] = self._make(i)
        return tok

    def _make(self, i):
        """The Tok of word i."""
        word, sep = self.words[i], self.seps[i]
        prev = self.words[i - 1] if i > 0 else ""
        first = i == 0
        # No glue between numbers ("1-1,3 m2" is not quận 11).
        glue = not first and not (word.isdigit() and prev.isdigit()) and (
            bool(_GLUE.fullmatch(sep)) or (fold(prev) in _ABBREVIATIONS and sep in (".", ". ")))
        spaced = not first and sep.strip(" \t\u00a0") == "" and "\n" not in sep
        sentence = first or bool(_SENTENCE_END.search(sep))
        return Tok(word, _low(word), fold(word), sep, glue, spaced, sentence)

    def after(self, i):
        """The characters between token i and the next one (or the end)."""
        return self.seps[i + 1] if i + 1 < len(self.words) else self.tail

    def candidates(self):
        """Indices of capitalised words and of numbers after "quận": where names start."""
        words = self.words
        return [i for i, w in enumerate(words)
                if w[0].isupper() or w[0].isdigit() and i > 0 and words[i - 1].lower() in ("quận", "q")]


def tokenize(text):
    """Word tokens of text (NFC)."""
    return Tokens(text)


# ---------------------------------------------------------------------------------------------
# Matching


def _match_prefix(toks, i):
    """(role, length, type word as written) of a type prefix at i, or None."""
    if _low(toks.words[i]) not in _PREFIX_FIRST:
        return None
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
                    nxt.sep == "" and not nxt.text.isdigit():
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
    longest = lex.starts.get(fold(toks.words[i]))  # checked on the raw word: most are no name
    if longest is None:
        return []
    out = []
    key = ""
    for j in range(i, min(len(toks), i + min(longest, MAX_NGRAM))):
        if j > i and not toks[j].glue:
            break
        key += toks[j].key
        out.append((j - i + 1, key))
    return out[::-1]


_QUARTER = re.compile(r"Q(\d{1,2})")


def _quarter_number(word):
    """N of a "Q1"/"Q10" word (HCM style), else None."""
    m = _QUARTER.fullmatch(word)
    return m.group(1) if m else None


def _context_weight(toks, i):
    """Weight factor of a place at token i from the address it stands in (residence, home town)."""
    if i > 0 and toks[i].spaced and toks[i - 1].low == "người":
        return PERSON_OF_WEIGHT
    for j in range(i - 1, max(-1, i - 14), -1):
        tok, after = toks[j], toks[j + 1]
        if after.sentence or "(" in after.sep or ")" in after.sep:
            return 1.0
        if tok.low in RESIDENCE_WEIGHT:
            return RESIDENCE_WEIGHT[tok.low]
        if not (tok.cap or tok.low in ADDRESS_WORDS):
            return 1.0
    return 1.0


def _org_name(toks, i):
    """True when the name at token i continues a firm, school or hospital name."""
    for back in range(1, 6):
        j = i - back
        if j < 0 or toks[j + 1].sentence or "," in toks[j + 1].sep or "(" in toks[j + 1].sep:
            return False
        if toks[j].low in ORG_STOPS:
            return False
        for size in (1, 2, 3):
            if j - size + 1 >= 0 and " ".join(t.low for t in toks[j - size + 1:j + 1]) in ORG_HEADS:
                return True
    return False


_QUOTES = set("\"'“”‘’«»")


def _bare_ok(toks, i, n, need_caps=True, org_check=True):
    """True when a bare name at toks[i:i+n] is a place, not part of a person's or a longer name."""
    span = toks[i:i + n]
    if need_caps and not all(t.cap for t in span):
        return False
    prev = toks[i - 1] if i > 0 else None
    if prev is not None and span[0].spaced and not span[0].sentence:
        if prev.low in PERSON_WORDS or prev.low in STREET_WORDS:
            return False
        if prev.cap and not prev.text.isupper():
            # Capitalised word right before: a person ("Nguyễn Thanh Xuân") or a longer name
            # ("Nhà hát Lớn Hà Nội"), unless it only starts the sentence ("Tại Hà Nội").
            if prev.low in NAME_PARTS or not prev.sentence:
                return False
    if i >= 2 and span[0].spaced and not span[0].sentence:
        pair = toks[i - 2].low + " " + prev.low
        if pair in PERSON_WORDS or toks[i - 2].low in ("đường", "phố") and prev.cap:
            return False
    if org_check and _org_name(toks, i):
        return False
    nxt = toks[i + n] if i + n < len(toks) else None
    if prev is not None and prev.cap and span[0].sep.strip()[-1:] in _QUOTES \
            and toks.after(i + n - 1).strip()[:1] in _QUOTES:
        return False  # a nickname: Dũng “Huế”, Hùng "Sài Gòn"
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
        span = toks[j:j + n]
        name = " ".join(t.text for t in span)
        dists = _district_entries(lex, key, span)
        if role == "ward":
            if dists or _lookup(lex.provinces, key, span):
                return None, size + n  # a commune or ward with a district's name: skip it
            continue
        if role in ("tinh", "tp"):
            province = _lookup(lex.cities if role == "tp" else lex.provinces, key, span)
            if province and (role == "tinh" or province in PROVINCE_CITIES or not dists):
                return Mention("province", (province,), 1.0, zone), size + n
        if role != "tinh" and dists:
            cands = _district_candidates(dists, written, bare=False)
            if cands:
                provs = tuple(dict.fromkeys(d.province for d in cands))
                return Mention("district", provs, 1.0, zone, cands, written, name), size + n
        if role == "tp" and _lookup_foreign(lex, key, span):
            return Mention("foreign", (), 1.0, zone), size + n
    return None, size


def _lookup_foreign(lex, key, span):
    """True when the span is a foreign country or city."""
    return key in lex.foreign and _accent_ok(span, lex.foreign[key])


def _bare(toks, i, zone, lex):
    """Mention (or None) and tokens consumed for a bare name at i."""
    for n, key in _names_at(toks, i, lex):
        span = toks[i:i + n]
        province = _lookup(lex.provinces, key, span)
        if province:
            # in the footer a paper's name is its place ("Báo Bình Định")
            ok = _bare_ok(toks, i, n, org_check=zone != "footer")
            return (Mention("province", (province,), 1.0, zone) if ok else None), n
        dists = _district_entries(lex, key, span)
        if dists:
            cands = _district_candidates(dists, "", bare=True)
            if not cands:
                return None, n
            provs = {d.province for d in cands}
            safe = (n >= 2 and not key.isdigit() and len(provs) == 1 and key not in PREFIX_ONLY
                    and toks[i].low not in SURNAMES)
            if safe and _bare_ok(toks, i, n):
                provs = tuple(dict.fromkeys(d.province for d in cands))
                return Mention("district", provs, 1.0, zone, cands), n
            return None, n
        if _lookup_foreign(lex, key, span):
            if _foreign_ok(toks, i, n, key):
                return Mention("foreign", (), 1.0, zone), n
            return None, n
    return None, 1


def _foreign_ok(toks, i, n, key):
    """True when a foreign name is one: guarded short names need a cue word before them."""
    lowered = [k for k in range(i, i + n) if not toks[k].cap and toks[k].low not in ("châu", "quốc", "minh")]
    if lowered or not _bare_ok(toks, i, n, need_caps=False):
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
    free = 0  # tokens before this one belong to an earlier match
    for c in toks.candidates():
        if c < free:
            continue
        found, start, used = None, c, 1
        for size in (2, 1):  # a lowercase prefix just before the capital: "huyện Chiêm Hóa"
            p = c - size
            prefix = _match_prefix(toks, p) if p >= free else None
            if prefix and prefix[1] == size:
                found, used = _prefixed(toks, p, *prefix, zone, lex)
                if found or used > size:
                    start = p
                    break
        if start == c:
            found, used = _mention_at(toks, c, zone, lex)
        if found:
            spans.append([found, _context_weight(toks, start), start, start + max(used, 1)])
        free = start + max(used, 1)
    _halve_routes(toks, spans)
    return [Mention(m.kind, m.provinces, m.weight * f, zone, m.districts, m.written, m.name)
            for m, f, _, _ in spans]


def _mention_at(toks, i, zone, lex):
    """Mention (or None) starting at token i, and the tokens it uses."""
    number = _quarter_number(toks.words[i])
    if number and number in lex.districts:
        cands = _district_candidates(lex.districts[number], "quận", bare=False)
        return Mention("district", ("Hồ Chí Minh",), 1.0, zone, cands, "quận", number), 1
    prefix = _match_prefix(toks, i)
    if prefix:
        return _prefixed(toks, i, *prefix, zone, lex)
    return _bare(toks, i, zone, lex)


def _halve_routes(toks, spans):
    """Halve both ends of a route ("TP.HCM - Hà Nội"), not a place and its province ("Q.1 - TPHCM")."""
    for a, b in zip(spans, spans[1:]):
        if a[0].kind == "foreign" or b[0].kind == "foreign" or a[3] != b[2]:
            continue
        if set(a[0].provinces) & set(b[0].provinces):
            continue
        first = toks[b[2]]
        if first.glue and not first.spaced:  # joined by a dash, not a space
            a[1] = min(a[1], 0.5)
            b[1] = min(b[1], 0.5)


# ---------------------------------------------------------------------------------------------
# Zones


# A headline ends at a sentence end, a line end or a press tag ("... 10 tỉ đồng (NLĐ)- Một vụ").
_HEADLINE_END = re.compile(r"[.!?…](?=\s)|\((?:[^()\n]{2,12})\)\s*[-–—]|\n|"
                           r"\((?:NLĐ|NLĐO|TTO|TNO|TTXVN|VNA|PLO|SGGP|VOV|QĐND|ĐCSVN)\)")


def split_headline(body):
    """(headline, rest) of a body whose record has no title: its first sentence, capped."""
    # capped at HEADLINE_MAX characters (cut at a space): some records run headline and lead on
    m = _HEADLINE_END.search(body, 0, HEADLINE_MAX + 1)
    cut = m.start() if m else min(len(body), HEADLINE_MAX)
    if not m and cut < len(body):
        cut = body.rfind(" ", 0, cut) + 1 or cut
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
    toks = tokenize(unicodedata.normalize("NFC", title))[:]
    keys = [t.key for t in toks]
    for i, tok in enumerate(toks[:CENTRAL_WINDOW]):
        if i > 0 and toks[i - 1].low == "của" or "(" in tok.sep:
            continue  # "... của Bộ Chính trị", "(Bộ Công an)": an owner, not the subject
        if tok.low == "bộ" and tok.text[0] == "B" and i + 1 < len(toks) and toks[i + 1].cap \
                and toks[i + 1].low not in MINISTRY_NOT:
            return True
        for term in CENTRAL_TERMS:
            # Vietnamese central bodies are capitalised ("Chính phủ"); "giải tán chính phủ",
            # "có thủ tướng trẻ nhất" are foreign news
            if keys[i:i + len(term)] == term and tok.cap and not _hospital_before(toks, i):
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


def _at_least(score, bound):
    """score >= bound, forgiving float noise (3.0 vs 2.5 * 1.2)."""
    return score >= bound - 1e-9


def choose_district(found, province):
    """District label in the province the article centres on, or '' when none is clear."""
    # The best district needs DISTRICT_MIN, twice the runner-up, and a DISTRICT_SHARE of the
    # province's evidence (one district named once in a city-wide story is an example).
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
    if not _at_least(s1, DISTRICT_MIN) or not _at_least(s1, DISTRICT_RATIO * s2):
        return ""
    if not _at_least(s1, DISTRICT_SHARE * province_scores(found).get(province, 0.0)):
        return ""
    name, kind = names[best]
    if written[best]:
        kind = written[best].most_common(1)[0][0]
    return f"{kind} {name}"


def _title_case(name):
    """A former name as a label part: "CỬA LÒ" -> "Cửa Lò", digits kept."""
    return " ".join(w if w.isdigit() else w[:1].upper() + w[1:].lower() for w in name.split())


# Links to related stories inside a body ("Bến xe quá tải do thí sinh thi ĐH(01/07/2005)") are
# other stories' places.
_RELATED = re.compile(r"^[^\n]{5,200}\(\d{1,2}/\d{1,2}/\d{4}\)[ \t]*$", re.M)


def gather(title, body, source="", header=()):
    """All mentions, weighted by zone, plus the dateline and press-tag evidence."""
    lex = lexicon()
    body = _RELATED.sub("", body)
    if not title.strip():
        title, body = split_headline(body)
    lead, rest = split_lead(body)
    found = mentions(title, "title", lex)
    found += mentions(lead, "lead", lex)
    found += mentions(rest, "body", lex)
    found += [m for m in mentions(source, "footer", lex) if m.kind != "foreign"]
    for line in header:
        if "|" not in line:  # "Tiếng Việt | English", menus: site chrome, not the story
            found += [m for m in mentions(line, "lead", lex) if m.kind != "foreign"]
    found = [Mention(m.kind, m.provinces, m.weight * ZONE_WEIGHT[m.zone], m.zone, m.districts,
                     m.written, m.name) for m in found]
    line = dateline(lead)
    words = re.findall(r"\w+", line)
    # a dateline is a place and maybe a date: "HÀ NỘI", "Hà Nội, 12/6", not "Đường bay TP.HCM"
    if line and len(words) <= 5 and all(w[0].isupper() or w[0].isdigit() for w in words):
        places = [m for m in mentions(line, "lead", lex) if m.kind != "foreign"]
        if len(places) == 1:
            m = places[0]
            found.append(Mention(m.kind, m.provinces, DATELINE_WEIGHT, "lead", m.districts))
    tagged = press_tag(lead)
    if tagged:
        found.append(Mention("province", (tagged,), TAG_WEIGHT, "lead"))
    return title, found


def decide(title, found, length=0):
    """The province (or CENTRAL, or '') the weighed mentions point to; length: body characters."""
    ranked = sorted(province_scores(found).items(), key=lambda kv: -kv[1])
    best, s1 = ranked[0] if ranked else ("", 0.0)
    s2 = ranked[1][1] if len(ranked) > 1 else 0.0
    foreign = sum(m.weight for m in found if m.kind == "foreign")
    in_title = {p for m in found if m.zone == "title" and m.kind != "foreign" for p in m.provinces}
    foreign_title = any(m.zone == "title" and m.kind == "foreign" for m in found)
    if foreign > s1 or foreign_title and best not in in_title:
        return ""
    head = any(m.zone != "body" and best in m.provinces for m in found if m.kind != "foreign")
    others = sum(score for _, score in ranked[1:])
    # named only in the body, a province must outweigh all others together (a round-up of
    # exam sites in Hà Nội, Huế and TP HCM is nobody's) and be dense enough
    body_only = _at_least(s1, MIN_RATIO * others) and _at_least(s1, BODY_DENSITY * length / 1000)
    clear = _at_least(s1, MIN_SCORE) and _at_least(s1, MIN_RATIO * s2) and (head or body_only)
    if central_subject(title):
        # A central body is the subject: a province wins only if the title names it or the
        # article is plainly about it ("Thủ tướng đồng ý dự án ở đồi Vọng Cảnh", all in Huế).
        strong = best in in_title or head and s1 >= CENTRAL_OVERRIDE
        return best if clear and strong else CENTRAL
    return best if clear else ""


def extract_place(title: str, body: str, source: str = "", header: list[str] = ()) -> tuple[str, str, str]:
    """(province, district, province_2025) the article centres on; '' for each part that is unknown."""
    title, found = gather(title or "", body or "", source or "", header or ())
    province = decide(title, found, len(body or ""))
    if province == CENTRAL:
        return CENTRAL, "", CENTRAL
    if not province:
        return "", "", ""
    return province, choose_district(found, province), gazetteer.province_2025(province)
