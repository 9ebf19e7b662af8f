"""The HTML pages over the seed corpus (and a tiny JSONL corpus for places and hostile text)."""

import json
import re
from html import unescape

import pytest

from searchapp.web.urls import search_args, toggle_url

SEED_QUERY = "/search?q=hoc+tap+lam+theo+bac"
QUE_VO = "/articles/001_6a3104368aca8f7d?q=que+vo"

# Records with explicit places (so the province → district facets are known exactly) and hostile text.
TINY = [
    {"id": "xss", "title": "<script>alert(1)</script> Tin thử nghiệm",
     "body": "Đoạn một <script>alert('x')</script> có chữ thử nghiệm.\nĐoạn hai <b>đậm</b> & hết.",
     "date": "2024-03-02", "url": "javascript:alert(1)", "source": "<img src=x onerror=alert(1)>",
     "province": "Bắc Ninh", "district": "Quế Võ", "province_2025": "Bắc Ninh"},
    {"id": "lc1", "title": "Nông thôn mới ở Mộc Hóa", "body": "Xây dựng nông thôn mới tại huyện Mộc Hóa.",
     "date": "2023-06-09", "url": "https://example.org/moc-hoa", "author": "Minh An",
     "province": "Long An", "district": "Mộc Hóa", "province_2025": "Tây Ninh"},
    {"id": "lc2", "title": "Nông thôn mới ở Tân Thạnh", "body": "Nông thôn mới tại huyện Tân Thạnh.",
     "date": "2023-07-01", "province": "Long An", "district": "Tân Thạnh", "province_2025": "Tây Ninh"},
]


@pytest.fixture(scope="module")
def tiny_client(tmp_path_factory):
    """A client over an index of TINY."""
    from searchapp import create_app
    from searchapp.indexing.build import build_index

    tmp = tmp_path_factory.mktemp("tiny")
    corpus = tmp / "tiny.jsonl"
    corpus.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in TINY), encoding="utf-8")
    summary = build_index([str(corpus)], tmp / "home", jobs=1)
    assert summary.indexed == len(TINY)
    return create_app({"INDEX_DIR": str(tmp / "home"), "TESTING": True}).test_client()


def text(response):
    return response.get_data(as_text=True)


def hrefs(html):
    """Every href of the page, unescaped, in order."""
    return [unescape(h) for h in re.findall(r'href="([^"]*)"', html)]


def link_to(html, label):
    """The href of the first link whose visible text contains label."""
    for href, inner in re.findall(r'<a [^>]*href="([^"]*)"[^>]*>(.*?)</a>', html, re.S):
        if label in unescape(re.sub(r"<[^>]+>", "", inner)):
            return unescape(href)
    raise AssertionError(f"no link with {label!r}")


def sidebar(html):
    """The facet sidebar of a results page."""
    return html.split('<aside id="facets"')[1].split("</aside>")[0]


def article_ids(html):
    return re.findall(r'<h2 class="hit-title"><a href="/articles/([^"?]+)', html)


def assert_page_basics(html):
    assert '<html lang="vi">' in html
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert '<label for="q"' in html
    assert "Traceback" not in html
    # Nothing loaded from elsewhere: styles and links to resources are local.
    assert not re.search(r'<(link|script|img)[^>]+(href|src)="(https?:)?//', html)


# --- home -------------------------------------------------------------------------------------


def test_home_has_a_labelled_autofocused_box_and_the_accent_hint(client):
    response = client.get("/")
    html = text(response)
    assert response.status_code == 200
    assert_page_basics(html)
    assert re.search(r'<input id="q" name="q" type="search" value=""[^>]*autofocus>', html, re.S)
    assert '<form class="searchbox searchbox-big" action="/search" method="get" role="search">' in html
    assert "Không cần gõ dấu" in html
    assert '<link rel="stylesheet" href="/static/style.css">' in html


def test_home_offers_years_to_browse(client):
    html = text(client.get("/"))
    assert '<a class="pill" href="/search?year=2024">2024 <span class="count">2</span></a>' in html
    assert '<a class="pill" href="/search?year=2023">2023 <span class="count">3</span></a>' in html


def test_stylesheet_is_served_locally(client):
    response = client.get("/static/style.css")
    assert response.status_code == 200
    assert "@media" in text(response)


# --- results ----------------------------------------------------------------------------------


def test_unaccented_query_finds_and_highlights_accented_words(client):
    response = client.get(SEED_QUERY)
    html = text(response)
    assert response.status_code == 200
    assert_page_basics(html)
    assert "<mark>học</mark>" in html
    assert '<mark>Bác</mark>' in html
    assert 'value="hoc tap lam theo bac"' in html
    assert re.search(r"Khoảng 5 kết quả \(\d+,\d\d giây\)", html)
    assert article_ids(html) == ["001_6a3104368aca8f7d", "002_0836816378347a55", "004_852d480e45eae4e5",
                                 "000_d9b8657bc8fd347a", "003_150bf815c1841948"]


def test_suggestion_links_to_the_same_search_with_the_accented_query(client):
    html = text(client.get(SEED_QUERY))
    assert "Có phải bạn muốn tìm:" in html
    assert ('<a href="/search?q=h%E1%BB%8Dc+t%E1%BA%ADp+l%C3%A0m+theo+B%C3%A1c">học tập làm theo Bác</a>'
            in html)


def test_results_page_names_its_json_twin_with_the_same_parameters(client):
    html = text(client.get(SEED_QUERY + "&year=2023&sort=date"))
    assert ('<link rel="alternate" type="application/json" '
            'href="/api/search?q=hoc+tap+lam+theo+bac&amp;year=2023&amp;sort=date"') in html


def test_page_and_json_endpoint_share_the_same_data(client):
    html = text(client.get(SEED_QUERY + "&year=2023"))
    data = client.get("/api/search?q=hoc+tap+lam+theo+bac&year=2023").get_json()
    assert article_ids(html) == [hit["id"] for hit in data["hits"]]
    assert f"Khoảng {data['total']} kết quả" in html


def test_hits_link_to_the_article_with_the_query_and_show_dates(client):
    html = text(client.get(SEED_QUERY))
    assert '<a href="/articles/001_6a3104368aca8f7d?q=hoc+tap+lam+theo+bac">' in html
    assert ('<time datetime="2024-06-18">18/06/2024</time></span><span class="place">thị xã Quế Võ, Bắc Ninh</span>'
            '<span class="source">') in html
    assert 'Đoàn Thanh niên Cộng sản Hồ Chí Minh tỉnh Bắc Ninh</span>' in html
    # 004's year was inferred from its text: said so, with an explanation on hover.
    assert ('<time datetime="2024-05-15">15/05/2024</time> <span class="inferred" '
            'title="Bài không ghi năm; năm được suy ra từ nội dung bài.">(ước đoán năm)</span>') in html


def test_sort_links(client):
    html = text(client.get(SEED_QUERY))
    assert ('<a href="/search?q=hoc+tap+lam+theo+bac" aria-current="true" class="current">Liên quan nhất</a>'
            in html)
    assert '<a href="/search?q=hoc+tap+lam+theo+bac&amp;sort=date">Mới nhất</a>' in html
    by_date = text(client.get(SEED_QUERY + "&sort=date"))
    assert article_ids(by_date) == ["001_6a3104368aca8f7d", "004_852d480e45eae4e5", "000_d9b8657bc8fd347a",
                                    "003_150bf815c1841948", "002_0836816378347a55"]
    assert 'aria-current="true" class="current">Mới nhất</a>' in by_date


def test_pagination_links(client):
    first = text(client.get(SEED_QUERY + "&per_page=2"))
    assert len(article_ids(first)) == 2
    assert "Trước" not in first
    assert link_to(first, "Sau") == "/search?q=hoc+tap+lam+theo+bac&per_page=2&page=2"
    assert '<span class="page-current" aria-current="page">1</span>' in first
    assert link_to(first, "3") == "/search?q=hoc+tap+lam+theo+bac&per_page=2&page=3"
    middle = text(client.get(SEED_QUERY + "&per_page=2&page=2"))
    assert link_to(middle, "Trước") == "/search?q=hoc+tap+lam+theo+bac&per_page=2"
    assert link_to(middle, "Sau") == "/search?q=hoc+tap+lam+theo+bac&per_page=2&page=3"
    last = text(client.get(SEED_QUERY + "&per_page=2&page=3"))
    assert article_ids(last) == ["003_150bf815c1841948"]
    assert "Sau ›" not in last
    assert '<ol class="hits" start="5">' in last


def test_one_page_of_results_has_no_pagination(client):
    assert 'class="pagination"' not in text(client.get(SEED_QUERY))


# --- facets and filters -----------------------------------------------------------------------


def test_year_facet_adds_then_removes_the_filter(client):
    html = text(client.get(SEED_QUERY + "&page=1"))
    add = link_to(sidebar(html), "2023")
    assert add == "/search?q=hoc+tap+lam+theo+bac&year=2023"
    filtered = text(client.get(add))
    assert article_ids(filtered) == ["002_0836816378347a55", "000_d9b8657bc8fd347a", "003_150bf815c1841948"]
    assert 'class="facet-link selected" href="/search?q=hoc+tap+lam+theo+bac" aria-current="true"' in filtered
    assert '<a class="chip" href="/search?q=hoc+tap+lam+theo+bac" title="Bỏ bộ lọc này">Năm 2023 ' in filtered
    # The second click on the selected year is the search without it.
    assert link_to(sidebar(filtered), "2023") == "/search?q=hoc+tap+lam+theo+bac"


def test_months_sit_under_their_year_and_go_with_it(client):
    html = text(client.get(SEED_QUERY + "&year=2023"))
    assert link_to(sidebar(html), "Tháng 6/2023") == "/search?q=hoc+tap+lam+theo+bac&year=2023&month=2023-06"
    both = text(client.get("/search?q=hoc+tap+lam+theo+bac&year=2023&month=2023-06"))
    assert article_ids(both) == ["000_d9b8657bc8fd347a", "003_150bf815c1841948"]
    assert "Năm 2023" in both and "Tháng 6/2023" in both
    assert link_to(sidebar(both), "Tháng 6/2023") == "/search?q=hoc+tap+lam+theo+bac&year=2023"
    assert link_to(both, "Năm 2023") == "/search?q=hoc+tap+lam+theo+bac"  # the chip: month goes too


def test_source_facet(client):
    html = text(client.get(SEED_QUERY))
    assert link_to(sidebar(html), "Báo Bình Định") == "/search?q=hoc+tap+lam+theo+bac&source=B%C3%A1o+B%C3%ACnh+%C4%90%E1%BB%8Bnh"
    assert article_ids(text(client.get("/search?q=hoc+tap+lam+theo+bac&source=Báo Bình Định"))) == ["004_852d480e45eae4e5"]


def test_filters_without_words_list_articles_newest_first(client):
    response = client.get("/search?year=2023")
    html = text(response)
    assert response.status_code == 200
    assert article_ids(html) == ["000_d9b8657bc8fd347a", "003_150bf815c1841948", "002_0836816378347a55"]
    assert "Khoảng 3 kết quả" in html
    assert 'class="sort"' not in html  # always by date without words
    assert '<a class="chip" href="/search" title="Bỏ bộ lọc này">Năm 2023 ' in html


def test_search_without_words_or_filters_goes_home(client):
    for url in ("/search", "/search?q=", "/search?q=++&page=2"):
        response = client.get(url)
        assert response.status_code == 302
        assert response.headers["Location"] == "/"


def test_province_then_district_facets(tiny_client):
    html = text(tiny_client.get("/search?q=nong+thon+moi"))
    assert link_to(html, "Long An") == "/search?q=nong+thon+moi&province=Long+An"
    assert "Mộc Hóa" not in sidebar(html)  # districts wait for a province
    province = text(tiny_client.get("/search?q=nong+thon+moi&province=Long+An"))
    moc_hoa = "/search?q=nong+thon+moi&province=Long+An&district=M%E1%BB%99c+H%C3%B3a"
    assert link_to(sidebar(province), "Mộc Hóa") == moc_hoa
    district = text(tiny_client.get(moc_hoa))
    assert article_ids(district) == ["lc1"]
    assert link_to(district, "Quận/huyện: Mộc Hóa") == "/search?q=nong+thon+moi&province=Long+An"
    # Removing the province removes its district too, from the chip and from the facet.
    assert link_to(district, "Tỉnh/thành: Long An") == "/search?q=nong+thon+moi"
    assert 'class="facet-link selected" href="/search?q=nong+thon+moi" aria-current="true"' in district


def test_places_show_the_2025_province_when_it_changed(tiny_client):
    html = text(tiny_client.get("/search?q=nong+thon+moi"))
    assert '<span class="place">Mộc Hóa, Long An <span class="now">(nay thuộc Tây Ninh)</span></span>' in html
    same = text(tiny_client.get("/search?q=thu+nghiem"))
    assert '<span class="place">Quế Võ, Bắc Ninh</span>' in same  # unchanged by the merger: nothing added


def test_new_search_keeps_the_filters_as_hidden_fields(client):
    html = text(client.get(SEED_QUERY + "&year=2023&sort=date&page=2&per_page=2"))
    assert '<input type="hidden" name="year" value="2023">' in html
    assert '<input type="hidden" name="sort" value="date">' in html
    assert 'name="page"' not in html


def test_every_facet_value_of_the_view_model_has_its_toggle_url(app, engine):
    from searchapp.web.pages import search_page

    args = {"q": "hoc tap lam theo bac", "year": "2023"}
    with app.test_request_context("/search"):
        page = search_page(engine.search(args), args)
    for name, values in page["facets"].items():
        for value in values:
            assert set(value) == {"value", "label", "count", "selected", "toggle_url"}
            assert value["toggle_url"] == toggle_url(args, name, value["value"])
    assert page["facets"]["year"] == [{"value": "2023", "label": "2023", "count": 3, "selected": True,
                                       "toggle_url": "/search?q=hoc+tap+lam+theo+bac"}]


# --- toggle_url -------------------------------------------------------------------------------


@pytest.mark.parametrize("args, name, value, expected", [
    ({"q": "a"}, "year", "2024", "/search?q=a&year=2024"),
    ({"q": "a", "year": "2024"}, "year", "2024", "/search?q=a"),
    ({"q": "a", "year": "2024", "month": "2024-06"}, "year", "2024", "/search?q=a"),
    ({"q": "a", "year": "2024", "month": "2024-06"}, "year", "2023", "/search?q=a&year=2023"),
    ({"q": "a", "year": "2024", "month": "2024-06"}, "month", "2024-06", "/search?q=a&year=2024"),
    ({"q": "a"}, "month", "2024-06", "/search?q=a&year=2024&month=2024-06"),
    ({"q": "a", "province": "Long An", "district": "Mộc Hóa"}, "province", "Long An", "/search?q=a"),
    ({"q": "a", "province": "Long An", "district": "Mộc Hóa"}, "district", "Mộc Hóa", "/search?q=a&province=Long+An"),
    ({"q": "a", "page": "4", "sort": "date", "per_page": "20"}, "source", "BTV",
     "/search?q=a&source=BTV&sort=date&per_page=20"),
    ({"year": "2024"}, "year", "2024", "/search"),
    ({"q": "a", "from": "2024-01-01"}, "from", "2024-01-01", "/search?q=a"),
])
def test_toggle_url(args, name, value, expected):
    assert toggle_url(args, name, value) == expected


def test_search_args_keep_only_search_parameters_in_one_order():
    raw = {"page": "1", "sort": "relevance", "utm": "x", "source": " BTV ", "q": "a", "per_page": "10"}
    assert search_args(raw) == {"q": "a", "source": "BTV"}


# --- empty results and errors -----------------------------------------------------------------


def test_no_results_says_so_and_offers_a_way_out(client):
    response = client.get("/search?q=%22zzzz+qqq%22")
    html = text(response)
    assert response.status_code == 200
    assert "Không tìm thấy kết quả nào cho “&#34;zzzz qqq&#34;”" in html
    filtered = text(client.get("/search?q=hoc&year=1999"))
    assert "Không tìm thấy kết quả nào cho “hoc”" in filtered
    assert link_to(filtered, "trong tất cả bài viết") == "/search?q=hoc"
    assert "Khoảng 0 kết quả" not in filtered


def test_a_page_past_the_last_leads_back_to_the_first(client):
    response = client.get(SEED_QUERY + "&page=9")
    html = text(response)
    assert response.status_code == 200
    assert "Trang 9 không còn kết quả nào" in html
    assert link_to(html, "Về trang đầu") == "/search?q=hoc+tap+lam+theo+bac"


def test_no_results_for_filters_alone(client):
    html = text(client.get("/search?year=1999"))
    assert "Không có bài viết nào khớp với các bộ lọc đã chọn" in html


@pytest.mark.parametrize("url, message", [
    ("/search?q=%22abc", "Thiếu dấu ngoặc kép (&#34;) đóng cụm từ."),
    ("/search?q=hoc&page=abc", "page phải là một số nguyên, không phải &#39;abc&#39;."),
    ("/search?q=hoc&month=2024-13", "month phải có dạng YYYY-MM, ví dụ 2024-06."),
    ("/search?q=hoc&sort=popular", "sort phải là relevance hoặc date."),
])
def test_bad_queries_get_a_400_page_with_the_query_kept(client, url, message):
    response = client.get(url)
    html = text(response)
    assert response.status_code == 400
    assert_page_basics(html)
    assert message in html
    assert re.search(r'<input id="q" name="q" type="search" value="[^"]+"', html)
    assert 'role="alert"' in html


def test_unbalanced_quote_stays_in_the_box(client):
    assert 'value="&#34;abc"' in text(client.get("/search?q=%22abc"))


def test_unknown_article_is_a_friendly_404(client):
    response = client.get("/articles/nope")
    html = text(response)
    assert response.status_code == 404
    assert_page_basics(html)
    assert "Lỗi 404" in html
    assert "Không tìm thấy bài viết “nope”." in html


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/khong-co")
    assert response.status_code == 404
    assert "Không tìm thấy trang này." in text(response)


# --- article ----------------------------------------------------------------------------------


def test_article_highlights_the_query_words(client):
    response = client.get(QUE_VO)
    html = text(response)
    assert response.status_code == 200
    assert_page_basics(html)
    assert "<mark>Quế</mark> <mark>Võ</mark>" in html
    assert '<h1 id="article-title">Vai trò nòng cốt trong triển khai học tập và làm theo Bác</h1>' in html
    assert "<dt>Tác giả</dt><dd>Thảo Nguyên</dd>" in html
    assert '<time datetime="2024-06-18">18/06/2024</time>' in html
    assert '<link rel="alternate" type="application/json" href="/api/articles/001_6a3104368aca8f7d"' in html
    assert link_to(html, "Quay lại kết quả tìm kiếm") == "/search?q=que+vo"
    assert 'value="que vo"' in html


def test_article_body_is_split_into_paragraphs(client, engine):
    html = text(client.get("/articles/001_6a3104368aca8f7d"))
    paragraphs = [p for p in engine.article("001_6a3104368aca8f7d")["body"].split("\n") if p.strip()]
    assert html.count("\n    <p>") == len(paragraphs)
    assert "<mark>" not in html
    assert link_to(html, "Về trang tìm kiếm") == "/"
    assert "Xem bài gốc" not in html  # the seed articles have no url


def test_article_highlights_title_words_and_keeps_the_search_to_return_to(client):
    html = text(client.get("/articles/001_6a3104368aca8f7d?q=hoc+tap&year=2024&page=1"))
    assert "triển khai <mark>học</mark> <mark>tập</mark> và làm theo Bác</h1>" in html
    assert link_to(html, "Quay lại kết quả tìm kiếm") == "/search?q=hoc+tap&year=2024"


def test_article_does_not_highlight_excluded_words_or_filters(client):
    html = text(client.get("/articles/001_6a3104368aca8f7d?q=que+-vo+source:BTV"))
    assert "<mark>Quế</mark> Võ" in html


def test_article_metadata_and_original_link(tiny_client):
    html = text(tiny_client.get("/articles/lc1"))
    assert '<a href="https://example.org/moc-hoa" rel="noopener noreferrer nofollow">Xem bài gốc ↗</a>' in html
    assert "<dt>Tác giả</dt><dd>Minh An</dd>" in html
    assert "<dd>Mộc Hóa, Long An <span class=\"now\">(nay thuộc Tây Ninh)</span></dd>" in html


def test_hostile_text_comes_out_escaped(tiny_client):
    html = text(tiny_client.get("/articles/xss?q=thu+nghiem"))
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Tin <mark>thử</mark> <mark>nghiệm</mark>" in html
    assert "<p>Đoạn một &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; có chữ <mark>thử</mark> " in html
    assert "<p>Đoạn hai &lt;b&gt;đậm&lt;/b&gt; &amp; hết.</p>" in html
    assert "javascript:" not in html  # not a link to follow
    results = text(tiny_client.get("/search?q=thu+nghiem"))
    assert "<script" not in results and "<img" not in results
    assert "&lt;img src=x onerror=alert(1)&gt;" in results


def test_hostile_query_comes_out_escaped(client):
    html = text(client.get("/search?q=%3Cscript%3Ealert(1)%3C/script%3E"))
    assert "<script" not in html
    assert 'value="&lt;script&gt;alert(1)&lt;/script&gt;"' in html


def test_pages_forbid_scripts_from_anywhere_else(client):
    for url in ("/", SEED_QUERY, QUE_VO, "/articles/nope"):
        policy = client.get(url).headers["Content-Security-Policy"]
        assert "default-src 'self'" in policy
