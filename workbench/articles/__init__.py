"""Articles, paragraphs and revisions: importing and the editor."""
