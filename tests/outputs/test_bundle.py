"""Bundles: what ships per locale is only reviewed translation, reproducibly, or nothing at all."""

from __future__ import annotations

import gettext
import hashlib
import io
import json
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from typer.testing import CliRunner

from pipeline.outputs.bundle import build_bundles
from pipeline.outputs.writers.document import document_path
from pipeline.outputs.writers.json import json_path, unit_id
from pipeline.outputs.writers.mo import compile_mo, mo_path
from pipeline.core.config import Config
from pipeline.core.errors import InputError
from pipeline.catalogs.jobs import update
from pipeline.catalogs.layout import catalog_path
from pipeline.outputs.stats import progress

from bundle_launch import l10n_bundle

TITLE = "Ombudsman visits Khojaly"
VISIT = "The Ombudsman visited the city of Khojaly on Monday. She met the families of the victims."
SQUARE = "The commemoration took place in the central square of the city."

# A title, a paragraph, a link list (page furniture), another paragraph, the first one again, a footer.
DOCUMENT = f"{TITLE}\n\n{VISIT}\n\nShare\nPrint\nFacebook\n\n{SQUARE}\n\n{VISIT}\n\nBack to top\n"

AZ = {
    TITLE: "Ombudsman Xocalıya səfər edir",
    VISIT: "Ombudsman bazar ertəsi Xocalı şəhərinə səfər etdi. O, qurbanların ailələri ilə görüşdü.",
    SQUARE: "Anım mərasimi şəhərin mərkəzi meydanında keçirildi.",
}


def make_project(root: Path, documents: dict[str, str] | None = None, locales=("az",)) -> Config:
    """A project in ``root`` with the given documents and freshly updated (empty) catalogs."""
    corpus = root / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    for name, text in (documents or {"visit": DOCUMENT}).items():
        (corpus / f"{name}.txt").write_text(text, encoding="utf-8")
    config = Config(root=root, locales=tuple(locales))
    update(config)
    return config


def translate(config: Config, locale: str, stem: str, translations: dict[str, str], fuzzy=()) -> Path:
    """Fill msgstrs in a catalog; msgids in ``fuzzy`` are marked fuzzy."""
    path = catalog_path(config.root / config.locales_dir, locale, stem)
    po = polib.pofile(str(path))
    for entry in po:
        if entry.msgid in translations:
            entry.msgstr = translations[entry.msgid]
            if entry.msgid in fuzzy:
                entry.flags.append("fuzzy")
    po.save(str(path))
    return path


def out_dir(config: Config) -> Path:
    return config.root / "build" / "bundles"


def load_mo(config: Config, locale: str, stem: str) -> gettext.GNUTranslations:
    """The MO file as Python reads it (not gettext.translation(), which caches by path)."""
    with mo_path(out_dir(config), locale, stem).open("rb") as handle:
        return gettext.GNUTranslations(handle)


def tree(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


@pytest.fixture
def project(tmp_path) -> Config:
    return make_project(tmp_path)


def test_the_mo_file_loads_in_python_gettext_and_returns_the_reviewed_translation(project):
    translate(project, "az", "visit", AZ)
    result = build_bundles(project, out_dir(project))
    assert [d.status for d in result.documents] == ["written"]
    translations = gettext.translation("visit", localedir=str(out_dir(project)), languages=["az"])
    assert translations.gettext(VISIT) == AZ[VISIT]
    assert translations.gettext("not in the catalog") == "not in the catalog"
    assert translations.info()["language"] == "az"
    assert translations.info()["plural-forms"] == "nplurals=2; plural=(n != 1);"


def test_the_mo_header_is_the_catalogs_own_header(project):
    path = translate(project, "az", "visit", AZ)
    po = polib.pofile(str(path))
    info = gettext.GNUTranslations(io.BytesIO(compile_mo(po, "az"))).info()
    assert info["pot-creation-date"] == po.metadata["POT-Creation-Date"]
    assert info["po-revision-date"] == po.metadata["PO-Revision-Date"]
    assert info["project-id-version"] == po.metadata["Project-Id-Version"]


@pytest.mark.skipif(shutil.which("msgunfmt") is None, reason="GNU gettext tools not installed")
def test_gnu_msgunfmt_reads_the_mo_file(project):
    translate(project, "az", "visit", AZ)
    build_bundles(project, out_dir(project))
    decompiled = subprocess.run(
        ["msgunfmt", str(mo_path(out_dir(project), "az", "visit"))], capture_output=True, text=True, check=True
    ).stdout
    assert "Ombudsman Xocalıya səfər edir" in decompiled


def test_the_localized_document_has_reviewed_units_translated_the_rest_in_english_and_no_furniture(project):
    translate(project, "az", "visit", {TITLE: AZ[TITLE], VISIT: AZ[VISIT]})
    result = build_bundles(project, out_dir(project), min_complete=0)
    text = document_path(out_dir(project), "az", "visit").read_text(encoding="utf-8")
    # Document order, title first, a blank line between units, the repeated unit translated twice.
    assert text == f"{AZ[TITLE]}\n\n{AZ[VISIT]}\n\n{SQUARE}\n\n{AZ[VISIT]}\n"
    for furniture in ("Share", "Print", "Facebook", "Back to top"):
        assert furniture not in text
    (doc,) = result.documents
    assert (doc.units, doc.translated, doc.fallback) == (4, 3, 1)
    assert result.fallback_units == 1


def test_two_runs_give_byte_identical_files_and_the_second_rewrites_nothing(tmp_path):
    config = make_project(tmp_path / "one", locales=("az", "ru"))
    translate(config, "az", "visit", AZ)
    first = build_bundles(config, tmp_path / "a")
    second = build_bundles(config, tmp_path / "a")
    build_bundles(config, tmp_path / "b")
    assert tree(tmp_path / "a") == tree(tmp_path / "b")
    assert all(d.changed for d in first.written) and not any(d.changed for d in second.written)


def test_fuzzy_translations_stay_out_unless_include_fuzzy(project):
    translate(project, "az", "visit", AZ, fuzzy={SQUARE})
    build_bundles(project, out_dir(project), min_complete=0)
    assert load_mo(project, "az", "visit").gettext(SQUARE) == SQUARE
    assert SQUARE in document_path(out_dir(project), "az", "visit").read_text(encoding="utf-8")
    bundle = json.loads(json_path(out_dir(project), "az").read_text(encoding="utf-8"))
    assert bundle["documents"]["visit"][unit_id(SQUARE)] == SQUARE

    result = build_bundles(project, out_dir(project), include_fuzzy=True, min_complete=0)
    assert load_mo(project, "az", "visit").gettext(SQUARE) == AZ[SQUARE]
    assert AZ[SQUARE] in document_path(out_dir(project), "az", "visit").read_text(encoding="utf-8")
    assert result.documents[0].percent == 100.0


def test_the_fuzzy_fallback_is_counted(project):
    translate(project, "az", "visit", AZ, fuzzy={SQUARE})
    (doc,) = build_bundles(project, out_dir(project), min_complete=0).documents
    assert (doc.fallback, doc.fuzzy, doc.missing) == (1, 1, 0)


def test_a_document_below_the_threshold_is_not_emitted_and_the_result_says_why(tmp_path):
    config = make_project(tmp_path, {"done": DOCUMENT, "half": f"{TITLE}\n\n{SQUARE}\n"})
    translate(config, "az", "done", AZ)
    translate(config, "az", "half", {TITLE: AZ[TITLE]})  # 3 of 14 source words
    result = build_bundles(config, out_dir(config), min_complete=80)
    by_stem = {d.stem: d for d in result.documents}
    assert by_stem["done"].status == "written"
    half = by_stem["half"]
    assert half.status == "skipped" and half.reason == "21.4% complete, below --min-complete 80%"
    assert not document_path(out_dir(config), "az", "half").exists()
    assert not mo_path(out_dir(config), "az", "half").exists()
    bundle = json.loads(json_path(out_dir(config), "az").read_text(encoding="utf-8"))
    assert set(bundle["documents"]) == {"done"}
    assert bundle["metadata"]["completeness"]["documents"] == {"done": 100.0, "half": 21.42}


def test_the_threshold_is_inclusive_and_a_later_skip_removes_the_stale_files(project):
    translate(project, "az", "visit", {TITLE: AZ[TITLE], VISIT: AZ[VISIT]})  # 3 + 16 of 30 words: 63.33 %
    assert build_bundles(project, out_dir(project), min_complete=63.33).documents[0].status == "written"
    assert document_path(out_dir(project), "az", "visit").exists()
    (doc,) = build_bundles(project, out_dir(project), min_complete=63.34).documents
    assert doc.status == "skipped"
    assert {p.name for p in doc.removed} == {"visit.txt", "visit.mo"}
    assert not document_path(out_dir(project), "az", "visit").exists()
    assert not mo_path(out_dir(project), "az", "visit").exists()


def test_a_document_without_a_catalog_counts_as_zero_percent(project):
    catalog_path(project.root / "locales", "az", "visit").unlink()
    (doc,) = build_bundles(project, out_dir(project), min_complete=0).documents
    assert doc.status == "skipped" and doc.percent == 0.0
    assert "no catalog" in doc.reason and "l10n update" in doc.reason


# Plural rules are stated here, never read from the installed Babel (2.18 and 2.19 word them differently).
RU_GNU = "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
TR_ONE_FORM = "nplurals=1; plural=0;"  # Turkish as Babel 2.17/2.18 gave it; 2.19 gives two forms


def set_plural_forms(config: Config, locale: str, header: str | None, plural_forms=()) -> Path:
    """Set (None: remove) a catalog's Plural-Forms and add one translated plural entry per list of forms."""
    path = catalog_path(config.root / config.locales_dir, locale, "visit")
    po = polib.pofile(str(path))
    if header is None:
        del po.metadata["Plural-Forms"]
    else:
        po.metadata["Plural-Forms"] = header
    for number, forms in enumerate(plural_forms):
        po.append(polib.POEntry(msgid=f"%d victim {number}", msgid_plural=f"%d victims {number}", msgstr_plural=dict(enumerate(forms))))
    po.save(str(path))
    return path


@pytest.mark.parametrize(
    "header, forms, why",
    [
        ("nplurals=2; plural=(n>5 ? 2 : 0);", [], "gives form 2 for n=6, but nplurals=2"),
        ("nplurals=3; plural=(n%10==1 ? 0 : 1", [], "is not valid"),
        (RU_GNU, [["жертва", "жертвы"]], "has 2 form(s) (msgstr[0], msgstr[1]) but Plural-Forms says nplurals=3"),
        ("nplurals=2; plural=(n != 1);", [["жертва", "жертвы", "жертв"]], "has 3 form(s)"),
    ],
)
def test_an_inconsistent_plural_rule_is_bad_input_and_nothing_is_written(tmp_path, header, forms, why):
    config = make_project(tmp_path, locales=("az", "ru"))
    translate(config, "az", "visit", AZ)
    path = set_plural_forms(config, "ru", header, forms)
    with pytest.raises(InputError) as error:
        build_bundles(config, out_dir(config), min_complete=0)
    assert str(path) in str(error.value) and why in str(error.value)
    assert "\n" not in str(error.value)
    assert not out_dir(config).exists()


def test_a_valid_plural_forms_that_differs_from_babels_is_shipped_as_the_catalog_says(tmp_path):
    config = make_project(tmp_path, locales=("ru",))
    two_forms = "nplurals=2; plural=(n != 1);"  # not Russian in any Babel release, but a working rule
    set_plural_forms(config, "ru", two_forms, [["%d жертва", "%d жертв"]])
    (doc,) = build_bundles(config, out_dir(config), min_complete=0).documents
    assert doc.status == "written"
    mo = load_mo(config, "ru", "visit")
    assert mo.info()["plural-forms"] == two_forms
    assert [mo.ngettext("%d victim 0", "%d victims 0", n) for n in (1, 2, 5)] == ["%d жертва", "%d жертв", "%d жертв"]


def test_a_catalog_without_plural_forms_gets_babels_in_the_mo(tmp_path):
    from pipeline.catalogs.plurals import parse_plural_forms, same_rule

    config = make_project(tmp_path, locales=("ru",))
    set_plural_forms(config, "ru", None)
    build_bundles(config, out_dir(config), min_complete=0)
    shipped = load_mo(config, "ru", "visit").info()["plural-forms"]
    assert same_rule(parse_plural_forms(shipped), parse_plural_forms(RU_GNU))


def test_a_plural_forms_header_written_differently_but_equal_is_accepted(project):
    path = translate(project, "az", "visit", AZ)
    po = polib.pofile(str(path))
    po.metadata["Plural-Forms"] = "nplurals=2; plural=n != 1;"
    po.save(str(path))
    assert build_bundles(project, out_dir(project)).documents[0].status == "written"


def test_a_catalog_that_does_not_parse_is_bad_input_and_nothing_is_written(tmp_path):
    config = make_project(tmp_path, locales=("az", "tr"))
    path = catalog_path(config.root / "locales", "tr", "visit")
    path.write_text(path.read_text(encoding="utf-8") + '\nmsgid "broken\nmsgstr ""\n', encoding="utf-8")
    with pytest.raises(InputError):
        build_bundles(config, out_dir(config), min_complete=0)
    assert not out_dir(config).exists()


def test_unit_ids_stay_the_same_when_another_unit_changes(project):
    translate(project, "az", "visit", AZ)
    build_bundles(project, out_dir(project), min_complete=0)
    before = json.loads(json_path(out_dir(project), "az").read_text(encoding="utf-8"))["documents"]["visit"]

    changed = DOCUMENT.replace(SQUARE, "The ceremony took place in the square.")
    (project.root / "corpus" / "visit.txt").write_text(changed, encoding="utf-8")
    update(project)
    build_bundles(project, out_dir(project), min_complete=0)
    after = json.loads(json_path(out_dir(project), "az").read_text(encoding="utf-8"))["documents"]["visit"]

    for text in (TITLE, VISIT):
        assert after[unit_id(text)] == before[unit_id(text)] == AZ[text]
    assert unit_id(SQUARE) not in after
    assert after[unit_id("The ceremony took place in the square.")] == "The ceremony took place in the square."


def test_the_json_bundle_has_metadata_sorted_keys_utf8_and_a_final_newline(tmp_path):
    config = make_project(tmp_path, {"visit": DOCUMENT, "other": f"{TITLE}\n\n{SQUARE}\n"})
    translate(config, "az", "visit", AZ)
    result = build_bundles(config, out_dir(config), min_complete=50)
    raw = json_path(out_dir(config), "az").read_bytes()
    assert raw.endswith(b"}\n") and "Xocalı".encode("utf-8") in raw and b"\\u" not in raw
    data = json.loads(raw)
    assert raw.decode("utf-8") == json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n"
    meta = data["metadata"]
    assert meta["locale"] == "az" and meta["generator"].startswith("l10n-pipeline ")
    assert meta["completeness"]["documents"] == {"other": 0.0, "visit": 100.0}
    assert meta["completeness"]["overall"] == 68.18  # 30 of 44 source words, rounded down
    assert (
        meta["source_revision"]
        == hashlib.sha256(
            b"other.txt\x00"
            + str(len(f"{TITLE}\n\n{SQUARE}\n")).encode()
            + b"\x00"
            + f"{TITLE}\n\n{SQUARE}\n".encode()
            + b"visit.txt\x00"
            + str(len(DOCUMENT.encode())).encode()
            + b"\x00"
            + DOCUMENT.encode()
        ).hexdigest()
    )
    assert data["documents"] == {"visit": {unit_id(text): AZ[text] for text in AZ}}
    assert [d.stem for d in result.skipped] == ["other"]


def test_the_source_revision_changes_with_any_source_byte(project):
    build_bundles(project, out_dir(project), min_complete=0)
    first = json.loads(json_path(out_dir(project), "az").read_text(encoding="utf-8"))["metadata"]["source_revision"]
    (project.root / "corpus" / "visit.txt").write_text(DOCUMENT + "\n", encoding="utf-8")
    build_bundles(project, out_dir(project), min_complete=0)
    second = json.loads(json_path(out_dir(project), "az").read_text(encoding="utf-8"))["metadata"]["source_revision"]
    assert first != second


def test_bundle_completeness_is_the_stats_percentage_when_the_catalog_is_current(project):
    path = translate(project, "az", "visit", {TITLE: AZ[TITLE], SQUARE: AZ[SQUARE]})
    (doc,) = build_bundles(project, out_dir(project), min_complete=0).documents
    assert doc.percent == pytest.approx(progress(polib.pofile(str(path))).percent)


def test_a_catalog_behind_its_document_counts_the_new_units_as_missing(project):
    translate(project, "az", "visit", AZ)
    (project.root / "corpus" / "visit.txt").write_text(DOCUMENT.replace(SQUARE, "A new sentence here."), encoding="utf-8")
    (doc,) = build_bundles(project, out_dir(project), min_complete=0).documents  # no `l10n update`
    assert (doc.fallback, doc.missing) == (1, 1)


def test_an_out_of_range_threshold_is_bad_input(project):
    with pytest.raises(InputError):
        build_bundles(project, out_dir(project), min_complete=120)


# --- the command -------------------------------------------------------------------------------


def _app():
    from pipeline.cli import app
    from pipeline.cli import bundle_commands, commands  # noqa: F401  (register the commands)

    return app


def test_l10n_bundle_prints_a_line_per_document_and_exits_0_when_something_is_skipped(tmp_path):
    config = make_project(tmp_path, {"done": DOCUMENT, "todo": f"{TITLE}\n\n{SQUARE}\n"})
    translate(config, "az", "done", AZ)
    args = [
        "bundle",
        "--corpus",
        str(tmp_path / "corpus"),
        "--locales",
        str(tmp_path / "locales"),
        "--no-glossary",
        "--locale",
        "az",
        "--out",
        str(tmp_path / "dist"),
    ]
    result = CliRunner().invoke(_app(), args)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "az done: written, 100.0% complete"
    assert lines[1] == "az todo: skipped, 0.0% complete, below --min-complete 80%"
    assert lines[2].startswith("1 documents written, 1 skipped")
    assert (tmp_path / "dist" / "az" / "done.txt").exists()


def test_l10n_bundle_exits_2_with_one_line_on_a_plural_forms_mismatch(tmp_path):
    """Only a rule that cannot work stops the bundle: here form 2 of a two-form rule."""
    config = make_project(tmp_path, locales=("tr",))
    path = catalog_path(config.root / "locales", "tr", "visit")
    po = polib.pofile(str(path))
    po.metadata["Plural-Forms"] = "nplurals=2; plural=(n>5 ? 2 : 0);"
    po.save(str(path))
    result = l10n_bundle(tmp_path, "tr")
    assert result.returncode == 2, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Plural-Forms 'nplurals=2; plural=(n>5 ? 2 : 0);' is inconsistent" in result.stderr
    assert not (tmp_path / "build").exists()


def test_l10n_bundle_accepts_a_consistent_plural_forms_that_differs_from_babels(tmp_path):
    config = make_project(tmp_path, locales=("tr",))
    path = catalog_path(config.root / "locales", "tr", "visit")
    po = polib.pofile(str(path))
    po.metadata["Plural-Forms"] = TR_ONE_FORM  # differs from Babel 2.19's rule; Babel 2.18 gave this one
    po.save(str(path))
    result = l10n_bundle(tmp_path, "tr")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith("tr visit: written")
    with (tmp_path / "build" / "bundles" / "tr" / "LC_MESSAGES" / "visit.mo").open("rb") as handle:
        assert gettext.GNUTranslations(handle).info()["plural-forms"] == TR_ONE_FORM
