"""The glossary as data (glossary/model.py) and the hand-written YAML lines (glossary/yaml_write.py)."""

from __future__ import annotations

import yaml

from pipeline.core.model import Forbidden, Rendering, Term
from pipeline.glossary.model import (
    FILE_NAMES,
    DerivedForm,
    DerivedRendering,
    Glossary,
    form_line,
    term_to_dict,
)
from pipeline.glossary.yaml_write import Style, pair_lines, plain_or_quoted, sequence_lines

KHOJALY = Term(
    id="khojaly",
    category="place",
    term="Khojaly",
    variants=("Khodjaly",),
    forbidden=(Forbidden("Hocali", "a misspelling", "warning"),),
    renderings={
        "az": DerivedRendering("az", "Xocalı", derived=(DerivedForm("xocalılar"), DerivedForm("xocalılı", "demonym"))),
        "ru": Rendering("ru", "Ходжалы", accepted=("Ходжали",)),
    },
    lines={("", "variant", "Khodjaly"): 7},
    line=3,
)


def test_term_to_dict_leaves_the_defaults_out_and_keeps_the_schema_order():
    assert term_to_dict(KHOJALY, "place") == {
        "id": "khojaly",
        "term": "Khojaly",
        "variants": ["Khodjaly"],
        "forbidden": [{"form": "Hocali", "reason": "a misspelling", "severity": "warning"}],
        "locales": {
            "az": {"rendering": "Xocalı", "derived": ["xocalılar", {"form": "xocalılı", "type": "demonym"}]},
            "ru": {"rendering": "Ходжалы", "accepted": ["Ходжали"]},
        },
    }
    assert term_to_dict(Term(id="x", category="event", term="X", dnt=True, case="exact"), "place") == {
        "id": "x",
        "term": "X",
        "category": "event",
        "case": "exact",
        "dnt": True,
    }


def test_an_in_memory_glossary_is_versioned_by_its_content_and_found_by_id():
    glossary = Glossary((KHOJALY,))
    assert glossary.version == Glossary((KHOJALY,)).version != Glossary(()).version
    assert glossary["khojaly"] is KHOJALY and glossary.get("shusha") is None and "khojaly" in glossary
    assert len(glossary) == 1 and list(glossary) == [KHOJALY] and glossary.locales == ("az", "ru")
    assert FILE_NAMES["place"] == "places.yaml"


def test_form_line_falls_back_to_the_entrys_line():
    assert form_line(KHOJALY, "Khodjaly") == 7
    assert form_line(KHOJALY, "Khodjaly", kind="forbidden") == 3
    assert form_line(KHOJALY, "Xocalı", "az") == 3


def test_scalars_that_would_load_as_something_else_are_quoted():
    for text in ("yes", "no", "1992", "1.5", "~", "a: b", "# x", "- x", " lead", "tail ", "", "line\nbreak"):
        written = plain_or_quoted(text)
        assert written.startswith('"') and yaml.safe_load(f"key: {written}")["key"] == text
    assert plain_or_quoted("Khojaly") == "Khojaly" and plain_or_quoted("Ходжалы") == "Ходжалы"


def test_pairs_and_lists_are_written_in_the_files_style_and_load_back():
    value = {"rendering": "Xocalı", "accepted": ["Xocalı rayonu"], "derived": [{"form": "xocalılı", "type": "demonym"}]}
    lines = pair_lines(4, "az", value)
    assert lines[:3] == ["    az:", "      rendering: Xocalı", "      accepted:"]
    assert yaml.safe_load("\n".join(lines)) == {"az": value}
    flat = sequence_lines(["a", "b"], 2, Style(indent_sequences=False))
    assert flat == ["  - a", "  - b"]
    notes = " ".join(["word"] * 40)
    long = pair_lines(0, "notes", notes, Style(width=40))
    assert long[0] == "notes: >-" and all(len(line) <= 40 for line in long)
    assert yaml.safe_load("\n".join(long))["notes"] == notes
