"""Benchmark 3: catalog jobs at scale — documents × 100 units × 3 locales.

Documents are generated from corpus sentences (2–4 per paragraph, 100 distinct paragraphs
each) in a temporary project; :func:`pipeline.catalogs.jobs.extract` and :func:`pipeline.catalogs.jobs.update`
run on it through a :class:`~pipeline.core.config.Config` pointing at the temporary directories,
with the real glossary's names and translator hints, as ``l10n update`` passes them.

1. from scratch: ``extract`` + ``update`` (every POT and PO written);
2. a no-change re-run (target: ≤ 10 % of the first run's time);
3. one edited paragraph: the re-run must rewrite exactly that document's POT and its PO in each
   locale, nothing else — checked on the jobs' ``written`` flags *and* on every file's
   (inode, mtime_ns) before and after.
"""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

from .common import now, verdict

LOCALES = ("az", "ru", "tr")
UNITS = 100
FULL_DOCUMENTS = 1_000
QUICK_DOCUMENTS = 50


def _files(directory: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(directory)): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in sorted(directory.rglob("*"))
        if p.is_file() and p.name != ".l10n.lock"
    }


def _job(config, names, hints, hints_version) -> tuple[float, float, list, list]:
    from pipeline.catalogs.jobs import extract, update

    start = now()
    templates = extract(config, names)
    middle = now()
    catalogs = update(config, names, hints, hints_version)
    return middle - start, now() - middle, templates, catalogs


def run(quick: bool, log=print) -> dict:
    from pipeline.core.config import Config
    from pipeline.glossary.hints import hints_for, multiword_names

    from . import data

    documents = QUICK_DOCUMENTS if quick else FULL_DOCUMENTS
    glossary = data.real_glossary()
    names, hints = multiword_names(glossary), hints_for(glossary)
    rng = random.Random(11)
    with tempfile.TemporaryDirectory(prefix="l10n-bench-catalog-") as tmp:
        root = Path(tmp)
        corpus, locales_dir = root / "corpus", root / "locales"
        corpus.mkdir()
        for index in range(documents):
            (corpus / f"doc-{index:04d}.txt").write_text(data.catalog_document(rng, UNITS), encoding="utf-8")
        words = sum(len(p.read_text(encoding="utf-8").split()) for p in corpus.glob("*.txt"))
        config = Config(root=root, locales=LOCALES, corpus_dir=corpus, locales_dir=locales_dir, glossary_dir=data.GLOSSARY)
        log(f"  {documents:,} documents, {words:,} words; first run ...")

        ex1, up1, templates, catalogs = _job(config, names, hints, glossary.version)
        units = sum(t.entries for t in templates)
        first = {
            "extract_s": ex1,
            "update_s": up1,
            "total_s": ex1 + up1,
            "templates_written": sum(t.written for t in templates),
            "catalogs_written": sum(c.written for c in catalogs),
        }
        log(f"  first run {first['total_s']:.1f} s; no-change re-run ...")

        before = _files(locales_dir)
        ex2, up2, templates, catalogs = _job(config, names, hints, glossary.version)
        after = _files(locales_dir)
        rerun = {
            "extract_s": ex2,
            "update_s": up2,
            "total_s": ex2 + up2,
            "templates_written": sum(t.written for t in templates),
            "catalogs_written": sum(c.written for c in catalogs),
            "files_changed": sorted(k for k in after if before.get(k) != after[k]),
        }

        # Edit one paragraph of one document (a word changed: the entry goes fuzzy).
        edited = sorted(corpus.glob("*.txt"))[documents // 2]
        text = edited.read_text(encoding="utf-8")
        paragraphs = text.split("\n\n")
        paragraphs[UNITS // 2] = paragraphs[UNITS // 2].replace(" the ", " that ", 1) + " It was edited."
        edited.write_text("\n\n".join(paragraphs), encoding="utf-8")
        log("  one paragraph edited; re-run ...")
        before = _files(locales_dir)
        ex3, up3, templates, catalogs = _job(config, names, hints, glossary.version)
        after = _files(locales_dir)
        stem = edited.stem
        expected = sorted([f"templates/{stem}.pot"] + [f"{loc}/LC_MESSAGES/{stem}.po" for loc in LOCALES])
        changed = sorted(k for k in after if before.get(k) != after[k])
        flagged = sorted(
            [str(t.path.relative_to(locales_dir)) for t in templates if t.written]
            + [str(c.path.relative_to(locales_dir)) for c in catalogs if c.written]
        )
        added = sum(c.report.added for c in catalogs)
        edit = {
            "extract_s": ex3,
            "update_s": up3,
            "total_s": ex3 + up3,
            "files_changed": changed,
            "flagged_written": flagged,
            "expected": expected,
            "entries_added": added,
            "exactly_one_per_locale": changed == expected and flagged == expected and added == len(LOCALES),
            "temp_files_left": sorted(str(p) for p in locales_dir.rglob("*.tmp")),
        }
    result = {
        "documents": documents,
        "units": units,
        "locales": len(LOCALES),
        "words": words,
        "files": documents * (1 + len(LOCALES)),
        "first": first,
        "rerun": rerun,
        "edit": edit,
        "rerun_ratio": rerun["total_s"] / first["total_s"],
        "edit_ratio": edit["total_s"] / first["total_s"],
    }
    result["targets"] = {
        "no-change re-run <= 10% of the first run": verdict(result["rerun_ratio"], 0.10, False),
        "no-change re-run rewrites nothing": "met"
        if not rerun["files_changed"] and not rerun["catalogs_written"] and not rerun["templates_written"]
        else "MISSED",
        "one edit rewrites exactly its POT + one PO per locale": "met" if edit["exactly_one_per_locale"] else "MISSED",
    }
    return result


def rows(result: dict) -> list[dict]:
    size = f"{result['documents']:,} docs × {result['units'] // result['documents']} units × {result['locales']} locales"
    first = result["first"]["total_s"]
    out = [{"case": "extract+update from scratch", "s": first, "ratio": 1.0, "note": f"{size}; {result['files']:,} files written"}]
    out.append(
        {
            "case": "no-change re-run",
            "s": result["rerun"]["total_s"],
            "ratio": result["rerun_ratio"],
            "note": f"{len(result['rerun']['files_changed'])} files rewritten",
        }
    )
    edit = result["edit"]
    out.append(
        {
            "case": "one paragraph edited",
            "s": edit["total_s"],
            "ratio": result["edit_ratio"],
            "note": f"{len(edit['files_changed'])} files rewritten (expected {len(edit['expected'])}): "
            f"{'exactly those' if edit['exactly_one_per_locale'] else 'MISMATCH ' + str(edit['files_changed'])}",
        }
    )
    return out
