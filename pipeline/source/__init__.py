"""Stage 1, the sources: read documents from disk and cut them into ordered paragraph units."""
