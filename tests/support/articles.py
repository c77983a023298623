"""Articles made as the import preview makes them, and rows counted, for web tests."""

from __future__ import annotations

import json

from flask import Flask
from sqlalchemy import func, select

from tests.support.client import Client
from workbench.articles.models import Paragraph
from workbench.extensions import db


def create_article(
    client: Client,
    paragraphs: list[str],
    *,
    title: str = "テスト記事",
    byline: str = "",
    source_url: str = "",
) -> int:
    """Post the import preview's form with every line kept; the new article's id."""
    lines = [[text, True, None] for text in paragraphs]
    response = client.post(
        "/articles",
        {
            "lines": json.dumps(lines, ensure_ascii=False),
            "keep": [str(i) for i in range(len(paragraphs))],
            "title": title,
            "byline": byline,
            "source_url": source_url,
        },
    )
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    return int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])


def paragraph_ids(app: Flask, article_id: int) -> list[int]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(Paragraph.id)
                .where(Paragraph.article_id == article_id)
                .order_by(Paragraph.position)
            )
        )


def count_rows(app: Flask, model: type) -> int:
    with app.app_context():
        return int(db.session.scalar(select(func.count()).select_from(model)) or 0)
