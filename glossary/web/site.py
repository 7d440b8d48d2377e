"""The static site: one page per entry, an index by category, the learning order, and an offline search.

Every page is plain HTML with relative links only, so the folder works opened from `file://` as well as from
any static host. All text from the content is escaped; formulas are MathML made here, at export time; snippets
are read and highlighted, never run (exporting executes no code from the content). The language switch and
the search box are one small script (`site.js`) over an index written as a script too (`search-index.js`),
because browsers refuse to fetch JSON from `file://`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from string import Template

from markdown_it import MarkdownIt
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer

from glossary.content.corpus import Corpus
from glossary.content.prerequisites import direct_prerequisites, learning_order
from glossary.content.schema import Entry, Formula, Reference
from glossary.content.vocabulary import Category, RelationType
from glossary.text.latex import latex_to_unicode
from glossary.web.mathml import mathml

ASSETS = Path(__file__).parent / "assets"
TERMS = "terms"  # the folder of entry pages (so that no entry id can clash with index.html or order.html)
STYLES = ("friendly", "github-dark")  # Pygments styles for light and dark mode

CATEGORIES = {
    Category.FOUNDATIONS: ("Foundations", "基础"),
    Category.OPTIMIZATION: ("Optimization", "优化"),
    Category.REGULARIZATION: ("Regularization", "正则化"),
    Category.LOSSES: ("Losses", "损失函数"),
    Category.CNN: ("Convolutional networks", "卷积神经网络"),
    Category.RNN: ("Recurrent networks", "循环神经网络"),
    Category.ATTENTION: ("Attention", "注意力机制"),
    Category.GENERATIVE: ("Generative models", "生成模型"),
    Category.EMBEDDINGS: ("Embeddings", "嵌入"),
    Category.ECOSYSTEM: ("Ecosystem", "生态与工具"),
    Category.LANGUAGE_MODELS: ("Language models", "语言模型"),
    Category.CTR: ("Click-through-rate prediction", "点击率预估"),
    Category.GRAPH: ("Graph learning", "图学习"),
    Category.RECOMMENDATION: ("Recommendation", "推荐系统"),
    Category.REINFORCEMENT: ("Reinforcement learning", "强化学习"),
}
RELATIONS = {
    RelationType.IS_A: ("is a", "是一种"),
    RelationType.PART_OF: ("part of", "组成部分"),
    RelationType.VARIANT_OF: ("variant of", "变体"),
    RelationType.ADDRESSES: ("addresses", "解决"),
    RelationType.USES: ("uses", "使用"),
    RelationType.CONTRASTS_WITH: ("contrasts with", "对比"),
    RelationType.SEE_ALSO: ("see also", "另见"),
}

_MARKDOWN = MarkdownIt("zero").enable(["emphasis", "backticks", "escape", "entity", "list"])  # raw HTML escaped
_MATH = re.compile(r"(?<![\\$])\$([^$]+)(?<!\\)\$")
_STASHED = re.compile("\ue000(\\d+)\ue001")  # private-use characters: never in content, untouched by Markdown
_FORMATTER = HtmlFormatter(cssclass="code")


def both(english: str, chinese: str) -> str:
    """Escaped text in both languages, each shown or hidden by the language switch (once when they agree)."""
    if english == chinese:
        return escape(english)
    return en(english) + zh(chinese)


def en(text: str) -> str:
    """Escaped English text, hidden when the reader chose Chinese."""
    return f'<span class="en">{escape(text)}</span>'


def zh(text: str) -> str:
    """Escaped Chinese text, hidden when the reader chose English."""
    return f'<span class="zh" lang="zh-Hans">{escape(text)}</span>'


def prose(text: str) -> str:
    """Markdown prose as HTML, `$…$` as inline MathML (set aside first, so `x_i` never turns into emphasis)."""
    formulas: list[str] = []

    def stash(match: re.Match[str]) -> str:
        formulas.append(mathml(match.group(1)))
        return f"\ue000{len(formulas) - 1}\ue001"

    return _STASHED.sub(lambda match: formulas[int(match.group(1))], _MARKDOWN.render(_MATH.sub(stash, text)))


def stylesheet() -> str:
    """The site's one style sheet: ours, then the code colours for light and dark mode."""
    light, dark = (HtmlFormatter(style=style).get_style_defs(".code") for style in STYLES)  # type: ignore[no-untyped-call]
    dark = "\n".join(f"  {line}" for line in dark.splitlines())
    return f"{(ASSETS / 'style.css').read_text()}\n{light}\n@media (prefers-color-scheme: dark) {{\n{dark}\n}}\n"


@dataclass
class Site:
    """What every page needs: the corpus, the learning order and the links into each entry."""

    corpus: Corpus
    order: list[str] = field(init=False)
    step: dict[str, int] = field(init=False)  # each entry's place in the order
    needs: dict[str, set[str]] = field(init=False)
    incoming: dict[str, list[tuple[RelationType, str]]] = field(init=False)

    def __post_init__(self) -> None:
        self.order = learning_order(self.corpus)
        self.step = {entry_id: step for step, entry_id in enumerate(self.order)}
        self.needs = direct_prerequisites(self.corpus)
        self.incoming = {entry_id: [] for entry_id in self.corpus.entries}
        for entry in self.corpus:
            for relation, target in entry.targets():
                target = self.corpus.canonical_id(target)
                if target in self.incoming and target != entry.id:
                    self.incoming[target].append((relation, entry.id))

    def link(self, entry_id: str, folder: str = "") -> str:
        """A link to an entry's page from a page in `folder` ('' for the site's root, TERMS for entry pages)."""
        entry = self.corpus.entries.get(self.corpus.canonical_id(entry_id))
        if entry is None:
            return f'<span class="missing">{escape(entry_id)}</span>'
        href = f"{entry.id}.html" if folder == TERMS else f"{TERMS}/{entry.id}.html"
        return f'<a href="{href}">{both(entry.name, entry.name_zh)}</a>'


def page(title: str, body: str, root: str = "", page_class: str = "") -> str:
    """A whole page: the shared header (search, language switch) around `body`; `root` leads back to the site."""
    shell = Template((ASSETS / "page.html").read_text())
    return shell.substitute(title=escape(title), body=body, root=root, page_class=page_class)


def _chip(category: Category, folder: str = "") -> str:
    href = f"{'../' if folder else ''}index.html#{category.value}"
    return f'<a class="chip" href="{href}">{both(*CATEGORIES[category])}</a>'


def formula_html(formula: Formula) -> str:
    """The formula as display MathML, and its symbols in a table below it."""
    rows = "".join(
        f'<tr><th scope="row">{mathml(symbol.symbol)}</th><td>{escape(latex_to_unicode(symbol.meaning))}</td></tr>'
        for symbol in formula.symbols
    )
    return (
        f'<section class="formula" id="formula"><h2>{both("Formula", "公式")}</h2>'
        f'<div class="display">{mathml(formula.latex, block=True)}</div>'
        f'<table class="symbols"><caption>{both("Symbols", "符号")}</caption><tbody>{rows}</tbody></table>'
        "</section>"
    )


def plots_html(entry: Entry) -> str:
    """The entry's plots as inline SVG: the place for them once entries have plots (none do yet)."""
    return ""


def code_html(corpus: Corpus, entry: Entry) -> str:
    """The snippet's source, highlighted, and how to run it: read from its file, never run here."""
    path = corpus.snippet_path(entry)
    if not isinstance(path, Path) or not path.is_file():
        return ""
    source = path.read_text(encoding="utf-8", errors="replace")
    run = f"<code>glossary run {escape(entry.id)}</code>"
    core = f' <span class="core">core: {escape(entry.core)}</span>' if entry.core else ""
    return (
        f'<section class="snippet" id="code"><h2>{both("Code", "代码")}</h2>'
        f'<p class="note"><span class="en">NumPy code that implements the idea; run it with {run}.</span>'
        f'<span class="zh" lang="zh-Hans">实现这一概念的 NumPy 代码，用 {run} 运行。</span></p>'
        f'<figure><figcaption><span class="file">{escape(path.name)}</span>'
        f"{core}</figcaption>"
        f"{highlight(source, PythonLexer(), _FORMATTER)}</figure></section>"
    )


def reference_html(reference: Reference) -> str:
    title = escape(reference.title)
    cited = f"<cite>{title}</cite>"
    if reference.url:
        cited = f'<a href="{escape(reference.url)}" rel="noopener">{title}</a>'
    return f'<li>{cited} <span class="by">{escape(", ".join(reference.authors))} ({reference.year})</span></li>'


def _relations_html(site: Site, entry: Entry) -> str:
    groups: dict[RelationType, list[str]] = {}
    for relation, target in entry.targets():
        groups.setdefault(relation, []).append(site.link(target, TERMS))
    rows = [f"<dt>{both(*RELATIONS[relation])}</dt><dd>{', '.join(links)}</dd>" for relation, links in groups.items()]
    linked = sorted(
        {source for _, source in site.incoming[entry.id]},
        key=lambda source: site.corpus.entries[source].name.casefold(),
    )
    if linked:
        links = ", ".join(site.link(i, TERMS) for i in linked)
        rows.append(f"<dt>{both('linked from', '被引用')}</dt><dd>{links}</dd>")
    return f'<section class="related"><h2>{both("Related", "相关")}</h2><dl>{"".join(rows)}</dl></section>'


def _step_html(site: Site, entry: Entry) -> str:
    """Where the entry stands in the learning order, with the terms before and after it."""
    step = site.step[entry.id]
    before = site.link(site.order[step - 1], TERMS) if step else ""
    after = site.link(site.order[step + 1], TERMS) if step + 1 < len(site.order) else ""
    return (
        f'<nav class="steps" aria-label="learning order"><h2>'
        f'<a href="../order.html#{escape(entry.id)}">{both("Learning order", "学习顺序")}</a></h2>'
        f'<p><span class="en">Step {step + 1} of {len(site.order)}</span>'
        f'<span class="zh" lang="zh-Hans">第 {step + 1} 步，共 {len(site.order)} 步</span></p>'
        f'<p class="prev">{f"← {before}" if before else ""}</p>'
        f'<p class="next">{f"{after} →" if after else ""}</p></nav>'
    )


def entry_page(site: Site, entry: Entry) -> str:
    """One entry's page."""
    aliases = ""
    if entry.aliases or entry.aliases_zh:
        english = en(", ".join(entry.aliases)) if entry.aliases else ""
        chinese = zh("，".join(entry.aliases_zh)) if entry.aliases_zh else ""
        aliases = f'<p class="aliases">{both("Also", "又称")}: {english}{chinese}</p>'
    tags = "".join(f'<span class="tag">{escape(tag)}</span>' for tag in entry.tags)
    references = "".join(reference_html(reference) for reference in entry.references)
    article = (
        f'<article class="entry"><header><p class="meta">{_chip(entry.category, TERMS)}'
        f'<span class="kind">{escape(entry.kind.value)}</span>{tags}</p>'
        f"<h1>{both(entry.name, entry.name_zh)}</h1>{aliases}</header>"
        f'<p class="summary en">{escape(entry.summary)}</p>'
        f'<p class="summary zh" lang="zh-Hans">{escape(entry.summary_zh)}</p>'
        f'<section class="definition en" id="definition">{prose(entry.definition)}</section>'
        f"{formula_html(entry.formula) if entry.formula else ''}{plots_html(entry)}{code_html(site.corpus, entry)}"
        f'<section class="references" id="references"><h2>{both("References", "参考文献")}</h2>'
        f"<ul>{references}</ul></section>"
        f"</article>"
    )
    aside = f'<aside class="side">{_relations_html(site, entry)}{_step_html(site, entry)}</aside>'
    title = entry.name if entry.name == entry.name_zh else f"{entry.name} · {entry.name_zh}"
    return page(title, f'<div class="layout">{article}{aside}</div>', "../", "entry-page")


def _card(entry: Entry) -> str:
    return (
        f'<li><a class="card" href="{TERMS}/{entry.id}.html"><strong>{both(entry.name, entry.name_zh)}</strong>'
        f"{en(entry.summary)}{zh(entry.summary_zh)}</a></li>"
    )


def index_page(site: Site) -> str:
    """Every entry by category."""
    groups = site.corpus.by_category()
    chips = "".join(
        f'<a class="chip" href="#{c.value}">{both(*CATEGORIES[c])} <small>{len(es)}</small></a>'
        for c, es in groups.items()
    )
    sections = "".join(
        f'<section class="category" id="{c.value}"><h2>{both(*CATEGORIES[c])} <small>{len(es)}</small></h2>'
        f'<ul class="cards">{"".join(_card(e) for e in es)}</ul></section>'
        for c, es in groups.items()
    )
    count = len(site.corpus)
    hero = (
        f'<section class="hero"><h1>{both("Deep-learning glossary", "深度学习术语表")}</h1>'
        f'<p class="en">{count} terms in English and Chinese, each with its formula, runnable NumPy code and key '
        f'papers. Search above, browse by category, or follow the <a href="order.html">learning order</a>.</p>'
        f'<p class="zh" lang="zh-Hans">{count} 个中英双语术语，附公式、可运行的 NumPy 代码和关键论文。'
        f'可在上方搜索、按类别浏览，或按<a href="order.html">学习顺序</a>阅读。</p>'
        f'<nav class="chips" aria-label="categories">{chips}</nav></section>'
    )
    return page("Deep-learning glossary · 深度学习术语表", hero + sections, "", "index-page")


def order_page(site: Site) -> str:
    """Every entry, each after what it builds on."""
    items = []
    for entry_id in site.order:
        entry = site.corpus.entries[entry_id]
        needs = sorted(site.needs[entry_id], key=site.step.__getitem__)
        links = ", ".join(site.link(need) for need in needs)
        after = f'<span class="after">{both("after", "先学")}: {links}</span>' if needs else ""
        items.append(f'<li id="{escape(entry_id)}">{site.link(entry_id)} {_chip(entry.category)}{after}</li>')
    intro = (
        f"<h1>{both('Learning order', '学习顺序')}</h1>"
        f'<p class="en">Every term after the terms it uses, is a kind of, is part of or is a variant of.</p>'
        f'<p class="zh" lang="zh-Hans">每个术语都排在它所使用、所属、所组成或所变体的术语之后。</p>'
    )
    return page(
        "Learning order · 学习顺序",
        f'<section class="order">{intro}<ol>{"".join(items)}</ol></section>',
        "",
        "order-page",
    )


def search_index(corpus: Corpus) -> str:
    """The search index as a script: [id, name, Chinese name, every other name] per entry."""
    entries = sorted(corpus, key=lambda e: e.name.casefold())
    rows = [[e.id, e.name, e.name_zh, [*e.aliases, *e.aliases_zh]] for e in entries]
    data = json.dumps(rows, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    return f"window.GLOSSARY_INDEX = {data};\n"


def build_site(corpus: Corpus, folder: Path) -> int:
    """Write the whole site into `folder` (created if missing); returns the number of pages written."""
    site = Site(corpus)
    (folder / TERMS).mkdir(parents=True, exist_ok=True)
    files = {
        "index.html": index_page(site),
        "order.html": order_page(site),
        "style.css": stylesheet(),
        "site.js": (ASSETS / "site.js").read_text(),
        "search-index.js": search_index(corpus),
        **{f"{TERMS}/{entry.id}.html": entry_page(site, entry) for entry in corpus},
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return sum(name.endswith(".html") for name in files)
