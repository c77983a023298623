"""The ``workbench`` command (the same as ``flask --app workbench``)."""

from __future__ import annotations

import contextlib
import json
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

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


if TYPE_CHECKING:
    # Generic from click 8.2 (value type, input type); a plain class before.
    _IntParamType = click.ParamType[int, object]
else:
    _IntParamType = click.ParamType


class ArticleNumber(_IntParamType):
    """An article id, read like every number a request carries (workbench.lookup)."""

    name = "article_id"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> int:
        from workbench.lookup import BadNumber, parse_int

        if isinstance(value, int):
            return value
        try:
            return parse_int(str(value), "article number", "give an id the article list shows.")
        except BadNumber as problem:
            self.fail(str(problem), param, ctx)


ARTICLE_ID = ArticleNumber()


def _emit(as_json: bool, payload: Mapping[str, object], text: str) -> None:
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
    """Run the workbench (and, without Redis, its job consumer); print its URL."""
    import threading

    from werkzeug.serving import make_server

    from workbench.extensions import huey
    from workbench.machine import jobs
    from workbench.memory import service as memory_service

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    server = make_server(host, port, app, threaded=True)
    threading.Thread(target=memory_service.warm, args=(app,), name="memory", daemon=True).start()
    shown = "localhost" if host in ("127.0.0.1", "0.0.0.0") else host
    click.echo(f"Workbench running at http://{shown}:{server.server_port}/  (Ctrl+C stops it)")
    sys.stdout.flush()
    if app.config.get("REDIS_URL") or app.config.get("JOBS_IMMEDIATE"):
        # Jobs go to Redis for `workbench worker` processes (or run in the request).
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            click.echo("Stopped.", err=True)
        return
    interrupted = jobs.fail_interrupted_jobs(app)
    if interrupted:
        click.echo(f"{interrupted} drafting job(s) were interrupted by a restart.", err=True)
    # Huey's consumer must run in the main thread (it installs signal handlers),
    # so the web server runs in a thread of its own; Ctrl+C stops both.
    web = threading.Thread(target=server.serve_forever, name="web", daemon=True)
    web.start()
    # A short poll delay: an idle queue still starts a new job within a second.
    consumer = huey.create_consumer(workers=2, worker_type="thread", periodic=False, max_delay=1.0)
    try:
        consumer.run()
    finally:
        server.shutdown()
        click.echo("Stopped.", err=True)


@click.command("worker")
@click.option("--workers", default=2, show_default=True, type=int)
@with_appcontext
def worker(workers: int) -> None:
    """Consume drafting jobs from Redis (when WORKBENCH_REDIS_URL is set)."""
    from workbench.extensions import huey

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if not app.config.get("REDIS_URL"):
        raise click.ClickException(
            "Set WORKBENCH_REDIS_URL to run separate workers; without it, "
            "`workbench serve` consumes the jobs itself."
        )
    huey.create_consumer(workers=workers, worker_type="thread", periodic=False, max_delay=1.0).run()


@click.command("draft")
@click.argument("article_id", type=ARTICLE_ID)
@click.option(
    "--provider", default="", help="Provider name (default: the article's or the default)."
)
@click.option("--all", "all_paragraphs", is_flag=True, help="Draft translated paragraphs too.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@with_appcontext
def draft_command(article_id: int, provider: str, all_paragraphs: bool, as_json: bool) -> None:
    """Draft an article with machine translation; exit 1 if any paragraph failed."""
    from workbench.articles.models import Article
    from workbench.machine import drafting, jobs
    from workbench.machine.choices import default_provider

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    session = db.session
    article = session.get(Article, article_id)
    if article is None:
        raise click.ClickException(f"There is no article {article_id}.")
    try:
        job = drafting.create_job(
            session,
            article,
            provider=provider or default_provider(article),
            scope="all" if all_paragraphs else "untranslated",
            force=False,
            author="command line",
        )
    except KeyError as error:
        raise click.ClickException(str(error.args[0])) from error
    job_id = job.id
    counts = _run_with_progress(
        session, job, "Drafting", lambda progress: jobs.run_now(app, job_id, on_progress=progress)
    )
    _emit(
        as_json,
        counts,
        "Drafted {drafted}, from cache {cached}, skipped {skipped}, failed {failed}.".format(
            **counts
        ),
    )
    if counts["failed"]:
        sys.exit(1)


def _run_with_progress(
    session: Any, job: Any, label: str, run: Callable[[Callable[[object], None]], Any]
) -> dict[str, int]:
    """Commit the new job, run it with a progress bar on stderr and return its counts;
    the article's paragraphs the job left out (they already had what it makes)
    count as skipped."""
    from workbench.articles.models import Paragraph

    total_paragraphs = session.scalar(
        select(func.count()).select_from(Paragraph).where(Paragraph.article_id == job.article_id)
    )
    total = job.total
    session.commit()
    with click.progressbar(length=total, label=label, file=sys.stderr) as bar:
        seen = [0]

        def progress(current: object) -> None:
            processed = current.processed  # type: ignore[attr-defined]
            bar.update(processed - seen[0])
            seen[0] = processed

        result = run(progress)
    counts: dict[str, int] = result.as_dict()
    counts["skipped"] += int(total_paragraphs or 0) - total
    return counts


@click.command("pretranslate")
@click.argument("article_id", type=ARTICLE_ID)
@click.option("--machine", is_flag=True, help="Fill what the memory cannot from machine drafts.")
@click.option(
    "--provider", default="", help="Provider for --machine (default: the article's or the default)."
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@with_appcontext
def pretranslate_command(article_id: int, machine: bool, provider: str, as_json: bool) -> None:
    """Fill every empty translation from a 100 % memory match (then, with --machine,
    from machine drafts); progress on stderr; exit 1 if any paragraph failed."""
    from workbench.articles.models import Article
    from workbench.machine import jobs, pretranslating
    from workbench.machine.choices import default_provider

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    session = db.session
    article = session.get(Article, article_id)
    if article is None:
        raise click.ClickException(f"There is no article {article_id}.")
    chosen = (provider or default_provider(article)) if machine else None
    try:
        job = pretranslating.create_job(session, article, provider=chosen, author="command line")
    except KeyError as error:
        raise click.ClickException(str(error.args[0])) from error
    job_id = job.id
    counts = _run_with_progress(
        session,
        job,
        "Pre-translating",
        lambda progress: jobs.run_pretranslation_now(app, job_id, on_progress=progress),
    )
    _emit(
        as_json,
        counts,
        "From memory {memory}, from machine drafts {machine}, skipped {skipped}, "
        "failed {failed}.".format(**counts),
    )
    if counts["failed"]:
        sys.exit(1)


@click.command("check")
@click.argument("article_id", type=ARTICLE_ID)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@with_appcontext
def check_command(article_id: int, as_json: bool) -> None:
    """Run the QA checks on an article; exit 1 if any error is found (dismissed
    findings left out)."""
    from workbench.articles.models import Article
    from workbench.checks import service

    if db.session.get(Article, article_id) is None:
        raise click.ClickException(f"There is no article {article_id}.")
    findings = service.article_findings(db.session, article_id)
    items = findings.items()
    counts = findings.counts()
    payload = {
        "findings": [
            {
                "paragraph": item.paragraph.position,
                "check": item.found.check_id,
                "severity": item.found.severity,
                "message": item.found.message,
            }
            for item in items
        ],
        "counts": counts,
    }
    lines = [
        f"¶{item.paragraph.position} {item.found.severity} {item.found.check_id}: "
        f"{item.found.message}"
        for item in items
    ]
    lines.append("{error} errors, {warning} warnings, {dismissed} dismissed.".format(**counts))
    _emit(as_json, payload, "\n".join(lines))
    if counts["error"]:
        sys.exit(1)


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
    password = service.reset_password(session, user)
    session.commit()
    _emit(
        as_json,
        {"name": user.name, "password": password},
        f"New one-time password for {user.name!r}: {password}",
    )


@click.group("glossary")
def glossary_group() -> None:
    """Import and export the shared glossary (CSV or TBX, by extension)."""


@glossary_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@with_appcontext
def glossary_import(file: Path, as_json: bool) -> None:
    """Add and update terms from FILE; a malformed file stores nothing."""
    from workbench.glossary import exchange, service

    session = db.session
    try:
        kind = exchange.detect_format(file.name)
        data = file.read_bytes()
        records = exchange.read_csv(data) if kind == "csv" else exchange.read_tbx(data)
        report = service.import_records(session, records, author="command line", author_id=None)
        session.commit()
    except (exchange.ExchangeError, service.TermError) as problem:
        session.rollback()
        raise click.ClickException(f"{file.name}: {problem} Nothing was imported.") from problem
    counts = report.as_dict()
    _emit(as_json, counts, "Added {added}, updated {updated}, skipped {skipped}.".format(**counts))


@glossary_group.command("export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@with_appcontext
def glossary_export(file: Path, as_json: bool) -> None:
    """Write every term to FILE (.csv or .tbx)."""
    from workbench.glossary import exchange, service

    try:
        kind = exchange.detect_format(file.name)
    except exchange.ExchangeError as problem:
        raise click.ClickException(str(problem)) from problem
    records = service.export_records(db.session)
    data = exchange.write_csv(records) if kind == "csv" else exchange.write_tbx(records)
    file.write_bytes(data)
    _emit(
        as_json,
        {"format": kind, "path": str(file), "terms": len(records)},
        f"Wrote {len(records)} terms to {file}.",
    )


@click.group("tm")
def tm_group() -> None:
    """Import, export and look up the translation memory (TMX files)."""


@tm_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@with_appcontext
def tm_import(file: Path, as_json: bool) -> None:
    """Add the Japanese → English units of FILE (TMX) to the memory; a refused file
    stores nothing."""
    from workbench.memory import exchange

    limit = int(current_app.config["MAX_UPLOAD_BYTES"])
    session = db.session
    try:
        # A file over the limit is refused before it is read.
        if file.stat().st_size > limit:
            raise exchange.too_large(file.name, limit)
        report = exchange.import_tmx(session, file.read_bytes(), file.name, max_bytes=limit)
        session.commit()
    except exchange.MemoryFileError as problem:
        session.rollback()
        raise click.ClickException(f"{problem} Nothing was imported.") from problem
    _emit(as_json, report.as_dict(), report.sentence())


@tm_group.command("export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@with_appcontext
def tm_export(file: Path, as_json: bool) -> None:
    """Write every entry of the memory to FILE as TMX 1.4."""
    from workbench.memory import exchange

    data, count = exchange.export_tmx(db.session)
    _write_whole(file, data)
    _emit(
        as_json,
        {"path": str(file), "entries": count},
        f"Wrote {count} memory entries to {file}.",
    )


def _write_whole(path: Path, data: bytes) -> None:
    """Write ``data`` beside ``path`` under a short temporary name and rename it over
    it, so a failure never leaves half a file."""
    partial: Path | None = None
    try:
        with tempfile.NamedTemporaryFile(
            dir=path.parent or ".", prefix=".export-", delete=False
        ) as handle:
            partial = Path(handle.name)
            handle.write(data)
            # A temporary file is private (0600); the export is not. It gets the mode
            # the file it replaces had, or else the one the umask gives a new file.
            os.fchmod(handle.fileno(), _mode_for(path))
        os.replace(partial, path)
    except OSError as error:
        if partial is not None:
            with contextlib.suppress(OSError):
                partial.unlink()
        raise click.ClickException(f"Cannot write {path}: {error.strerror or error}.") from error


@tm_group.command("lookup")
@click.argument("text")
@click.option("--limit", default=3, show_default=True, type=click.IntRange(1, 50))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@with_appcontext
def tm_lookup(text: str, limit: int, as_json: bool) -> None:
    """The memory's best matches for TEXT (Japanese), best first."""
    from workbench.memory.provider import MemoryProvider, MemorySuggestion
    from workbench.typed_text import tidy

    found = MemoryProvider(db.session, limit=limit).suggest(tidy(text))
    entries = []
    for suggestion in found:
        assert isinstance(suggestion, MemorySuggestion) and suggestion.match is not None
        entries.append((suggestion.score, suggestion.match.entry))
    if as_json:
        matches = [
            {
                "score": score,
                "source": entry.source,
                "target": entry.target,
                "origin": entry.origin,
                "updated_at": entry.updated_at.isoformat(),
            }
            for score, entry in entries
        ]
        _emit(True, {"matches": matches}, "")
        return
    if not entries:
        click.echo("No match in the memory.")
        return
    for score, entry in entries:
        click.echo(f"{score:>3}%  {entry.source}")
        click.echo(f"      {entry.target}")
        click.echo(f"      from {entry.origin or 'unknown'}, {entry.updated_at:%Y-%m-%d}")


@click.command("export")
@click.argument("article_id", type=ARTICLE_ID)
@click.option(
    "--format",
    "fmt",
    required=True,
    # The formats are the names in exports/registry.py; an unknown one is told them all.
    help="A format name: html, docx, md, xliff, tmx, json… (a wrong one lists them all).",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
@click.option(
    "--which",
    type=click.Choice(["all", "done", "reviewed"]),
    default="all",
    show_default=True,
    help="All paragraphs, translated and reviewed ones, or reviewed ones only.",
)
@click.option(
    "--untranslated",
    type=click.Choice(["mark", "source", "omit"]),
    default="mark",
    show_default=True,
    help="An untranslated paragraph is marked, kept in Japanese, or left out.",
)
@click.option("--no-notes", is_flag=True, help="Leave the notes out.")
@click.option("--queries", is_flag=True, help="Include the queries for the reviewer.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@with_appcontext
def export_command(
    article_id: int,
    fmt: str,
    output: Path | None,
    which: str,
    untranslated: str,
    no_notes: bool,
    queries: bool,
    as_json: bool,
) -> None:
    """Write one export of an article (default file name: title, languages, date)."""
    from workbench.articles.models import Article
    from workbench.exports.base import filename
    from workbench.exports.document import ExportOptions, apply_options
    from workbench.exports.gather import gather
    from workbench.exports.registry import EXPORTERS

    exporter = EXPORTERS.get(fmt)
    if exporter is None:
        raise click.ClickException(
            f"There is no export format {fmt!r}; the formats are {', '.join(EXPORTERS)}."
        )
    article = db.session.get(Article, article_id)
    if article is None:
        raise click.ClickException(f"There is no article {article_id}.")
    options = ExportOptions(
        which=which,  # type: ignore[arg-type]
        untranslated=untranslated,  # type: ignore[arg-type]
        notes=not no_notes,
        queries=queries,
    )
    document = apply_options(gather(db.session, article), options)
    path = output or Path(filename(document, exporter))
    _write_whole(path, exporter.render(document))
    count = exporter.count(document)
    _emit(
        as_json,
        {"format": exporter.name, "path": str(path), "paragraphs": count},
        f"Wrote {count} paragraphs as {exporter.label} to {path}.",
    )


def _mode_for(path: Path) -> int:
    """The permission bits a file written at ``path`` should have: those of the file
    there, or 0666 less the umask, as open(2) gives any new file."""
    with contextlib.suppress(OSError):
        return stat.S_IMODE(path.stat().st_mode)
    # The umask can only be read by setting it; it is put back at once.
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def register(app: Flask) -> None:
    commands = (
        init_db,
        import_command,
        serve,
        worker,
        draft_command,
        export_command,
        check_command,
        user_group,
        glossary_group,
        tm_group,
        pretranslate_command,
    )
    for command in commands:
        app.cli.add_command(command)
