"""The ``workbench`` command (the same as ``flask --app workbench``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext
from sqlalchemy import func, select

from workbench.extensions import db


def _create_app() -> Flask:
    from workbench import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_default_commands=False)
def main() -> None:
    """Japanese to English translation workbench."""


def _emit(as_json: bool, payload: dict[str, object], text: str) -> None:
    click.echo(json.dumps(payload, ensure_ascii=False) if as_json else text)


@click.command("init-db")
@with_appcontext
def init_db() -> None:
    """Apply the database migrations."""
    from workbench.migrate import upgrade

    upgrade(db.engine)
    click.echo(f"Database ready: {db.engine.url.render_as_string(hide_password=True)}", err=True)


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--title", default="", help="Title (default: the first sentence).")
@click.option("--url", "source_url", default="", help="Source URL of the article.")
@click.option("--byline", default="")
@click.option("--if-empty", is_flag=True, help="Import only when there is no article yet.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@with_appcontext
def import_command(
    file: Path, title: str, source_url: str, byline: str, if_empty: bool, as_json: bool
) -> None:
    """Import FILE as an article: cleaned, with no preview."""
    from workbench.articles import importing
    from workbench.articles.models import Article

    session = db.session
    if if_empty and session.scalar(select(func.count()).select_from(Article)):
        _emit(
            as_json,
            {"id": None, "paragraphs": 0, "dropped": 0, "skipped": True},
            "Articles exist already; nothing imported.",
        )
        return
    try:
        prepared = importing.prepare_upload(file.name, file.read_bytes())
        article = importing.create_article(
            session,
            title=title or prepared.title,
            paragraphs=prepared.kept,
            source_url=source_url,
            byline=byline,
            encoding=prepared.encoding,
        )
        session.commit()
    except importing.ImportProblem as problem:
        session.rollback()
        raise click.ClickException(str(problem)) from problem
    kept = len(prepared.kept)
    dropped = len(prepared.lines) - kept
    _emit(
        as_json,
        {"id": article.id, "paragraphs": kept, "dropped": dropped},
        f"Imported article {article.id} ({kept} paragraphs, {dropped} dropped, "
        f"{prepared.encoding}): {article.title}",
    )


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@with_appcontext
def serve(host: str, port: int) -> None:
    """Run the workbench and print its URL."""
    from werkzeug.serving import make_server

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    server = make_server(host, port, app, threaded=True)
    shown = "localhost" if host in ("127.0.0.1", "0.0.0.0") else host
    click.echo(f"Workbench running at http://{shown}:{server.server_port}/  (Ctrl+C stops it)")
    sys.stdout.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("Stopped.", err=True)


@click.group("user")
def user_group() -> None:
    """Create users and reset their passwords."""


@user_group.command("add")
@click.argument("name")
@click.option(
    "--role",
    type=click.Choice(["translator", "reviewer", "admin"]),
    default="translator",
    show_default=True,
)
@click.option("--display-name", default="", help="Shown beside their edits (default: NAME).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@with_appcontext
def user_add(name: str, role: str, display_name: str, as_json: bool) -> None:
    """Create user NAME and print a one-time password."""
    from workbench.accounts import service

    session = db.session
    try:
        user, password = service.create_user(
            session, name, role=role, display_name=display_name or None
        )
        session.commit()
    except service.AccountError as problem:
        session.rollback()
        raise click.ClickException(str(problem)) from problem
    _emit(
        as_json,
        {"name": user.name, "role": user.role, "password": password},
        f"Created {user.role} {user.name!r}. One-time password: {password}\n"
        "They choose their own password at their first sign-in.",
    )


@user_group.command("passwd")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@with_appcontext
def user_passwd(name: str, as_json: bool) -> None:
    """Give user NAME a new one-time password (their sessions end)."""
    from workbench.accounts import service

    session = db.session
    user = service.find_user(session, name)
    if user is None:
        raise click.ClickException(f"There is no user named {name!r}.")
    password = service.reset_password(user)
    session.commit()
    _emit(
        as_json,
        {"name": user.name, "password": password},
        f"New one-time password for {user.name!r}: {password}",
    )


def register(app: Flask) -> None:
    for command in (init_db, import_command, serve, user_group):
        app.cli.add_command(command)
