"""Browser journeys: a real Chromium, driven by Playwright, against the app served
on a free local port from a thread. Tables are emptied after every test."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from flask import Flask
from playwright.sync_api import Dialog, Locator, Page, expect
from sqlalchemy import select

from tests.support.accounts import TEST_PASSWORD, add_user
from tests.support.app import empty_tables, make_app
from tests.support.browser import off_the_loop
from tests.support.samples import SAMPLE_PATH
from tests.support.serving import serving
from workbench.accounts.models import User
from workbench.articles.importing import create_article, prepare_upload
from workbench.extensions import db

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REPO_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO_ROOT / "screenshots"

# Saves, swaps and retries take a moment on a busy machine: wait, never sleep.
expect.set_options(timeout=10_000)


@pytest.hookimpl(trylast=True)  # after pytest groups tests by their session parameters
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the browser journeys after every other test.

    Between its calls, Playwright's sync API leaves an asyncio loop marked as
    running in the test thread until the session ends, and Flask then refuses to
    run the database extension's async app-context teardown in that thread. Any
    test that pushes an app context after the first journey would error.
    """
    here = Path(__file__).parent
    items.sort(key=lambda item: item.path.is_relative_to(here))  # stable: order kept


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    if not CHROMIUM.exists():
        message = f"Chromium is not installed at {CHROMIUM}; the browser journeys cannot run."
        if os.environ.get("WORKBENCH_SKIP_BROWSER") == "1":
            pytest.skip(f"{message} (skipped because WORKBENCH_SKIP_BROWSER=1)")
        pytest.fail(
            f"{message} Install it (apt-get install chromium), or set WORKBENCH_SKIP_BROWSER=1 "
            "to skip these tests on a machine without it (never in CI).",
            pytrace=False,
        )
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [*browser_type_launch_args.get("args", []), *CHROMIUM_ARGS],
    }


@pytest.fixture(scope="session")
def live_app(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Flask:
    instance = tmp_path_factory.mktemp("browser-instance")
    return off_the_loop(lambda: make_app(database_url, instance))


@pytest.fixture(scope="session")
def live_server(live_app: Flask) -> Iterator[str]:
    with serving(live_app, "live-server") as url:
        yield url


@pytest.fixture(scope="session")
def base_url(live_server: str) -> str:
    # Replaces the plugin's own (command-line) base URL: pages are opened with paths.
    return live_server


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any], live_server: str) -> dict[str, Any]:
    return {
        **browser_context_args,
        "base_url": live_server,
        "viewport": {"width": 1280, "height": 900},
    }


@pytest.fixture(autouse=True)
def _empty_tables_after_test(live_app: Flask) -> Iterator[None]:
    # Set up before the page fixtures, so torn down after their contexts close.
    yield
    off_the_loop(lambda: empty_tables(live_app))


@pytest.fixture
def seed_article(live_app: Flask) -> Callable[..., int]:
    """Store the sample article as an upload would, without the browser; return its id."""

    def seed(title: str = "Trump and Kim", path: Path = SAMPLE_PATH) -> int:
        prepared = prepare_upload(path.name, path.read_bytes())

        def store() -> int:
            with live_app.app_context():
                article = create_article(
                    db.session, title=title, paragraphs=prepared.kept, encoding=prepared.encoding
                )
                db.session.commit()
                return article.id

        return off_the_loop(store)

    return seed


@pytest.fixture
def screenshot(request: pytest.FixtureRequest) -> Callable[..., Path]:
    """Save what the page looks like to screenshots/<test name>[-<suffix>].png.

    The window as the editor sees it, scrolled to ``around`` when given.
    """

    def save(
        page: Page, suffix: str = "", *, around: Locator | None = None, full_page: bool = False
    ) -> Path:
        # test_x[chromium] -> test_x ; test_x[chromium-800] -> test_x-800
        name = re.sub(
            r"\[(?:chromium-?)?(.*)\]$",
            lambda m: f"-{m.group(1)}" if m.group(1) else "",
            request.node.name,
        )
        name = re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-")
        if suffix:
            name = f"{name}-{suffix}"
        if around is not None:
            around.scroll_into_view_if_needed()
        SCREENSHOTS.mkdir(exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return save


@pytest.fixture
def watch_dialogs() -> Callable[[Page], list[str]]:
    """Record every dialog a page opens (alert, confirm, beforeunload...) and dismiss it."""

    def watch(page: Page) -> list[str]:
        seen: list[str] = []

        def on_dialog(dialog: Dialog) -> None:
            seen.append(f"{dialog.type}: {dialog.message}")
            dialog.dismiss()

        page.on("dialog", on_dialog)
        return seen

    return watch


def _sign_in(page: Page, live_app: Flask, name: str, display_name: str) -> None:
    """Sign in as ``name`` through the login form, coming back to the current page."""

    def store() -> None:
        with live_app.app_context():
            exists = db.session.scalars(select(User).where(User.name == name)).first()
        if exists is None:
            add_user(live_app, name, "translator" if name != "ada" else "admin", display_name)

    off_the_loop(store)
    here = urlsplit(page.url) if page.url.startswith("http") else None
    back = "/"
    if here is not None:
        if here.path in ("/login", "/setup"):
            back = parse_qs(here.query).get("next", ["/"])[0]
        else:
            back = here.path + (f"?{here.query}" if here.query else "")
        menu = page.locator("header .user-menu")
        if menu.count():
            # The header's button: the account page has more that sign out.
            menu.get_by_role("button", name="Sign out").click()
            expect(page.locator("input[name=password]")).to_be_visible()
    page.goto(f"/login?next={quote(back)}")
    page.get_by_label("Name").fill(name)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("header .who-name")).to_have_text(display_name)
    # Journeys start on a page whose scripts have run (module scripts run before "load").
    page.wait_for_load_state("load")


@pytest.fixture
def page(page: Page, live_app: Flask) -> Page:
    """Every journey starts signed in, as Ada, an administrator."""
    _sign_in(page, live_app, "ada", "Ada Admin")
    return page


@pytest.fixture
def set_display_name(live_app: Flask) -> Callable[[Page, str], None]:
    """Sign in as an editor called ``name`` (a translator), as a person would."""

    def set_name(page: Page, name: str) -> None:
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        _sign_in(page, live_app, slug, name)

    return set_name
