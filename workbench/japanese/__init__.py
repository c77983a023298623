"""Japanese text handling: sentence splitting, import cleaning, and normalization for matching."""
