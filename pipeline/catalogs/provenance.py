"""Where a translation came from: the machine-translation notes in a catalog entry's comments.

A machine draft (:mod:`pipeline.mt.drafts`) carries its provenance as translator comments
(``# MT: argos translate-en_az 1.9, score -0.42``, and ``# MT lost: …`` for what the engine
dropped), which msgmerge and PO editors keep.  Once a person has reviewed the entry the notes
about the draft are stale: a merge rewrites them (:func:`provenance_notes`), an XLIFF import
that brings a translation in drops them (:func:`drop_machine_notes`).

Light on purpose (the standard library only): :mod:`pipeline.exchange.merge` reads these
prefixes without pulling in the engines or polib's writer.
"""

from __future__ import annotations

#: Provenance of a machine draft in the older layout, as extracted comments ("#. MT: argos
#: translate-en_az 1.9, score -0.42"); a merge moves them to translator comments.
PROVENANCE_PREFIXES = ("MT: ",)
#: Translator comments of a machine draft (pipeline.mt.drafts writes them), and what the first
#: becomes once a person has reviewed the entry.
MT_PREFIX = "MT: "
LOST_PREFIX = "MT lost: "
REVIEWED_PREFIX = "MT: reviewed; drafted by "


def legacy_notes(comment: str | None) -> list[str]:
    """The provenance lines of an entry's extracted comments (the older layout)."""
    return [line for line in (comment or "").splitlines() if line.startswith(PROVENANCE_PREFIXES)]


def provenance_notes(tcomment: str, legacy: list[str], reviewed: bool) -> str:
    """The translator comments of an entry with its MT provenance brought up to date.

    Provenance lives in translator comments (``# MT: argos …``, ``# MT lost: …``), which msgmerge
    and PO editors keep; ``legacy`` lines from the older extracted-comment layout move there.
    Once a person has reviewed the entry (translated, not fuzzy), the notes about the draft are
    stale: ``MT lost`` lines go, and the ``MT:`` line becomes one line saying the entry was
    machine-drafted and reviewed.  The translation itself is never touched.
    """
    lines = [line for line in (tcomment or "").split("\n") if line]
    lines += [line for line in legacy if line not in lines]
    if not reviewed:
        return "\n".join(lines)
    kept = []
    for line in lines:
        if line.startswith(LOST_PREFIX):
            continue
        if line.startswith(MT_PREFIX) and not line.startswith(REVIEWED_PREFIX):
            line = REVIEWED_PREFIX + line[len(MT_PREFIX) :]
        kept.append(line)
    return "\n".join(kept)


def drop_machine_notes(entry) -> None:
    """Remove the notes about a machine draft from ``entry`` (a polib entry), in place.

    For a translation that replaces the draft: the ``MT:`` lines of its extracted comments (the
    older layout) and the ``MT:`` and ``MT lost:`` lines of its translator comments go, and so
    do empty lines.
    """
    entry.comment = _without_lines(entry.comment, PROVENANCE_PREFIXES)
    entry.tcomment = _without_lines(entry.tcomment, (MT_PREFIX, LOST_PREFIX))


def _without_lines(text: str | None, prefixes: tuple[str, ...]) -> str:
    return "\n".join(line for line in (text or "").split("\n") if line and not line.startswith(prefixes))
