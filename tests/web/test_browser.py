"""A real browser (Debian's chromium, driven by Playwright) against a live server over the seed index."""

import shutil
import threading
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def browser():
    """Headless chromium, or a skip saying what is missing."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")
    executable = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    if not executable:
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install -y chromium)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def live_server(seed_index):
    """The app over the seed index, served on a free port of 127.0.0.1 for the test's duration."""
    from werkzeug.serving import make_server

    from searchapp import create_app

    server = make_server("127.0.0.1", 0, create_app({"INDEX_DIR": str(seed_index)}), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


def open_page(browser, viewport, problems):
    """A page of a fresh context that records console errors and failed requests into problems."""
    context = browser.new_context(viewport=viewport, locale="vi-VN", is_mobile=viewport is PHONE,
                                  has_touch=viewport is PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.on("console", lambda msg: msg.type == "error" and problems.append(msg.text))
    page.on("requestfailed", lambda request: problems.append(f"failed: {request.url}"))
    return page


def shoot(page, tmp_path, name):
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 0
    return path


def search_from_home(page, base):
    """Type the unaccented query into the home page's box and submit it."""
    page.goto(base + "/")
    # Chromium applies autofocus at a later rendering step than the load event, so wait for it
    # (up to the page's default timeout) rather than read it once: a busy CI machine lost that race.
    page.wait_for_function("document.activeElement && document.activeElement.id === 'q'")
    assert page.evaluate("document.activeElement.id") == "q"  # autofocus: type straight away
    page.get_by_label("Tìm bài viết").press_sequentially("hoc tap lam theo bac")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=hoc+tap+lam+theo+bac")


def toggle_facet(page, name):
    """Click the first value of a facet, check it filters, then click it again; False if the facet is empty."""
    links = page.locator(f'section[data-facet="{name}"] a.facet-link')
    if links.count() == 0:
        return False
    links.first.click()
    page.wait_for_url(f"**{name}=*")
    assert page.locator("a.chip").count() == 1
    page.locator(f'section[data-facet="{name}"] a.facet-link.selected').click()
    page.wait_for_url(lambda url: f"{name}=" not in url)
    assert page.locator("a.chip").count() == 0
    return True


def test_search_filter_and_read_in_a_browser(browser, live_server, tmp_path):
    problems = []
    page = open_page(browser, DESKTOP, problems)
    page.goto(live_server + "/")
    shoot(page, tmp_path, "desktop-home")
    search_from_home(page, live_server)
    marks = page.locator("mark").all_text_contents()
    assert "học" in marks and "Bác" in marks
    assert page.locator("#q").input_value() == "hoc tap lam theo bac"
    shoot(page, tmp_path, "desktop-results")
    assert toggle_facet(page, "year")
    has_province = toggle_facet(page, "province")
    page.locator("h2.hit-title a").first.click()
    page.wait_for_url("**/articles/001_6a3104368aca8f7d?q=hoc+tap+lam+theo+bac")
    assert page.locator("article mark").first.text_content().lower() in {"học", "tập", "làm", "theo", "bác"}
    shoot(page, tmp_path, "desktop-article")
    page.get_by_role("link", name="Quay lại kết quả tìm kiếm").first.click()
    page.wait_for_url("**/search?q=hoc+tap+lam+theo+bac")
    assert problems == []
    if not has_province:
        pytest.skip("the seed index has no province facet yet (place extractor not integrated); rest passed")


def test_phone_layout(browser, live_server, tmp_path):
    problems = []
    page = open_page(browser, PHONE, problems)
    page.goto(live_server + "/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shoot(page, tmp_path, "phone-home")
    search_from_home(page, live_server)
    # Nothing wider than the screen: no sideways scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shoot(page, tmp_path, "phone-results")
    page.get_by_role("link", name="Lọc kết quả ↓").click()
    assert page.locator("#facets").is_visible()
    page.locator("h2.hit-title a").first.click()
    page.wait_for_url("**/articles/**")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shoot(page, tmp_path, "phone-article")
    page.goto(live_server + "/articles/nope")
    shoot(page, tmp_path, "phone-404")
    assert page.locator("h1").text_content() == "Không tìm thấy bài viết “nope”."
    assert len(problems) == 1 and "404" in problems[0]  # the console notes the 404 status, nothing else
