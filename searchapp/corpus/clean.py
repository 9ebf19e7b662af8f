"""Turn a scraped page into title, body, author and source: general rules, no per-site cases."""

import re
import unicodedata
from dataclasses import dataclass, field

from ..text.tokenize import syllables

# Lines that end the article: everything from the first of them on is site chrome.
_FOOTER_MARKERS = {
    "tin cùng chuyên mục", "chia sẻ bài viết", "chia sẻ", "phản hồi", "các tin khác", "tin khác",
    "tin liên quan", "bài viết liên quan", "tin mới nhất", "mới nhất", "thư viện ảnh",
    "liên kết website", "bình luận", "ý kiến bạn đọc", "gửi bình luận", "logo", "xem thêm",
    "đọc thêm", "tags", "từ khóa", "in bài viết", "in bài", "gửi bài viết", "bản in",
}
# Chrome that can stand anywhere above the title.
_CHROME = re.compile(r"^(logo|tiếng việt|english|trang chủ|home|menu|đăng nhập|đăng ký)\b|\|", re.I)
_SITE_NAME = re.compile(r"^(trang thông tin điện tử|cổng thông tin điện tử|báo điện tử|tạp chí|báo)\s+\S", re.I)
_COPYRIGHT = re.compile(r"^(?:©\s*)?bản quyền (?:thuộc(?: về)?\s+)?(?P<owner>.+?)\.?$", re.I)
_SOURCE_LINE = re.compile(r"^(?:nguồn|theo)\s*:\s*(?P<source>.{2,80}?)\.?$", re.I)
_PHOTO_CREDIT = re.compile(r"\s*\(?(?:Ảnh|Ảnh minh họa|Nguồn ảnh)\s*:\s*[^()]{1,40}\)?\s*$")
_DATE_HINT = re.compile(r"\d{1,2}\s*[/.\-]\s*\d{1,2}|\b(thứ|chủ nhật|ngày)\b", re.I)


@dataclass
class Page:
    """What the cleaner makes of a page."""

    title: str = ""
    body: str = ""
    author: str = ""
    source: str = ""  # the publisher named in the footer
    credit: str = ""  # a "Nguồn: ..." line of the body
    header: list = field(default_factory=list)


def _squash(line):
    """NFC, one space between words, no spaces at the ends."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", line)).strip()


def _words(line):
    return [s for s in syllables(line) if s.kind != "punct"]


def _is_dateline(line):
    """A short line that is mostly a date (and weekday/time): page header material."""
    return bool(_DATE_HINT.search(line)) and len(_words(line)) <= 8 and not line.endswith(".")


def _is_kicker(line):
    """An all-capitals line ending with ":" above the headline (a supertitle)."""
    return line.endswith(":") and line.isupper()


def _is_title(line):
    """Long enough to be a headline and not a paragraph or a header line."""
    words = _words(line)
    return 5 <= len(words) <= 60 and not _is_dateline(line) and not _CHROME.search(line)


def _is_footer(line):
    return line.lower().rstrip(":.") in _FOOTER_MARKERS


def _is_name(line):
    """A byline: two to five capitalised words, no digits or sentence punctuation."""
    words = line.split()
    if not 2 <= len(words) <= 5 or len(line) > 40 or any(c.isdigit() for c in line):
        return False
    if re.search(r"[.,;:!?()\"“”]", line):
        return False
    return all(w[0].isupper() for w in words)


def _name_case(name):
    """HOÀI NHÂN → Hoài Nhân; names written in mixed case are kept."""
    return name.title() if name.isupper() else name


def _site_source(lines):
    """The publisher named in the page footer, if any."""
    for line in lines:
        match = _COPYRIGHT.match(line)
        if match:
            return match.group("owner").strip()
    for line in lines:
        if _SITE_NAME.match(line):
            return line if not line.isupper() else line.capitalize()
    return ""


def _drop_repeats(lines):
    """Remove the second copy of a line repeated right after itself (captions often are)."""
    out = []
    for line in lines:
        if not out or line != out[-1]:
            out.append(line)
    return out


def clean_page(text):
    """Split a raw scraped page into its parts."""
    lines = [_squash(line) for line in text.splitlines()]
    lines = [line for line in lines if line]
    start = next((i for i, line in enumerate(lines) if _is_title(line) and not _is_kicker(line)), None)
    if start is None:
        return Page(body="\n".join(lines))
    page = Page(title=lines[start], header=lines[:start])
    kicker = [line for line in lines[:start] if _is_kicker(line)]
    stop = next((i for i in range(start + 1, len(lines)) if _is_footer(lines[i])), len(lines))
    body, footer = lines[start + 1 : stop], lines[stop:]
    page.source = _site_source(footer)
    kept = []
    for line in body:
        match = _SOURCE_LINE.match(line)
        if match:
            page.credit = page.credit or match.group("source").strip()
            continue
        kept.append(_PHOTO_CREDIT.sub("", line) or line)
    if kept and _is_name(kept[-1]):
        page.author = _name_case(kept.pop())
    page.body = "\n".join(kicker + _drop_repeats(kept))
    return page
