"""The translation memory: finished paragraphs and their aligned sentences, kept as
entries for fuzzy lookup, concordance, pre-translation and TMX exchange."""
