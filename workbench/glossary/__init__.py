"""The shared glossary: terms, matching, CSV/TBX import and export, review."""
