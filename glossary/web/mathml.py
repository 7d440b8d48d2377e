"""LaTeX as MathML, made at export time (Chromium, Firefox and Safari render MathML without any script).

latex2mathml builds an element tree whose text may hold its own character references (`&#x0003C;`) next to
raw characters taken from the LaTeX (`\\text{a<b}` keeps its `<`); its own serialiser unescapes everything,
so the tree is written out here instead, every text and attribute escaped.
"""

from __future__ import annotations

from html import escape, unescape
from xml.etree.ElementTree import Element

from latex2mathml.converter import convert_to_element

from glossary.text.latex import latex_to_unicode


def mathml(latex: str, block: bool = False) -> str:
    """The formula as a <math> element; LaTeX the converter cannot read comes out as escaped Unicode text."""
    try:
        tree = convert_to_element(latex.strip(), display="block" if block else "inline")
    except Exception:  # noqa: BLE001 - latex2mathml raises many kinds of error on LaTeX it does not know
        return f'<span class="math-text">{escape(latex_to_unicode(latex) or latex)}</span>'
    tree.set("alttext", latex.strip())
    return "".join(_serialise(tree))


def _serialise(element: Element) -> list[str]:
    attributes = "".join(f' {name}="{escape(str(value))}"' for name, value in element.attrib.items())
    parts = [f"<{element.tag}{attributes}>", _text(element.text)]
    for child in element:
        parts += _serialise(child)
        parts.append(_text(child.tail))
    parts.append(f"</{element.tag}>")
    return parts


def _text(text: str | None) -> str:
    return escape(unescape(text), quote=False) if text else ""
