"""The bundle formats, one writer each, and their registry.

A format is one module here with a writer object, one entry in :data:`DOCUMENT_WRITERS` or
:data:`LOCALE_WRITERS`, and its tests; :func:`pipeline.outputs.bundle.build_bundles` plans
every registered format's files in memory and writes them, in registry order.

* a *document* writer (:class:`~pipeline.outputs.writers.base.DocumentWriter`) makes one file per
  emitted document and locale, removed when the document is skipped (too incomplete):
  ``mo`` (:mod:`.mo`), ``document`` (:mod:`.document`);
* a *locale* writer (:class:`~pipeline.outputs.writers.base.LocaleWriter`) makes one file per
  locale, always written: ``json`` (:mod:`.json`).
"""

from __future__ import annotations

from pipeline.outputs.writers import document, json, mo
from pipeline.outputs.writers.base import DocumentWriter, LocaleWriter

#: Per-document formats, in the order their files are written (and listed in a result).
DOCUMENT_WRITERS: dict[str, DocumentWriter] = {"mo": mo.WRITER, "document": document.WRITER}
#: Per-locale formats, written after every document's files.
LOCALE_WRITERS: dict[str, LocaleWriter] = {"json": json.WRITER}
