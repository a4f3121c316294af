"""Stage 3, machine translation: drafts from engines, a translation memory, placeholders that protect terms, Argos packages."""
