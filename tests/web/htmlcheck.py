"""A small HTML checker on html.parser: a doctype, <html lang>, a charset, every tag closed in order, unique ids."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())


class Checked(HTMLParser):
    """One page's problems, its links (href and src) and its ids."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.doctype = self.lang = self.charset = False
        self._open: list[tuple[str, int]] = []
        self.feed(text)
        self.close()
        self.problems += [f"<{tag}> opened on line {line} is never closed" for tag, line in self._open]
        self.problems += [
            what
            for what, ok in (
                ("no <!DOCTYPE html>", self.doctype),
                ("no <html lang>", self.lang),
                ("no <meta charset>", self.charset),
            )
            if not ok
        ]

    def handle_decl(self, decl: str) -> None:
        self.doctype = self.doctype or decl.lower() == "doctype html"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._attributes(tag, dict(attrs))
        if tag not in VOID:
            self._open.append((tag, self.getpos()[0]))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._attributes(tag, dict(attrs))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            self.problems.append(f"line {self.getpos()[0]}: </{tag}> closes a void element")
        elif not self._open or self._open[-1][0] != tag:
            expected = f"</{self._open[-1][0]}>" if self._open else "nothing"
            self.problems.append(f"line {self.getpos()[0]}: </{tag}> where {expected} was expected")
        else:
            self._open.pop()

    def _attributes(self, tag: str, attrs: dict[str, str | None]) -> None:
        if tag == "html" and attrs.get("lang"):
            self.lang = True
        if tag == "meta" and (attrs.get("charset") or "").lower() == "utf-8":
            self.charset = True
        if attrs.get("id"):
            if attrs["id"] in self.ids:
                self.problems.append(f"line {self.getpos()[0]}: id {attrs['id']!r} twice")
            self.ids.add(attrs["id"] or "")
        for name in ("href", "src"):
            if attrs.get(name) is not None:
                self.links.append(attrs[name] or "")


def broken_links(site: Path) -> list[str]:
    """Every link of every page that leaves the site by path or points at a missing file or id."""
    site = site.resolve()
    pages = {path: Checked(path.read_text(encoding="utf-8")) for path in site.rglob("*.html")}
    broken = []
    for path, checked in pages.items():
        for link in checked.links:
            parts = urlsplit(link)
            if parts.scheme in ("http", "https"):
                continue  # a paper's address
            if parts.scheme or parts.netloc or link.startswith("/"):
                broken.append(f"{path.relative_to(site)}: {link} is not a relative link")
                continue
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path.resolve()
            if not target.is_relative_to(site) or not target.is_file():
                broken.append(f"{path.relative_to(site)}: {link} leads nowhere")
            elif parts.fragment and parts.fragment not in pages[target].ids:
                broken.append(f"{path.relative_to(site)}: {link}: no id {parts.fragment!r} there")
    return broken
