"""Stage 4, the catalogs: PO templates and catalogs built, merged like msgmerge, read strictly and written as gettext writes them.

Modules::

    layout        where templates and catalogs live (<locales>/<lang>/LC_MESSAGES/<stem>.po)
    template      units → a template (POT), and the header of a new catalog
    merge         a template merged into a locale's catalog, keeping every translation
    entries       an entry's state: translated, fuzzy, reviewed, shippable
    provenance    the machine-translation notes of an entry
    plurals       plural rules (Plural-Forms), parsed and compared by meaning
    language      which locale a catalog is for
    pofiles       reading PO files strictly, rendering them; po_writer, po_wrap, po_syntax
    safe_rewrite  writing a catalog back without losing a translator's save
    jobs          the whole-project jobs: extract, update; update_state skips unchanged documents
"""
