"""Templates and new catalogs: the header fields each gets, and one entry per distinct unit."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import __version__
from pipeline.catalogs.plurals import babel_rule, parse_plural_forms, same_rule
from pipeline.catalogs.template import GENERATOR, build_template, locale_metadata, new_catalog
from pipeline.core.model import Document
from pipeline.source.segment import segment


def template_of(text: str):
    document = Document(path=Path("corpus/visit.txt"), text=text)
    return build_template(segment(document), "corpus/visit.txt", "Demo", "2026-11-22 10:00+0000")


def test_a_template_has_one_entry_per_distinct_unit_with_every_reference():
    template = template_of("A title\n\nA paragraph of text.\n\nA paragraph of text.\n")
    assert [entry.msgid for entry in template] == ["A title", "A paragraph of text."]
    assert template[0].comment == "Document title. Keep it short; no final full stop."
    assert [path for path, _ in template[1].occurrences] == ["corpus/visit.txt", "corpus/visit.txt"]
    assert template.metadata["X-Generator"] == GENERATOR == f"l10n-pipeline {__version__}"
    assert template.metadata["POT-Creation-Date"] == "2026-11-22 10:00+0000"


@pytest.mark.parametrize("locale", ["az", "ru", "tr", "pt_BR"])
def test_locale_metadata_gives_babels_plural_rule(locale):
    metadata = locale_metadata(locale)
    assert metadata["Language"] == locale
    assert same_rule(parse_plural_forms(metadata["Plural-Forms"]), babel_rule(locale))


def test_a_new_catalog_takes_the_templates_header_and_the_locales_fields():
    template = template_of("A title\n")
    catalog = new_catalog(template, "ru")
    assert len(catalog) == 0
    assert catalog.metadata["Language"] == "ru" and catalog.metadata["Language-Team"] == "Russian <LL@li.org>"
    assert catalog.metadata["PO-Revision-Date"] == "2026-11-22 10:00+0000"
    assert catalog.header.startswith("Russian translation of Demo.\n")
