"""The nouns and the edges every stage shares: data classes, errors, configuration, locale codes, safe files, paths."""
