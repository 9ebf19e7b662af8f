"""Property-based: any query and any parameters give a result or a clear 400/404, never a 500, with bounded work.

Arbitrary Unicode, control characters, operator soup, huge and empty strings and odd parameters go to
the search engine and to every endpoint (over the seed index). A request refused for its parameters
or its query must be refused before the index is touched.
"""

import re
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from searchapp.search import SearchEngine, SearchError
from searchapp.search.params import MAX_PER_PAGE, MAX_RESULTS_DEPTH
from searchapp.search.parse import MAX_QUERY_CHARS

# Every code a bad request may get (README, "JSON API").
ERROR_CODES = {"bad_parameter", "page_out_of_range", "unbalanced_quotes", "lone_operator", "empty_field",
               "empty_phrase", "bad_or", "query_too_long", "negated_filter", "too_many_phrases"}
SEARCH_KEYS = ("q", "page", "per_page", "sort", "year", "month", "province", "district", "source", "from", "to")
EXAMPLES = 250  # per test; the four tests together take about 20 s

OPERATORS = ['"', "“", "”", "„", "-", "--", "OR", "AND", "NOT", "title:", "body:", "province:", "district:",
             "year:", "month:", "source:", "author:", "TITLE:", "x:", "(", ")", "*", "?", "~", "~2", "^", "^3", ":",
             "+", "\\", "/", "'", "|", "&", "!", "{", "}", "[", "]", "%", "%00", "<", ">"]
WORDS = ["hoc", "tập", "Bác", "Quế Võ", "que vo", "01-KL/TW", "UBND", "TP HCM", "2024", "18.5.2021", "Long An",
         "long-an", "hòa", "hoà", "x", "a" * 40, "ﬁ", "𝕳", "\u0301", "e\u0301"]
SPACES = [" ", "  ", "\t", "\n", "\r", "\x00", "\x0b", "\x1f", "\x7f", "\x85", "\u00a0", "\u200b", "\u2028", "\u3000",
          "\ufeff", ""]
soup = st.lists(st.sampled_from(OPERATORS + WORDS + SPACES) | st.text(max_size=3), max_size=40).map("".join)
huge = st.builds(lambda piece, n: (piece * n)[:n], st.sampled_from(["a", "á", " ", '"', "-", "OR ", "hoc ", "\x00", "𝕳"]),
                 st.integers(MAX_QUERY_CHARS - 10, 20_000))
queries = st.one_of(st.just(""), st.text(max_size=MAX_QUERY_CHARS + 20), soup, soup, huge)

numbers = st.one_of(st.integers(1, 5).map(str), st.integers(-5, 60).map(str), st.integers(-10**12, 10**12).map(str),
                    st.sampled_from(["-1", "0", "1", "10**9", str(10**9), "10000", "1e3", "1.5", "", " 2 ", "+3",
                                     "0x10", "abc", "9" * 5000, "٣", "２", "1_0"]), st.text(max_size=5))
dates = st.one_of(st.sampled_from(["2024-06-18", "2023-01-01", "2024-02-30", "2024-13-01", "18/06/2024", "2024-06",
                                   "99999-01-01", "0000-00-00", "2024-06-18T10:00", "20240618", "", "２０２４-０６-１８"]),
                  st.text(max_size=12))
facet_values = st.one_of(st.sampled_from(["2024", "2023", "2024-06", "2024-6", "٢٠٢٤", "Bắc Ninh", "bac ninh",
                                          "long-an", "Trung ương", "Nowhere", "thị xã Quế Võ", "BTV", ""]),
                         st.text(max_size=30), st.text(min_size=190, max_size=260))
VALUES = {"q": queries, "page": numbers, "per_page": numbers, "year": facet_values, "month": facet_values,
          "province": facet_values, "district": facet_values, "source": facet_values, "from": dates, "to": dates,
          "sort": st.one_of(st.sampled_from(["relevance", "date", "", "popular", "DATE", " date "]), st.text(max_size=8))}
odd_params = st.fixed_dictionaries({}, optional=VALUES)
# Mostly the query itself, with parameters that pass: so that most queries reach the parser and the index.
query_params = st.fixed_dictionaries({"q": queries}, optional={
    "page": st.integers(1, 3).map(str), "per_page": st.integers(1, MAX_PER_PAGE).map(str),
    "sort": st.sampled_from(["relevance", "date"]), "year": st.sampled_from(["2024", "2023", "1999"]),
    "province": st.sampled_from(["Bắc Ninh", "long an", "Nowhere"]), "from": st.sampled_from(["2021-01-01", "2024-06-18"])})
params = st.one_of(query_params, query_params, odd_params)
# Query strings as pairs: repeated and unknown keys too.
extra_pairs = st.lists(st.tuples(st.sampled_from(SEARCH_KEYS + ("unknown", "q[]", "")), st.text(max_size=20)),
                       max_size=4)
article_ids = st.one_of(st.text(max_size=40), st.sampled_from(
    ["001_6a3104368aca8f7d", "../etc/passwd", "..%2f..%2f", "%2e%2e%2f", "/etc/passwd", "\x00", "a\x00b", "x" * 301,
     "001_6a3104368aca8f7d/", ".", "..", "%", "?", "#", "a b"]))

SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


class CountingEngine(SearchEngine):
    """A SearchEngine that counts how often it touches the index."""

    opened = 0

    def _index(self):
        self.opened += 1
        return super()._index()


def too_long(raw):
    """Whether a raw query is over the cap (as the query parser counts: stripped)."""
    return raw is not None and len(str(raw).strip()) > MAX_QUERY_CHARS


@pytest.fixture(scope="module")
def counting_engine(seed_index):
    return CountingEngine(seed_index)


@pytest.fixture(scope="module")
def app_client(seed_index, counting_engine):
    from searchapp import create_app

    app = create_app({"INDEX_DIR": str(seed_index), "TESTING": True})
    app.extensions["search_engine"] = counting_engine
    return app.test_client()


def check_result(result, raw):
    """A successful search: within the caps, and as many hits as the page holds."""
    per_page, page = result["per_page"], result["page"]
    assert 1 <= per_page <= MAX_PER_PAGE and 1 <= page and page * per_page <= MAX_RESULTS_DEPTH
    assert len(result["query"]) <= MAX_QUERY_CHARS
    assert result["total"] >= 0
    assert len(result["hits"]) == max(0, min(per_page, result["total"] - (page - 1) * per_page))
    assert set(result["facets"]) == {"year", "month", "province", "district", "source"}
    assert result["sort"] in ("relevance", "date")
    assert not too_long(raw.get("q"))


@SETTINGS
@given(raw=params)
def test_search_engine_answers_or_refuses_before_searching(counting_engine, raw):
    before = counting_engine.opened
    try:
        result = counting_engine.search(raw)
    except SearchError as err:
        event(f"refused: {err.code} {err.message[:25]}")
        assert (err.status, err.code in ERROR_CODES, bool(err.message)) == (400, True, True)
        assert counting_engine.opened == before, "a refused request touched the index"
        return
    event("answered" + (" with hits" if result["hits"] else " without hits"))
    check_result(result, raw)


def check_json_error(response, status):
    body = response.get_json()
    assert response.status_code == status and response.mimetype == "application/json"
    assert list(body) == ["error"] and sorted(body["error"]) == ["code", "message"]
    assert isinstance(body["error"]["code"], str) and body["error"]["message"]
    return body["error"]["code"]


def check_html(response):
    html = response.get_data(as_text=True)
    assert response.mimetype == "text/html" and "Traceback" not in html
    assert '<html lang="vi">' in html
    if response.status_code >= 400:
        assert 'role="alert"' in html
    return html


def pairs_of(raw, extra):
    return list(raw.items()) + extra


@SETTINGS
@given(raw=params, extra=extra_pairs)
def test_api_search_never_fails(app_client, counting_engine, raw, extra):
    before = counting_engine.opened
    response = app_client.get("/api/search", query_string=pairs_of(raw, extra))
    event(f"status {response.status_code}")
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert check_json_error(response, 400) in ERROR_CODES
        assert counting_engine.opened == before, "a refused request touched the index"
    else:
        check_result(response.get_json(), dict(pairs_of(raw, extra)[::-1]))  # the first of repeated keys wins


@SETTINGS
@given(raw=params, extra=extra_pairs, path=st.sampled_from(["/search", "/"]))
def test_search_page_and_home_never_fail(app_client, counting_engine, raw, extra, path):
    before = counting_engine.opened
    response = app_client.get(path, query_string=pairs_of(raw, extra))
    event(f"{path} status {response.status_code}")
    if path == "/search" and response.status_code == 302:  # no words and no filters: the home page
        assert response.location == "/"
        return
    assert response.status_code in (200, 400)
    html = check_html(response)
    if response.status_code == 400:
        assert counting_engine.opened == before, "a refused request touched the index"
        assert re.search(r'<div class="notice notice-error" role="alert">\s*<h2>Không tìm được với câu tìm kiếm này</h2>'
                         r'\s*<p>[^<]+</p>', html)


@SETTINGS
@given(article_id=article_ids, quoting=st.sampled_from(["", "/", "%"]), extra=extra_pairs, q=queries)
def test_article_endpoints_never_fail(app_client, article_id, quoting, extra, q):
    path = quote(article_id, safe=quoting) if quoting != "%" else article_id.replace("?", "%3F").replace("#", "%23")
    for prefix in ("/api/articles/", "/articles/"):
        response = app_client.get(prefix + path, query_string=[("q", q)] + extra)
        event(f"{prefix} status {response.status_code}")
        assert response.status_code in (200, 404)
        if prefix.startswith("/api"):
            if response.status_code == 404:
                check_json_error(response, 404)
            else:
                assert response.get_json()["id"] == "001_6a3104368aca8f7d"
        else:
            html = check_html(response)
            assert response.status_code == 404 or '<h1 id="article-title">' in html


# --- the caps, exactly ------------------------------------------------------------------------

TOO_LONG = {"code": "query_too_long", "message": f"Câu tìm kiếm quá dài (tối đa {MAX_QUERY_CHARS} ký tự)."}


@pytest.mark.parametrize("q", ["a" * (MAX_QUERY_CHARS + 1), "hoc " * 2500, "x" * 10_000, "á" * 100_000])
def test_a_long_query_is_a_400_without_searching(app_client, counting_engine, q):
    before = counting_engine.opened
    with pytest.raises(SearchError) as raised:
        counting_engine.search({"q": q})
    assert raised.value.to_dict() == TOO_LONG
    response = app_client.get("/api/search", query_string={"q": q})
    assert (response.status_code, response.get_json()) == (400, {"error": TOO_LONG})
    page = app_client.get("/search", query_string={"q": q})
    assert page.status_code == 400 and TOO_LONG["message"] in page.get_data(as_text=True)
    assert counting_engine.opened == before


def test_a_query_at_the_cap_is_searched(counting_engine):
    result = counting_engine.search({"q": "hoc tap " * 62 + "lam"})  # 499 characters
    assert result["total"] == 5 and result["hits"][0]["id"] == "001_6a3104368aca8f7d"


def test_article_page_with_a_huge_query_is_served_without_highlighting(app_client):
    response = app_client.get("/articles/001_6a3104368aca8f7d", query_string={"q": "que vo " * 2000})
    assert response.status_code == 200 and "<mark>" not in response.get_data(as_text=True)


@pytest.mark.parametrize("raw, message", [
    ({"page": "-1"}, "page phải nằm trong khoảng 1–1000."),
    ({"page": str(10**9)}, "page phải nằm trong khoảng 1–1000."),
    ({"page": "9" * 5000}, "page phải là một số nguyên, không phải '99999999999999999999'."),
    ({"per_page": "0"}, "per_page phải nằm trong khoảng 1–50."),
    ({"per_page": "10000"}, "per_page phải nằm trong khoảng 1–50."),
    ({"page": "21", "per_page": "50"}, "Chỉ xem được 1000 kết quả đầu tiên; hãy thu hẹp tìm kiếm."),
    ({"sort": "popular"}, "sort phải là relevance hoặc date."),
    ({"year": "٢٠٢٤"}, "year phải có dạng YYYY, ví dụ 2024."),
    ({"month": "2024-13"}, "month phải có dạng YYYY-MM, ví dụ 2024-06."),
    ({"from": "2024-02-30"}, "from phải là ngày dạng YYYY-MM-DD, không phải '2024-02-30'."),
    ({"from": "2024-06-18", "to": "2024-01-01"}, "from phải trước hoặc bằng to."),
    ({"province": "x" * 201}, "province quá dài (tối đa 200 ký tự)."),
])
def test_odd_parameters_get_a_clear_400(app_client, counting_engine, raw, message):
    before = counting_engine.opened
    response = app_client.get("/api/search", query_string={"q": "hoc", **raw})
    assert response.status_code == 400
    assert response.get_json()["error"]["message"] == message
    assert counting_engine.opened == before


def test_unknown_facet_values_and_parameters_find_nothing_or_are_ignored(app_client):
    assert app_client.get("/api/search?q=hoc&province=Atlantis").get_json()["total"] == 0
    assert app_client.get("/api/search?q=hoc&colour=red&q=ignored").get_json()["query"] == "hoc"  # first q wins
    assert app_client.get("/api/search?q=hoc&year=2024&year=1999").get_json()["filters"] == {"year": "2024"}


# --- bounded work inside the caps -------------------------------------------------------------


def test_more_than_eight_phrases_is_a_400_without_searching(counting_engine):
    eight = " ".join(f'"hoc tap {i}"' for i in range(8))
    assert counting_engine.search({"q": eight})["total"] == 0
    before = counting_engine.opened
    with pytest.raises(SearchError) as raised:
        counting_engine.search({"q": eight + ' -"lam theo"'})
    assert raised.value.to_dict() == {"code": "too_many_phrases",
                                      "message": "Tối đa 8 cụm từ trong ngoặc kép trong một câu tìm kiếm."}
    assert counting_engine.opened == before


def test_a_repeated_phrase_is_looked_up_once(seed_index, monkeypatch):
    """UBND expands to the phrase "uy ban nhan dan": a query of 100 UBND looks it up once per field."""
    from searchapp.search.rank import Ranker

    calls = []
    real = Ranker._find_phrase
    monkeypatch.setattr(Ranker, "_find_phrase", lambda self, f, seq: calls.append((f, seq)) or real(self, f, seq))
    engine = SearchEngine(seed_index)
    once = engine.search({"q": "UBND"})
    assert len(calls) == 2  # title and body
    many = engine.search({"q": ("UBND " * 100).strip()})
    assert len(calls) == 2 and many["total"] == once["total"] == 1


def test_near_spellings_for_the_first_eight_unknown_words_only(engine):
    from searchapp.search.engine import MAX_FUZZY_UNITS, _add_fuzzy
    from searchapp.search.units import to_units

    units = to_units("hocx tapx lamx theox bacx quex vox nongx thonx moix")
    _add_fuzzy(units, engine._index()[2])
    assert MAX_FUZZY_UNITS == 8
    assert [bool(u.fuzzy) for u in units] == [True] * 8 + [False] * 2
