"""The query language: words, "exact phrases", -exclusions, OR, and field:value filters."""

import re
from dataclasses import dataclass, field

from .errors import SearchError

MAX_QUERY_CHARS = 500
MAX_PHRASES = 8  # Whoosh checks a phrase by walking positions: about a second each on the 84k corpus
# Fields a user may name; title/body restrict words, the others filter on metadata.
TEXT_FIELDS = ("title", "body")
FILTER_FIELDS = ("province", "district", "year", "month", "source", "author")
# Filters whose values have a fixed form, the same as the year= and month= parameters.
FILTER_FORMS = {"year": (r"[0-9]{4}", "YYYY, ví dụ 2024"), "month": (r"[0-9]{4}-(0[1-9]|1[0-2])", "YYYY-MM, ví dụ 2024-06")}
_ITEM = re.compile(r'(?P<neg>-)?(?:(?P<field>[A-Za-z_]+):)?(?:"(?P<phrase>[^"]*)"|(?P<word>[^\s"]+))?')


def check_filter(name, value):
    """SearchError when a year or month filter is not written as one.

    >>> check_filter("month", "2024-06")
    >>> check_filter("year", "24")
    Traceback (most recent call last):
    searchapp.search.errors.SearchError: year phải có dạng YYYY, ví dụ 2024.
    """
    form = FILTER_FORMS.get(name)
    if form and value and not re.fullmatch(form[0], value):
        raise SearchError("bad_parameter", f"{name} phải có dạng {form[1]}.")


@dataclass
class Clause:
    """One item of the query."""

    text: str
    phrase: bool = False  # typed in quotes: must match as written, in order
    negated: bool = False
    field: str = ""  # "", "title" or "body" for text; a FILTER_FIELDS name for filters


@dataclass
class ParsedQuery:
    """The query split into what must match, what must not, alternatives and filters."""

    free: list = field(default_factory=list)  # Clause: must match (words anywhere, phrases)
    excluded: list = field(default_factory=list)  # Clause: must not match
    alternatives: list = field(default_factory=list)  # list of lists of Clause: one of each must match
    filters: dict = field(default_factory=dict)  # field -> value

    @property
    def empty(self):
        return not (self.free or self.alternatives)


def _normalise_quotes(text):
    return re.sub(r"[“”„″]", '"', text)


def _items(text):
    """Split the query into raw items (with OR kept as its own item)."""
    if text.count('"') % 2:
        raise SearchError("unbalanced_quotes", 'Thiếu dấu ngoặc kép (") đóng cụm từ.')
    pos, items = 0, []
    while pos < len(text):
        if text[pos].isspace():
            pos += 1
            continue
        match = _ITEM.match(text, pos)
        if match.end() == pos:  # cannot happen with this pattern, but never loop forever
            pos += 1
            continue
        items.append(match)
        pos = match.end()
    return items


def _clause(match):
    """A Clause from one matched item, or a SearchError for a lone operator."""
    fieldname, phrase, word = match.group("field"), match.group("phrase"), match.group("word")
    negated = bool(match.group("neg"))
    if fieldname and fieldname.lower() not in TEXT_FIELDS + FILTER_FIELDS:
        # "TP.HCM:" or "10:30" are words, not fields.
        word = match.group(0).lstrip("-")
        fieldname = None
    fieldname = (fieldname or "").lower()
    value = phrase if phrase is not None else word
    if value is None or not value.strip():
        if fieldname:
            raise SearchError("empty_field", f"{fieldname}: cần một giá trị, ví dụ {fieldname}:\"...\".")
        if negated:
            raise SearchError("lone_operator", "Dấu - cần đứng ngay trước từ muốn loại trừ, ví dụ -thể_thao.")
        raise SearchError("empty_phrase", "Cụm từ trong ngoặc kép đang trống.")
    return Clause(value.strip(), phrase=phrase is not None, negated=negated, field=fieldname)


def parse_query(text):
    """Parse a user's query; raise SearchError with a clear message when it cannot be understood.

    >>> q = parse_query('hoc tap "làm theo" -thao hoa OR hop province:"Long An"')
    >>> [c.text for c in q.free], [c.text for c in q.excluded], [[c.text for c in a] for a in q.alternatives]
    (['hoc', 'tap', 'làm theo'], ['thao'], [['hoa', 'hop']])
    >>> q.filters
    {'province': 'Long An'}
    """
    text = _normalise_quotes(text or "").strip()
    if len(text) > MAX_QUERY_CHARS:
        raise SearchError("query_too_long", f"Câu tìm kiếm quá dài (tối đa {MAX_QUERY_CHARS} ký tự).")
    items = _items(text)
    parsed, pending_or = ParsedQuery(), None
    clauses = []
    for i, match in enumerate(items):
        if match.group(0) == "OR":
            if not clauses or i == len(items) - 1 or items[i + 1].group(0) == "OR":
                raise SearchError("lone_operator", "OR cần có một từ ở mỗi bên, ví dụ: hòa OR hợp.")
            pending_or = True
            continue
        clause = _clause(match)
        if pending_or:
            previous = clauses.pop()
            group = previous if isinstance(previous, list) else [previous]
            clauses.append(group + [clause])
            pending_or = None
        else:
            clauses.append(clause)
    phrases = sum(c.phrase for item in clauses for c in (item if isinstance(item, list) else [item]))
    if phrases > MAX_PHRASES:
        raise SearchError("too_many_phrases", f"Tối đa {MAX_PHRASES} cụm từ trong ngoặc kép trong một câu tìm kiếm.")
    for item in clauses:
        _place(parsed, item)
    return parsed


def _place(parsed, item):
    """Put one clause (or OR group) where it belongs in the parsed query."""
    if isinstance(item, list):
        if any(c.negated or c.field in FILTER_FIELDS for c in item):
            raise SearchError("bad_or", "OR chỉ nối các từ hoặc cụm từ, không nối -loại trừ hay bộ lọc.")
        parsed.alternatives.append(item)
    elif item.field in FILTER_FIELDS:
        if item.negated:
            raise SearchError("negated_filter", f"Không hỗ trợ loại trừ bộ lọc -{item.field}:.")
        check_filter(item.field, item.text)
        parsed.filters[item.field] = item.text
    elif item.negated:
        parsed.excluded.append(item)
    elif item.phrase or item.field:
        parsed.free.append(item)
    else:
        parsed.free.extend(Clause(w) for w in item.text.split())
