"""Rewriting one Word paragraph's runs from its translation.

The translation's text goes into new runs, each with the formatting (``w:rPr``) of the run it
came from: plain text takes the paragraph's own formatting, text inside ``<b1>…</b1>`` the
formatting of the source's bold run, text inside ``<a1>…</a1>`` sits in a copy of the source's
hyperlink element.  An empty tag (``<br2/>``, ``<img3/>``, ``<x4/>``) puts back copies of the
source elements it stands for, with their run's formatting.  The paragraph's properties
(``w:pPr``), bookmarks, comment ranges and permissions stay where they were; the new runs take
the place of the first run, spell-check marks are dropped (they marked the source's words).
"""

from __future__ import annotations

import copy
import re

from pipeline.core.inline_tags import TAG
from pipeline.source.formats.docx_package import XML_SPACE
from pipeline.source.formats.docx_runs import KEPT, Element, Slot, Tagged, w

#: Characters XML 1.0 cannot hold (a catalog may carry one; lxml would refuse the text).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def rebuild_paragraph(paragraph: Element, tagged: Tagged, translation: str, language: str = "") -> None:
    """Replace the content of ``paragraph`` (read as ``tagged``) by ``translation``, whose tags match ``tagged.text``'s.

    ``language`` (``az``, ``pt-BR``): the new text runs are marked as written in it
    (``w:lang``), so Word spell-checks them in the target language, not the source's.
    """
    children = list(paragraph)
    content = [child for child in children if child.tag not in KEPT]
    at = children.index(content[0]) if content else len(children)
    for child in content:
        paragraph.remove(child)
    built = _build(paragraph, tagged, translation, language)
    for offset, element in enumerate(built):
        paragraph.insert(at + offset, element)


def _build(paragraph: Element, tagged: Tagged, translation: str, language: str) -> list[Element]:
    """The new content: runs and wrappers, in the translation's order."""
    top: list[Element] = []
    # Where new elements go (a list or a wrapper element) and whose formatting plain text takes.
    stack: list[tuple[list[Element] | Element, Element | None]] = [(top, tagged.run)]
    position = 0
    for match in TAG.finditer(translation):
        slot = _slot(tagged.slots, match)
        if slot is None:  # not one of the unit's tags: text that looks like one
            continue
        _text(paragraph, stack[-1], translation[position : match.start()], language)
        position = match.end()
        slash_before, _, _, slash_after = match.groups()
        if slash_after:
            for element in _copies(paragraph, slot.parts):
                stack[-1][0].append(element)
        elif slash_before:
            if len(stack) > 1:
                stack.pop()
        elif slot.element is not None:  # a hyperlink or another wrapper: a copy without its runs
            wrapper = _shell(slot.element)
            stack[-1][0].append(wrapper)
            stack.append((wrapper, slot.run))
        else:  # a formatted stretch: its text in the source run's formatting
            stack.append((stack[-1][0], slot.run))
    _text(paragraph, stack[-1], translation[position:], language)
    return top


def _slot(slots: dict[int, Slot], match: re.Match[str]) -> Slot | None:
    slash_before, name, number, slash_after = match.groups()
    slot = slots.get(int(number))
    if slot is None or slot.name != name or (slash_before and slash_after) or bool(slash_after) != (slot.parts != ()):
        return None
    return slot


def _text(paragraph: Element, where: tuple[list[Element] | Element, Element | None], text: str, language: str) -> None:
    """A run holding ``text`` in the formatting of ``where``'s run (``xml:space`` kept where spaces show)."""
    text = _NOT_XML.sub("", text)
    if not text:
        return
    target, source = where
    run = paragraph.makeelement(w("r"), {})
    properties = source.find(w("rPr")) if source is not None else None
    if properties is not None:
        run.append(copy.deepcopy(properties))
    if language:
        _mark_language(run, language)
    item = paragraph.makeelement(w("t"), {})
    item.text = text
    if text != text.strip() or "  " in text:
        item.set(XML_SPACE, "preserve")
    run.append(item)
    target.append(run)


#: What follows ``w:lang`` in a run's properties (ECMA-376 CT_RPr's order): it goes before these.
_AFTER_LANG = ("eastAsianLayout", "specVanish", "oMath", "rPrChange")


def _mark_language(run: Element, language: str) -> None:
    """Set the run's ``w:lang`` ``w:val`` to ``language`` (its East Asian and bidi languages kept),
    adding ``w:rPr`` and ``w:lang`` where they are missing, in the schema's order."""
    properties = run.find(w("rPr"))
    if properties is None:
        properties = run.makeelement(w("rPr"), {})
        run.insert(0, properties)
    lang = properties.find(w("lang"))
    if lang is None:
        lang = properties.makeelement(w("lang"), {})
        after = [child for child in properties if child.tag in {w(name) for name in _AFTER_LANG}]
        if after:
            after[0].addprevious(lang)
        else:
            properties.append(lang)
    lang.set(w("val"), language)


def _copies(paragraph: Element, parts) -> list[Element]:
    """Copies of the source elements a tag stands for: a run's items in a run with its
    attributes and formatting (consecutive items of one run in one run), or a whole element."""
    built: list[Element] = []
    last_source = None
    for element, items in parts:
        if items is None:
            built.append(copy.deepcopy(element))
            last_source = None
            continue
        if element is not last_source:
            run = paragraph.makeelement(element.tag, dict(element.attrib))
            properties = element.find(w("rPr"))
            if properties is not None:
                run.append(copy.deepcopy(properties))
            built.append(run)
            last_source = element
        for item in items:
            built[-1].append(copy.deepcopy(item))
    return built


def _shell(element: Element) -> Element:
    """A copy of a wrapper (hyperlink, insertion…) with its attributes and properties, no runs."""
    shell = element.makeelement(element.tag, dict(element.attrib))
    for child in element:
        if child.tag in (w("rPr"), w("smartTagPr"), w("customXmlPr")):
            shell.append(copy.deepcopy(child))
    return shell
