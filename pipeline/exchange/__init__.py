"""Exchange formats for translators' tools: XLIFF 1.2 / 2.0 for catalogs, TMX 1.4b for the memory.

Modules::

    xliff     one catalog as an XLIFF document, and any tool's XLIFF file read back as units
    merge     the rules that put a translator's units back into a catalog
    tmx       the translation memory as TMX 1.4b, and TMX files read back as segments
    jobs      the whole-project commands: ``xliff export|import``, ``memory export|import``

Nothing here is imported at start-up: the CLI imports it inside the exchange commands only.
Written with the standard library (ElementTree to write, expat to read, set up safely by
:mod:`pipeline.core.xmlsafe`, as for TBX) rather than translate-toolkit; README.md, "Dependencies",
says what was measured.
"""

from __future__ import annotations

import hashlib

__all__ = ["unit_id", "text_hash"]


def unit_id(msgid: str, msgctxt: str | None = None) -> str:
    """A unit id that depends on the entry's msgctxt and msgid only: the same on every export.

    Hashed (not the text itself) so it is a valid XML NMTOKEN whatever the text; gettext's own
    key (``msgctxt EOT msgid``) keeps ``msgctxt ""`` apart from no msgctxt.
    """
    key = msgid if msgctxt is None else f"{msgctxt}\x04{msgid}"
    return "u" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def text_hash(text: str) -> str:
    """A short fingerprint of a translation as exported (what the file's ``l10n:base`` holds)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
