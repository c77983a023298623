"""Source notes: citations, explanations and queries pinned to the words of a paragraph."""
