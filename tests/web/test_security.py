"""Hostile text stays inert, article ids cannot leave the index, headers on every response, no debug mode."""

import json
from html import unescape
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from searchapp.search.snippets import body_snippet, title_html
from searchapp.text.analyzers import folded_analyzer
from searchapp.web.headers import SECURITY_HEADERS

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
EVIL_ID = SCRIPT + IMG
# Every field a reader sees carries both payloads; the province and source become facet labels and chips.
HOSTILE = [
    {"id": "evil", "title": f"Hội nghị {SCRIPT} cán bộ {IMG} tỉnh",
     "body": f"Đoạn một: hội nghị {SCRIPT} bàn về cán bộ.\nĐoạn hai {IMG} hết.",
     "author": f"{SCRIPT}{IMG}", "source": f"{SCRIPT} Báo {IMG}", "province": f"{SCRIPT}{IMG}",
     "district": f"{IMG} huyện", "province_2025": SCRIPT, "date": "2024-05-01", "url": f"https://e.vn/{IMG}"},
    {"id": EVIL_ID, "title": "Hội nghị thứ hai", "body": "Nội dung hội nghị thứ hai.", "date": "2023-01-01"},
]
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"
ESCAPED_IMG = "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;"  # Jinja's escaping of IMG
# The elements our templates use; anything else in a page came from the data.
PAGE_TAGS = {"html", "head", "meta", "title", "link", "body", "a", "span", "header", "div", "main", "footer", "form",
             "label", "input", "button", "section", "h1", "h2", "h3", "p", "ul", "ol", "li", "nav", "aside", "mark",
             "time", "dl", "dt", "dd", "article", "details", "summary", "svg", "path", "small", "strong", "em", "abbr"}


@pytest.fixture(scope="module")
def hostile_client(tmp_path_factory):
    from searchapp import create_app
    from searchapp.indexing.build import build_index

    tmp = tmp_path_factory.mktemp("hostile")
    corpus = tmp / "hostile.jsonl"
    corpus.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in HOSTILE), encoding="utf-8")
    summary = build_index([str(corpus)], tmp / "home", jobs=1)
    assert summary.indexed == 2 and summary.problems == []
    return create_app({"INDEX_DIR": str(tmp / "home"), "TESTING": True}).test_client()


class Tags(HTMLParser):
    """Every start tag of a page with its attribute names, as a browser's parser sees them."""

    def __init__(self, html):
        super().__init__()
        self.found = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, [name for name, _ in attrs]))


def assert_inert(html):
    """No element or attribute came from the data: no <script> or <img> at all, no on* handlers."""
    tags = Tags(html).found
    assert {tag for tag, _ in tags} <= PAGE_TAGS, {tag for tag, _ in tags} - PAGE_TAGS
    assert not [(tag, names) for tag, names in tags if any(n.startswith("on") for n in names)]
    assert "<script" not in html.lower() and "<img" not in html.lower()


def test_hostile_metadata_is_inert_on_the_results_page_and_its_facets(hostile_client):
    response = hostile_client.get("/search?q=hoi+nghi")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert_inert(html)
    results = html.split('<aside id="facets"')[0]
    sidebar = html.split('<aside id="facets"')[1].split("</aside>")[0]
    assert f"<mark>Hội</mark> <mark>nghị</mark> {ESCAPED_SCRIPT} cán bộ &#34;&gt;&lt;img" in unescape_marks(results)
    assert f'<span class="source">{ESCAPED_SCRIPT} Báo {ESCAPED_IMG}</span>' in results
    assert f'<span class="facet-label">{ESCAPED_SCRIPT}{ESCAPED_IMG}</span>' in sidebar  # province
    assert f'<span class="facet-label">{ESCAPED_IMG} huyện</span>' not in sidebar  # district shows under a province
    assert f'<span class="facet-label">{ESCAPED_SCRIPT} Báo {ESCAPED_IMG}</span>' in sidebar  # source
    # The hostile id is a link target, percent-encoded.
    assert f'href="/articles/{quote(EVIL_ID, safe="")}?q=hoi+nghi"' in results


def unescape_marks(html):
    """The snippets' own escaping (&quot;) made comparable with Jinja's (&#34;)."""
    return html.replace("&quot;", "&#34;")


def test_hostile_facet_values_are_inert_in_chips_and_district_facets(hostile_client):
    province, source = HOSTILE[0]["province"], HOSTILE[0]["source"]
    response = hostile_client.get("/search", query_string={"q": "hoi nghi", "province": province, "source": source})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert_inert(html)
    chips = html.split('<div class="chips"')[1].split("</div>")[0]
    assert f"Tỉnh/thành: {ESCAPED_SCRIPT}{ESCAPED_IMG}" in chips
    assert f"Nguồn: {ESCAPED_SCRIPT} Báo {ESCAPED_IMG}" in chips
    assert f'<span class="facet-label">{ESCAPED_IMG} huyện</span>' in html
    # Hidden fields of the search box keep the filters, escaped.
    assert f'<input type="hidden" name="province" value="{ESCAPED_SCRIPT}{ESCAPED_IMG}">' in html


def test_hostile_article_page_is_inert(hostile_client):
    response = hostile_client.get("/articles/evil?q=hoi+nghi")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert_inert(html)
    assert f"<mark>Hội</mark> <mark>nghị</mark> {ESCAPED_SCRIPT} cán bộ {ESCAPED_IMG} tỉnh</h1>" in html
    assert f"<dt>Tác giả</dt><dd>{ESCAPED_SCRIPT}{ESCAPED_IMG}</dd>" in html
    assert f"<p>Đoạn hai {ESCAPED_IMG} hết.</p>" in html
    # The url is https and so a link, but only as an escaped attribute value.
    assert 'href="https://e.vn/&#34;&gt;&lt;img src=x onerror=alert(1)&gt;"' in html


def test_article_with_a_hostile_id(hostile_client):
    html = hostile_client.get("/articles/" + quote(EVIL_ID, safe="")).get_data(as_text=True)
    assert_inert(html)
    assert '<h1 id="article-title">Hội nghị thứ hai</h1>' in html
    assert f'href="/api/articles/{quote(EVIL_ID, safe="")}"' in html
    assert hostile_client.get("/api/articles/" + quote(EVIL_ID, safe="")).json["id"] == EVIL_ID


def test_hostile_text_in_404_and_400_pages_is_inert(hostile_client):
    missing = hostile_client.get("/articles/" + quote(SCRIPT + "x" + IMG, safe=""))
    assert missing.status_code == 404
    assert_inert(missing.get_data(as_text=True))
    assert f"“{ESCAPED_SCRIPT}x{ESCAPED_IMG}”" in missing.get_data(as_text=True)
    bad = hostile_client.get("/search", query_string={"q": f'{IMG} "{SCRIPT}', "year": IMG})
    assert bad.status_code == 400
    assert_inert(bad.get_data(as_text=True))


def test_home_page_browse_links_are_inert(hostile_client):
    html = hostile_client.get("/").get_data(as_text=True)
    assert_inert(html)
    assert f"{ESCAPED_SCRIPT}{ESCAPED_IMG} <span class=\"count\">1</span>" in html


def strip_marks(fragment):
    return fragment.replace("<mark>", "").replace("</mark>", "")


def test_json_escapes_everything_but_our_marks(hostile_client):
    body = hostile_client.get("/api/search?q=hoi+nghi").json
    evil = next(h for h in body["hits"] if h["id"] == "evil")
    assert evil["title_html"] == ("<mark>Hội</mark> <mark>nghị</mark> &lt;script&gt;alert(1)&lt;/script&gt; cán bộ "
                                  "&quot;&gt;&lt;img src=x onerror=alert(1)&gt; tỉnh")
    for hit in body["hits"]:
        for name in ("title_html", "snippet"):
            assert "<" not in strip_marks(hit[name]) and ">" not in strip_marks(hit[name])
        assert unescape(strip_marks(hit["title_html"])) == hit["title"]
    # Plain fields are plain text, given back as they are: the client escapes them.
    assert (evil["title"], evil["source"]) == (HOSTILE[0]["title"], HOSTILE[0]["source"])


@settings(max_examples=300, deadline=None)
@given(text=st.lists(st.sampled_from(list('<>&"\'/=; abchộinghịmark') + [SCRIPT, IMG, "<mark>", "</mark>"]),
                    max_size=30).map("".join) | st.text(max_size=80),
       words=st.sets(st.sampled_from(["hoi", "nghi", "mark", "script", "alert", "img", "x"]), max_size=3))
def test_highlighting_escapes_any_text(text, words):
    """Property: whatever the text and the words, the only tags are our <mark>s, and the text survives."""
    analyzer = folded_analyzer()
    for fragment in (title_html(text, frozenset(words), analyzer), body_snippet(text, frozenset(words), analyzer)):
        plain = strip_marks(fragment)
        assert "<" not in plain and ">" not in plain
        assert fragment.count("<mark>") == fragment.count("</mark>")
    assert unescape(strip_marks(title_html(text, frozenset(words), analyzer))) == text


# --- article ids cannot leave the index -----------------------------------------------------

TRAVERSALS = ["../", "..%2f..%2fetc%2fpasswd", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "..%5c..%5cwindows%5cwin.ini",
              "/etc/passwd", "%2fetc%2fpasswd", "%00", "001_6a3104368aca8f7d%00", "001_6a3104368aca8f7d%00.txt",
              "..%00/", "../corpus/001_6a3104368aca8f7d.txt", "corpus%2f001_6a3104368aca8f7d.txt",
              "%252e%252e%252f", "....//....//etc/passwd", "C:%5cWindows", "x" * 400]


@pytest.mark.parametrize("tail", TRAVERSALS)
def test_article_ids_cannot_escape_the_index(client, tail):
    page = client.get("/articles/" + tail)
    assert page.status_code == 404 and page.mimetype == "text/html"
    assert "Lỗi 404" in page.get_data(as_text=True)
    api = client.get("/api/articles/" + tail)
    assert api.status_code == 404 and api.mimetype == "application/json"
    assert api.json["error"]["code"] == "not_found"


# --- headers ----------------------------------------------------------------------------------

EXPECTED_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
                "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
RESPONSES = [("GET", "/", 200), ("GET", "/search?q=hoc", 200), ("GET", "/search", 302), ("GET", "/search?q=%22", 400),
             ("GET", "/articles/001_6a3104368aca8f7d", 200), ("GET", "/articles/nope", 404),
             ("GET", "/api/search?q=hoc", 200), ("GET", "/api/search?page=0", 400),
             ("GET", "/api/articles/001_6a3104368aca8f7d", 200), ("GET", "/api/articles/nope", 404),
             ("GET", "/api/openapi.json", 200), ("GET", "/static/style.css", 200), ("GET", "/nope", 404),
             ("POST", "/api/search", 405), ("POST", "/search", 405)]


def test_the_policy_allows_only_our_own_scripts_and_styles():
    assert SECURITY_HEADERS == {"Content-Security-Policy": EXPECTED_CSP, "X-Content-Type-Options": "nosniff",
                                "Referrer-Policy": "same-origin"}


@pytest.mark.parametrize("method, url, status", RESPONSES)
def test_every_response_has_the_security_headers(client, method, url, status):
    response = client.open(url, method=method)
    assert response.status_code == status
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value


@pytest.mark.parametrize("url", ["/api/search", "/search", "/api/articles/x", "/articles/x"])
def test_method_not_allowed_says_which_are(client, url):
    response = client.delete(url)
    assert response.status_code == 405
    assert sorted(response.headers["Allow"].split(", ")) == ["GET", "HEAD", "OPTIONS"]


def test_unavailable_index_responses_have_the_security_headers(tmp_path):
    from searchapp import create_app

    client = create_app({"INDEX_DIR": str(tmp_path / "none")}).test_client()
    for url in ("/api/search?q=hoc", "/search?q=hoc", "/"):
        response = client.get(url)
        assert response.status_code == 503
        assert all(response.headers[name] == value for name, value in SECURITY_HEADERS.items())


# --- never debug ------------------------------------------------------------------------------


def test_the_app_is_never_in_debug_mode(monkeypatch, seed_index):
    from searchapp import create_app

    monkeypatch.setenv("FLASK_DEBUG", "1")
    assert create_app({"INDEX_DIR": str(seed_index)}).debug is False
    assert create_app({"INDEX_DIR": str(seed_index), "DEBUG": True}).debug is False


def test_python_m_searchapp_serves_without_debug(monkeypatch, seed_index):
    import flask

    import searchapp.__main__ as entry

    monkeypatch.setenv("FLASK_DEBUG", "1")
    calls = []
    monkeypatch.setattr(flask.Flask, "run", lambda app, **kwargs: calls.append((app.debug, kwargs)))
    assert entry.main(["--index", str(seed_index), "--port", "8123"]) == 0
    [(debug, kwargs)] = calls
    assert debug is False
    assert kwargs == {"host": "127.0.0.1", "port": 8123, "debug": False, "threaded": True}
