"""The static site in headless Chromium, opened from file://: MathML, search, the language switch, links, layout."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from tests.web.htmlcheck import Checked

expect = pytest.importorskip("playwright.sync_api", reason="needs playwright").expect


def _open(page: Any, site: Path, name: str) -> list[str]:
    """Open a page of the site; returns the list that every request the page makes is added to."""
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto((site / name).as_uri())
    return requests


def test_the_formula_is_rendered_mathml(page: Any, site: Path) -> None:
    requests = _open(page, site, "terms/softmax.html")
    formula = page.locator("section.formula math[display=block]")
    expect(formula).to_be_visible()
    assert formula.evaluate("math => math instanceof MathMLElement && getComputedStyle(math).display") == "block math"
    box = formula.bounding_box()
    assert box["width"] > 50 and box["height"] > 10
    fraction = formula.locator("mfrac").first.bounding_box()  # laid out as a fraction: taller than a line of text
    assert fraction["height"] > 20
    assert page.locator("table.symbols tr").count() >= 2
    assert all(url.startswith("file://") for url in requests), "the page reached for the network"


def test_the_search_box_finds_names_in_both_languages_with_a_typo(page: Any, site: Path) -> None:
    _open(page, site, "index.html")
    search, first = page.locator("#search"), page.locator("#results a").first
    for typed, expected in (
        ("adm", "Adam"),
        ("反向", "Backpropagation"),
        ("trasnformer", "Transformer"),
        ("自适应矩", "Adam"),
    ):
        search.fill("")
        search.press_sequentially(typed)
        expect(first).to_contain_text(expected)
    search.press("Enter")
    expect(page).to_have_url((site / "terms" / "adam.html").as_uri())
    expect(page.locator("h1")).to_contain_text("Adam")


def test_the_language_switch_works_and_is_remembered(page: Any, site: Path) -> None:
    _open(page, site, "terms/adam.html")
    english, chinese = page.locator("p.summary.en"), page.locator("p.summary.zh")
    expect(english).to_be_visible()
    expect(chinese).to_be_visible()
    page.get_by_role("button", name="中文", exact=True).click()
    expect(english).to_be_hidden()
    expect(chinese).to_be_visible()
    page.locator("a.brand").click()  # another page, the same choice (localStorage works on file://)
    expect(page.locator("html")).to_have_attribute("data-lang", "zh")
    expect(page.locator(".hero p.en")).to_be_hidden()
    page.get_by_role("button", name="EN", exact=True).click()
    expect(page.locator(".hero p.zh")).to_be_hidden()
    expect(page.locator(".hero p.en")).to_be_visible()


@pytest.mark.parametrize("name", ["index.html", "order.html", "terms/transformer.html"])
def test_every_link_on_a_page_resolves_in_the_browser(page: Any, site: Path, name: str) -> None:
    requests = _open(page, site, name)
    assert page.evaluate("window.GLOSSARY_INDEX.length") > 200  # the scripts loaded
    assert page.evaluate("getComputedStyle(document.querySelector('.bar')).display") == "flex"  # and the styles
    links = page.eval_on_selector_all("a[href]", "links => links.map(link => link.href)")
    assert len(links) > 5
    for link in {link for link in links if link.startswith("file:")}:
        parts = urlsplit(link)
        target = Path(unquote(parts.path))
        assert target.is_file() and target.resolve().is_relative_to(site.resolve()), link
        if parts.fragment:
            assert parts.fragment in Checked(target.read_text(encoding="utf-8")).ids, link
    assert all(url.startswith("file://") for url in requests)


@pytest.mark.parametrize("width, height", [(375, 812), (1280, 800)])
def test_pages_fit_the_screen(browser: Any, site: Path, width: int, height: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        for name in ("index.html", "order.html", "terms/adam.html"):
            page.goto((site / name).as_uri())
            assert page.evaluate("document.documentElement.scrollWidth") <= width, name  # no sideways scrolling
            assert page.locator("#search").bounding_box()["width"] >= min(width - 40, 250)
    finally:
        context.close()
