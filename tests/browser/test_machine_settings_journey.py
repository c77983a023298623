"""The machine-translation settings page in a browser: an administrator points
LibreTranslate at a server that is not running, and "Test connection" says
exactly that, where a provider's row only claims what the page can know."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.support import fake_mt as fakes

pytestmark = pytest.mark.browser


def test_testing_a_server_that_is_not_running_says_it_refused(
    page: Page, screenshot: Callable[..., Path]
) -> None:
    with fakes.FakeMT() as fake:
        nobody = fake.refused_url  # a loopback port nothing listens on
        page.goto("/settings/machine")
        libre = page.locator("table.providers tbody tr", has_text="LibreTranslate")
        expect(libre.locator("td").nth(1)).to_contain_text("Set WORKBENCH_LIBRETRANSLATE_URL")
        google = page.locator("table.providers tbody tr", has_text="Google Translate")
        expect(google.locator("td").nth(1)).to_have_text("✓ set up · not tested yet")

        page.get_by_label("LibreTranslate server URL").fill(nobody + "/")
        page.get_by_role("button", name="Save settings").click()
        expect(page.get_by_role("status").filter(has_text="Settings saved.")).to_be_visible()
        libre = page.locator("table.providers tbody tr", has_text="LibreTranslate")
        # Set up is all the page knows before anything was sent.
        expect(libre.locator("td").nth(1)).to_have_text("✓ set up · not tested yet")

        libre.get_by_role("button", name="Test connection").click()

        result = libre.locator(".provider-test .test-result")
        expect(result).to_have_text(
            f"LibreTranslate at {nobody} refused the connection: is the server running?"
        )
        expect(result).to_have_attribute("role", "alert")
        expect(libre.locator(".provider-test .test-result.ok")).to_have_count(0)
        assert fake.requests == 0
        screenshot(page, around=libre)
