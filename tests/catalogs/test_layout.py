"""The locales folder's layout: one place builds every template and catalog path."""

from __future__ import annotations

from pathlib import Path

from pipeline.catalogs.layout import catalog_path, catalog_paths, messages_dir, template_path, templates_dir


def test_paths_follow_the_gettext_layout():
    root = Path("locales")
    assert messages_dir(root, "az") == Path("locales/az/LC_MESSAGES")
    assert catalog_path(root, "az", "visit") == Path("locales/az/LC_MESSAGES/visit.po")
    assert templates_dir(root) == Path("locales/templates")
    assert template_path(root, "visit") == Path("locales/templates/visit.pot")
    assert catalog_path("locales", "pt_BR", "a.b") == Path("locales/pt_BR/LC_MESSAGES/a.b.po")


def test_catalog_paths_lists_a_locales_po_files_sorted(tmp_path):
    folder = messages_dir(tmp_path, "ru")
    folder.mkdir(parents=True)
    for name in ("b.po", "a.po", "notes.txt", "c.pot"):
        (folder / name).write_text("", encoding="utf-8")
    assert catalog_paths(tmp_path, "ru") == [folder / "a.po", folder / "b.po"]
    assert catalog_paths(tmp_path, "az") == []  # no folder: no catalogs
