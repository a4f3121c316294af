"""``<out>/<lang>/LC_MESSAGES/<stem>.mo``: a catalog compiled with Babel, for gettext.

Only shippable translations (:func:`pipeline.catalogs.entries.is_shippable`: reviewed ones,
fuzzy ones too with ``include_fuzzy``); the header is the PO file's own, so the MO changes only
when the catalog does; loadable by Python's :class:`gettext.GNUTranslations`.
"""

from __future__ import annotations

import io
from pathlib import Path

import polib
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from pipeline.catalogs.entries import FUZZY, is_shippable
from pipeline.catalogs.layout import messages_dir
from pipeline.catalogs.plurals import babel_rule
from pipeline.core.model import Document
from pipeline.outputs.writers.base import DocumentPlan


class _PoHeaderCatalog(Catalog):
    """A Babel catalog whose header is the PO file's own, verbatim (no dates made up by Babel)."""

    def __init__(self, locale: str, headers: list[tuple[str, str]]):
        super().__init__(locale=locale.replace("-", "_"), charset="utf-8", fuzzy=False)
        self._po_headers = headers

    # Read-only on purpose: Babel's setter parses headers into its own fields, and nothing sets
    # them on this catalog (write_mo only reads them); mypy wants every override to keep the setter.
    @property  # type: ignore[misc]
    def mime_headers(self) -> list[tuple[str, str]]:
        return self._po_headers


def compile_mo(po: polib.POFile, locale: str, include_fuzzy: bool = False) -> bytes:
    """The MO file for ``po``: Babel's ``write_mo`` over the entries that may be shipped.

    The header keeps the catalog's own values (they change only when the catalog does), with
    the charset set to UTF-8 and Babel's Plural-Forms added when the catalog has none.
    """
    utf8 = "text/plain; charset=UTF-8"  # polib decoded the file; Babel encodes UTF-8
    headers = [(name, utf8 if name.lower() == "content-type" else value) for name, value in po.metadata.items()]
    if not any(name.lower() == "content-type" for name, _ in headers):
        headers.append(("Content-Type", utf8))
    if not any(name.lower() == "plural-forms" for name, _ in headers):
        headers.append(("Plural-Forms", babel_rule(locale, Path(po.fpath or locale)).header))
    catalog = _PoHeaderCatalog(locale, headers)
    for entry in po:
        if not is_shippable(entry, include_fuzzy):
            continue
        flags = [FUZZY] if entry.fuzzy else []
        if entry.msgid_plural:
            forms = tuple(entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural))
            catalog.add((entry.msgid, entry.msgid_plural), forms, flags=flags, context=entry.msgctxt)
        else:
            catalog.add(entry.msgid, entry.msgstr, flags=flags, context=entry.msgctxt)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=include_fuzzy)
    return buffer.getvalue()


def mo_path(out_dir: Path, locale: str, stem: str) -> Path:
    """``<out>/<lang>/LC_MESSAGES/<stem>.mo``."""
    return messages_dir(out_dir, locale) / f"{stem}.mo"


class MoWriter:
    """The ``mo`` bundle format."""

    def path(self, out_dir: Path, locale: str, document: Document) -> Path:
        return mo_path(out_dir, locale, document.stem)

    def render(self, plan: DocumentPlan) -> bytes:
        return compile_mo(plan.po, plan.locale, plan.include_fuzzy)


WRITER = MoWriter()
