"""The glossary: load and dump the YAML files, validate them, find terms in source and target text.

Public API::

    load_glossary(directory) -> Glossary          dump_glossary(glossary, directory) -> [Path]
    validate(glossary, locales=None) -> [Problem]
    SourceMatcher(glossary).find(text) -> [Match]
    TargetMatcher(glossary, locale).find(text) -> [TargetMatch]; .contains_rendering(text, term)
    source_matcher(glossary), target_matcher(glossary, locale)   (cached per glossary version)

Babel is imported only when validating.
"""

from __future__ import annotations

from pipeline.glossary.dump import dump_glossary
from pipeline.glossary.languages import morphology_for
from pipeline.glossary.load import load_glossary
from pipeline.glossary.matcher import (
    Match,
    SourceMatcher,
    TargetMatch,
    TargetMatcher,
    source_matcher,
    target_matcher,
)
from pipeline.glossary.model import CATEGORIES, Glossary, form_line
from pipeline.glossary.validate import Problem, validate

__all__ = [
    "CATEGORIES",
    "Glossary",
    "Match",
    "Problem",
    "SourceMatcher",
    "TargetMatch",
    "TargetMatcher",
    "dump_glossary",
    "form_line",
    "load_glossary",
    "morphology_for",
    "source_matcher",
    "target_matcher",
    "validate",
]
