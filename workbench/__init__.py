"""The translation workbench: create_app() builds one configured Flask app."""

from __future__ import annotations

import logging
import uuid
from datetime import datetime
from typing import Any

from flask import Flask, render_template, request
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge
from werkzeug.routing import IntegerConverter

from workbench import config as config_module
from workbench.bidi import mark_controls, mark_controls_html
from workbench.database import configure_sqlite
from workbench.extensions import csrf, db, htmx
from workbench.limits import Request
from workbench.lookup import column_int
from workbench.memory import service as memory_service

log = logging.getLogger(__name__)


class IdConverter(IntegerConverter):
    """Ids are 32-bit columns: a larger number (or digits other than ASCII ones) names
    nothing, so it becomes 0, which no row has, and the view answers 404 instead of
    the database failing. The same reading as every other number (workbench.lookup)."""

    def to_python(self, value: str) -> int:
        number = column_int(value)
        return 0 if number is None else number


def create_app(config: dict[str, Any] | None = None) -> Flask:
    app = Flask(
        __name__,
        template_folder="../templates",
        static_folder="../static",
        instance_path=str(config_module.instance_path()),
    )
    app.config.from_mapping(config_module.load(config))
    app.instance_path = str(app.config["INSTANCE"])
    # Chunked bodies over MAX_CONTENT_LENGTH are refused like sized ones.
    app.request_class = Request

    db.init_app(app)
    # Every commit that finishes or changes a paragraph updates the memory.
    memory_service.install()
    htmx.init_app(app)
    csrf.init_app(app)
    with app.app_context():
        configure_sqlite(db.engine)

    # Ids in URLs are 32-bit: a larger number is an unknown id (404), not a crash.
    app.url_map.converters["int"] = IdConverter

    from workbench.accounts import gate
    from workbench.accounts.views import bp as accounts_bp
    from workbench.articles.views import bp as articles_bp
    from workbench.checks.views import bp as checks_bp
    from workbench.editor.views import bp as editor_bp
    from workbench.exports.views import bp as exports_bp
    from workbench.glossary.views import bp as glossary_bp
    from workbench.machine import jobs
    from workbench.machine.views import bp as machine_bp
    from workbench.memory.concordance_views import bp as concordance_bp
    from workbench.memory.views import bp as memory_bp
    from workbench.notes.views import bp as notes_bp

    app.register_blueprint(articles_bp)
    app.register_blueprint(editor_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(machine_bp)
    app.register_blueprint(glossary_bp)
    app.register_blueprint(notes_bp)
    app.register_blueprint(exports_bp)
    app.register_blueprint(checks_bp)
    app.register_blueprint(memory_bp)
    app.register_blueprint(concordance_bp)
    gate.init_app(app)
    jobs.init_app(app)

    from workbench import security

    security.init_app(app)

    from workbench.cli import register

    register(app)
    _error_pages(app)
    _template_helpers(app)
    return app


def _error_pages(app: Flask) -> None:
    def page(status: int, title: str, message: str) -> ResponseReturnValue:
        template = "partials/error.html" if htmx else "error.html"
        return render_template(template, status=status, title=title, message=message), status

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(_error: RequestEntityTooLarge) -> ResponseReturnValue:
        limit = app.config["MAX_UPLOAD_BYTES"] / (1024 * 1024)
        return page(
            413,
            "File too large",
            f"The upload is larger than {limit:g} MB, the most this workbench accepts. "
            "Nothing was stored. Split the article, or paste its text instead.",
        )

    @app.errorhandler(429)
    def too_many(error: HTTPException) -> ResponseReturnValue:
        return page(
            429,
            "Too many attempts",
            error.description or "Too many requests. Wait a few minutes, then try again.",
        )

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> ResponseReturnValue:
        return page(
            400,
            "Session expired",
            "This page's security token is missing or out of date, so nothing was changed. "
            "Copy any text you were typing, then reload the page.",
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> ResponseReturnValue:
        return page(error.code or 500, error.name, error.description or "")

    @app.errorhandler(Exception)
    def crash(error: Exception) -> ResponseReturnValue:
        reference = uuid.uuid4().hex[:10]
        log.exception(
            "unhandled error, reference %s, %s %s", reference, request.method, request.path
        )
        try:
            db.session.rollback()
        except Exception:  # noqa: BLE001 - the page must render whatever broke
            log.exception("rollback failed, reference %s", reference)
        return page(
            500,
            "Something went wrong",
            f"The workbench failed to answer this request and stored nothing from it. "
            f"Your text is still in the page. Reference for the logs: {reference}.",
        )


def _template_helpers(app: Flask) -> None:
    from workbench.accounts.roles import can
    from workbench.editor import presenting

    presenting.init_app(app)

    @app.context_processor
    def inject() -> dict[str, Any]:
        return {"can": can}

    # Titles, names, terms, notes and the article's texts are shown through one of
    # these: a direction control becomes a visible marker (see workbench/bidi.py).
    app.add_template_filter(mark_controls, "bidi")
    app.add_template_filter(mark_controls_html, "bidi_html")

    @app.template_filter("when")
    def when(value: datetime | None) -> str:
        return value.strftime("%Y-%m-%d %H:%M:%S UTC") if value else ""
