"""Publication date of an article: the page's dateline, else the lead's date with an inferred year."""

import datetime
import re

from ..text.fold import fold

# Longer header lines are teasers or kickers that may quote other dates, not datelines.
_MAX_DATELINE = 80
# A body paragraph this short holding a date and a time or weekday is a dateline printed below the title.
_MAX_DATE_PARAGRAPH = 60
# Only the start of the lead paragraph is read: the dateline stands in its first words.
_LEAD_PREFIX = 80
# Evidence years outside this range are typos, ancient history or plans, not publication years.
_FIRST_YEAR = 1990

# On folded text. One separator throughout (18/06/2024, 18.5.2023, 18-5-21); ISO; "ngày 18 tháng 6 năm 2024".
_DATE = re.compile(
    r"(?<![\d/.\-])(?P<d>\d{1,2})\s*(?P<sep>[/.\-])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<y>\d{4}|\d{2})(?!\d)"
    r"|(?<!\d)(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2})(?!\d)"
    r"|(?<![\d/.\-])(?P<sd>\d{1,2})\s+thang\s+(?P<sm>\d{1,2})\s*,?\s*nam\s+(?P<sy>\d{4})(?!\d)"
)
# On folded text, with the date blanked out first: 09:57, 18:1', 9h30, 9h, 9g30, 9 giờ 30.
_TIME = re.compile(r"(?<![\d/.\-:])(?:[01]?\d|2[0-3])\s*(?::\s*[0-5]?\d|h(?![a-z])|g(?=\s*\d)|gio\b)")
_WEEKDAY_WORDS = r"(?:thu\s*(?:hai|ba|tu|nam|sau|bay|[2-7])|chu\s*nhat)"
_WEEKDAY = re.compile(rf"\b{_WEEKDAY_WORDS}\b")
# "Cập nhật" marks when a page was last edited, not when it was published.
_UPDATED = re.compile(r"\bcap\s*nhat\b")

# On the original text: a press tag "(BĐ) - " or a capitalised place "HÀ NỘI - " before the lead.
_PRESS_TAG = re.compile(r"\([^()\n]{1,40}\)\s*[-–—:]?\s*")
_PLACE_TAG = re.compile(r"([^\W\d_][^()\n:]{0,30}?)\s*[-–—]\s+")
# On the folded lead: "Ngày 12/6", "Sáng 15/5", "Chiều ngày 3-4", "Tối 2.9", "Sáng nay (15/5)",
# "Chiều thứ Ba (18/6)", "Ngày 12 tháng 6", each with an optional year; a day range like "3-4/6" is
# not one date. It must open with one of these words: a bare "12/6" may be a number.
_TIME_OF_DAY = r"(?:rang\s+)?(?:sang|trua|chieu|toi|dem|khuya|hom)(?:\s+(?:qua|nay))?"
_LEAD = re.compile(
    rf"(?=[a-z])(?:(?:vao|trong)\s+)?(?:{_TIME_OF_DAY}\s*,?\s*)?(?:{_WEEKDAY_WORDS}\s*,?\s*)?(?:ngay\s*)?"
    r"\(?\s*"
    r"(?:(?P<d>\d{1,2})\s*(?P<sep>[/.\-])\s*(?P<m>\d{1,2})"
    r"(?:\s*(?P=sep)\s*(?P<y>\d{4}|\d{2})(?!\d)|(?!\d|\s*[/.\-]\s*\d))"
    r"|(?P<sd>\d{1,2})\s+thang\s+(?P<sm>\d{1,2})(?:\s*,?\s*nam\s+(?P<sy>\d{4}))?(?!\d))"
)

# On the original title and body (NFC, any case): "sơ kết 3 năm thực hiện Kết luận ... ngày 18.5.2021",
# "kỷ niệm 70 năm ... (7/5/1954 - 7/5/2024)": the event is N years after the dated document or event.
# Found by "N năm" (fast), then the word before it is checked; "sau/qua N năm" only with "thực hiện"
# and the like, since "sau 3 năm học tập" dates nothing.
_N_YEARS = re.compile(r"(?<!\d)(\d{1,3})\s+n[ăa]m\b", re.I)
_ANNIVERSARY_BEFORE = re.compile(
    r"(?:(?P<review>\bs[ơo]\s+k[ếe]t|\bt[ổo]ng\s+k[ếe]t|\bk[ỷỉyi]\s+ni[ệe]m)|\b(?:sau|qua))\s+$", re.I
)
_CARRIED_OUT = re.compile(r"\s+(?:th[ựu]c\s+hi[ệe]n|tri[ểe]n\s+khai|thi\s+h[àa]nh|[áa]p\s+d[ụu]ng)\b", re.I)
# The base year: the first date, "năm YYYY", "(YYYY" or "số N/YYYY" in the same sentence.
_BASE_YEAR = re.compile(
    r"(?:[^.\n]|\.(?=\S)){0,160}?"
    r"(?:(?<![\d/.])\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*|\bn[ăa]m\s+|\(\s*|\bs[ốo]\s+\d{1,4}/)"
    r"((?:1[89]|20)\d{2})(?!\d)",
    re.I,
)
# Evidence years are found by the year itself (fast), then read backwards: what stands right before a
# year says what it dates. Bare years ("25.000 người", "2023 hộ") are no evidence.
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_YEAR_BEFORE = re.compile(
    r"(?:(?P<period>(?:(?P<school>n[ăa]m\s+h[ọo]c\s+)|n[ăa]m\s+)?(?<![\d.,/])(?P<y1>(?:19|20)\d{2})\s*[-–—]\s*)"
    r"|th[áa]ng\s+(?P<mm>\d{1,2})\s*(?:[/.\-]\s*|\s+n[ăa]m\s+)"
    r"|(?<![\d/.])(?P<dd>\d{1,2})\s*(?P<sep>[/.\-])\s*(?P<dm>\d{1,2})\s*(?P=sep)\s*"
    r"|n[ăa]m\s+)$",
    re.I,
)
_CONTEXT = 48
# Before the dated phrase: "tính đến" makes it an as-of date (already past); "đến", "tới", "tầm nhìn" a
# target (maybe in the future, so no evidence).
_TARGET_BEFORE = re.compile(
    r"(?:(?P<asof>\bt[íi]nh\s+)|\b)(?:[đd][ếe]n|t[ớo]i|t[ầa]m\s+nh[ìi]n(?:\s+[đd][ếe]n)?)"
    r"\s+(?:h[ếe]t\s+|cu[ốo]i\s+)?(?:ng[àa]y\s+)?$",
    re.I,
)
_PERIOD_AFTER = re.compile(r"\s*[-–—]\s*(?:19|20)\d{2}(?!\d)")
# A period ("giai đoạn 2021 – 2023") this short ends in the past when reported; longer ones are plans.
_MAX_REPORTED_SPAN = 2


def extract_date(header: list[str], title: str, body: str) -> tuple[str, bool]:
    """Publication date as ISO 'YYYY-MM-DD' and whether its year was inferred; ('', False) when unknown.

    >>> extract_date(["Thứ Bảy, 13/7/2024", "Thứ Năm, 18/5/2023 18:1'(GMT+7)"], "Tiêu đề", "Nội dung.")
    ('2023-05-18', False)
    >>> extract_date([], "Tiêu đề", "(BĐ) - Ngày 15.5, hội nghị sơ kết 3 năm thực hiện Kết luận ngày 18.5.2021.")
    ('2024-05-15', True)
    >>> extract_date([], "Tiêu đề", "Ngày 12/6, hội nghị diễn ra.")
    ('', False)
    """
    date = header_date(header)
    if date:
        return date.isoformat(), False
    lead = _lead_paragraph(header, title, body)
    if not lead:
        return "", False
    if len(lead) <= _MAX_DATE_PARAGRAPH:
        found = _dateline(lead)
        if found and (found[1] or _WEEKDAY.search(fold(lead))):
            return found[0].isoformat(), False
    return lead_date(lead, title, body)


def header_date(header):
    """The dateline of the header lines: the last one with a time of day, else the last one; or None.

    >>> header_date(["Thứ Bảy, 13/7/2024", "Tuyên giáo các cấp", "Thứ Năm, 18/5/2023 18:1'(GMT+7)"])
    datetime.date(2023, 5, 18)
    """
    found = [d for d in map(_header_line, header) if d]
    timed = [d for d in found if d[1]]
    published = [d for d in timed if not d[2]]
    best = published or timed or found
    return best[-1][0] if best else None


def _header_line(line):
    """(date, has_time, is_update) of a header dateline, or None for other lines."""
    if len(line) > _MAX_DATELINE or (line.isupper() and line.endswith(":")):
        return None  # a kicker or teaser that may quote another date
    return _dateline(line)


def _dateline(line):
    """(date, has_time, is_update) of the first valid date in a line, or None."""
    folded = fold(line)
    for match in _DATE.finditer(folded):
        date = _date_of(match)
        if date:
            rest = folded[: match.start()] + " " + folded[match.end() :]
            return date, bool(_TIME.search(rest)), bool(_UPDATED.search(rest))
    return None


def _date_of(match):
    """The valid date a _DATE match spells, or None (31/02 and month 13 are rejected, not coerced)."""
    if match["y"]:
        return make_date(match["y"], match["m"], match["d"])
    if match["iy"]:
        return make_date(match["iy"], match["im"], match["id"])
    return make_date(match["sy"], match["sm"], match["sd"])


def make_date(year, month, day):
    """A datetime.date from written parts, two-digit years expanded; None when invalid or in the future.

    >>> make_date("24", "6", "18"), make_date("98", "6", "18"), make_date("2024", "2", "31")
    (datetime.date(2024, 6, 18), datetime.date(1998, 6, 18), None)
    """
    this_year = datetime.date.today().year
    y = int(year)
    if len(year) == 2:
        y += 2000 if y <= this_year % 100 + 1 else 1900
    if not 1900 <= y <= this_year + 1:
        return None
    try:
        return datetime.date(y, int(month), int(day))
    except ValueError:
        return None


def _lead_paragraph(header, title, body):
    """The first body paragraph that is not a kicker (all capitals) or a repeat of the title or header."""
    skip = {title, *header}
    for paragraph in body.split("\n", 4)[:4]:
        paragraph = paragraph.strip()
        if paragraph and not paragraph.isupper() and paragraph not in skip:
            return paragraph
    return ""


def strip_press_tag(lead):
    """The lead without a leading press tag: "(BĐ) - ", "(TTO) -", "HÀ NỘI - ", "Chinhphu.vn - ".

    >>> strip_press_tag("(BĐ) - HÀ NỘI - Ngày 15.5, ...")
    'Ngày 15.5, ...'
    """
    for _ in range(2):  # a tag and a place can both stand there
        match = _PRESS_TAG.match(lead)
        if not match:
            match = _PLACE_TAG.match(lead)
            if not match or not (match[1].isupper() or match[1].lower().endswith(".vn")):
                break
        lead = lead[match.end() :]
    return lead


def lead_date(lead, title, body):
    """The date opening the lead paragraph; a missing year is inferred from the text, else unknown."""
    match = _LEAD.match(fold(strip_press_tag(lead)[:_LEAD_PREFIX]))
    if not match:
        return "", False
    day, month = (match["d"], match["m"]) if match["d"] else (match["sd"], match["sm"])
    year = match["y"] or match["sy"]
    if year:
        date = make_date(year, month, day)
        return (date.isoformat(), False) if date else ("", False)
    date = infer_date(int(month), int(day), title + "\n" + body)
    return (date.isoformat(), True) if date else ("", False)


def infer_date(month, day, text):
    """The date day/month in the year the text points to, or None without consistent evidence.

    >>> infer_date(6, 12, "Tính đến tháng 4/2023, ... Giai đoạn 2021 – 2023, ...")
    datetime.date(2023, 6, 12)
    >>> infer_date(3, 12, "Tính đến tháng 4/2023, ...") is None
    True
    """
    this_year = datetime.date.today().year
    latest, as_of = mentioned_years(text, month, this_year)
    year = anniversary_year(text, this_year) or latest
    if not year:
        return None
    try:
        date = datetime.date(year, month, day)
    except ValueError:  # 29/2 in a year without it, or 31/4
        return None
    if as_of and date < as_of:
        return None  # the text reports a state as of a later day: the evidence contradicts itself
    return date


def anniversary_year(text, this_year):
    """The year of the first "sơ kết/tổng kết/kỷ niệm/sau N năm ... <dated thing>" in the text, or 0.

    >>> anniversary_year("hội nghị sơ kết 3 năm thực hiện Kết luận số 01-KL/TW ngày 18.5.2021", 2026)
    2024
    """
    for hit in _N_YEARS.finditer(text):
        trigger = _ANNIVERSARY_BEFORE.search(text, max(0, hit.start() - 16), hit.start())
        if not trigger or not (trigger["review"] or _CARRIED_OUT.match(text, hit.end())):
            continue
        base = _BASE_YEAR.match(text, hit.end())
        if base:
            year = int(base[1]) + int(hit[1])
            if _FIRST_YEAR <= year <= this_year:
                return year
    return 0


def mentioned_years(text, month, this_year):
    """(latest year mentioned as past or present, latest "tính đến" day); 0 and None when absent.

    Targets ("đến năm 2030", "tầm nhìn 2045") and long plans ("2021-2025" counts as 2021) are no evidence.

    >>> mentioned_years("Giai đoạn 2021 – 2025, đến năm 2030, tính đến tháng 4/2023", 6, 2026)
    (2023, datetime.date(2023, 4, 1))
    """
    latest, as_of = 0, None
    for hit in _YEAR.finditer(text):
        if _PERIOD_AFTER.match(text, hit.end()):
            continue  # a period's first year: read together with its last
        match = _YEAR_BEFORE.search(text, max(0, hit.start() - _CONTEXT), hit.start())
        if not match:
            continue
        kind = _TARGET_BEFORE.search(text, max(0, match.start() - _CONTEXT), match.start())
        if kind and not kind["asof"]:
            continue
        year = _mention_year(match, int(hit[0]), month)
        if _FIRST_YEAR <= year <= this_year:
            latest = max(latest, year)
        if kind and not match["period"]:
            start = _mention_start(match, int(hit[0]))
            if start and (as_of is None or start > as_of):
                as_of = start
    return latest, as_of


def _mention_year(match, year, month):
    """The year a mention vouches for; a school year "2023-2024" is its first year from August on."""
    if not match["period"]:
        return year
    start = int(match["y1"])
    if match["school"]:
        return start if month >= 8 else year
    return year if 0 < year - start <= _MAX_REPORTED_SPAN else start


def _mention_start(match, year):
    """The first day a dated mention covers: the date itself, the 1st of its month or of its year."""
    try:
        if match["dd"]:
            return datetime.date(year, int(match["dm"]), int(match["dd"]))
        if match["mm"]:
            return datetime.date(year, int(match["mm"]), 1)
        return datetime.date(year, 1, 1)
    except ValueError:
        return None
