"""Japanese text handling: sentence splitting and import cleaning."""
