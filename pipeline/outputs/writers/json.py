"""``<out>/<lang>.json``: every emitted document's units of one locale, keyed by a stable id.

With completeness (overall and per document), the units shipped in the source language, the
source revision and the generator in ``metadata``; sorted keys, UTF-8, two-space indent.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from pipeline.catalogs.template import GENERATOR
from pipeline.outputs.stats import percent_value
from pipeline.outputs.writers.base import LocalePlan


def unit_id(text: str) -> str:
    """A unit's id in the JSON bundle: the first 12 hex digits of the SHA-1 of its msgid.

    It depends on the unit's source text only, so it stays the same while that text does,
    whatever happens to the other units; the same text twice in a document is one id.
    """
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def render_json(plan: LocalePlan) -> bytes:
    """One locale's JSON bundle: sorted keys, UTF-8, two-space indent, a final newline."""
    data = {
        "metadata": {
            "locale": plan.locale,
            "completeness": {
                "overall": percent_value(plan.overall),
                "documents": {stem: percent_value(p) for stem, p in plan.completeness.items()},
            },
            "fallback_units": {stem: loc.fallback for stem, loc in plan.emitted.items()},
            "source_revision": plan.revision,
            "generator": GENERATOR,
        },
        "documents": {stem: {unit_id(source): shipped for source, shipped in loc.texts} for stem, loc in plan.emitted.items()},
    }
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode("utf-8")


def json_path(out_dir: Path, locale: str) -> Path:
    """``<out>/<lang>.json``."""
    return Path(out_dir) / f"{locale}.json"


class JsonWriter:
    """The ``json`` bundle format."""

    def path(self, out_dir: Path, locale: str) -> Path:
        return json_path(out_dir, locale)

    def render(self, plan: LocalePlan) -> bytes:
        return render_json(plan)


WRITER = JsonWriter()
