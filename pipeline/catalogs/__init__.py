"""Stage 4, the catalogs: PO templates and catalogs built, merged like msgmerge, read strictly and written as gettext writes them."""
