"""The translation memory in the browser: a TMX file uploaded on the memory page is
counted at once, its sentence shown; the memory comes back down as a TMX file that
holds the entry; a file in other languages is refused with a sentence."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.support.troubles import watch_troubles
from workbench.memory import exchange

pytestmark = pytest.mark.browser


def _tmx(units: list[tuple[str, str]], langs: tuple[str, str] = ("ja-JP", "en-US")) -> bytes:
    body = "".join(
        f'<tu><tuv xml:lang="{langs[0]}"><seg>{ja}</seg></tuv>'
        f'<tuv xml:lang="{langs[1]}"><seg>{en}</seg></tuv></tu>'
        for ja, en in units
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="ja-JP" '
        'datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="t" creationtool="t" '
        f'creationtoolversion="1"/><body>{body}</body></tmx>'
    ).encode()


def test_import_a_tmx_and_download_the_memory(
    page: Page, screenshot: Callable[..., Path], tmp_path: Path
) -> None:
    troubles = watch_troubles(page)
    good = tmp_path / "kansai.tmx"
    good.write_bytes(
        _tmx([("東京駅に着いた。", "We reached Tokyo Station."), ("大阪城", "Osaka Castle")])
    )
    wrong = tmp_path / "fr-de.tmx"
    wrong.write_bytes(_tmx([("Bonjour", "Hallo")], langs=("fr", "de")))

    page.goto("/")
    page.locator("nav.user-menu").get_by_role("link", name="Memory").click()
    expect(page.get_by_role("heading", name="Translation memory")).to_be_visible()
    panel = page.locator("section.memory-panel")
    expect(panel.locator("tr.total td.num")).to_have_text("0")

    panel.get_by_label("Memory file").set_input_files(str(good))
    panel.get_by_role("button", name="Import").click()
    panel = page.locator("section.memory-panel")
    expect(panel.get_by_role("status")).to_have_text("Added 2 entries.")
    expect(panel.locator("tr.total td.num")).to_have_text("2")
    expect(panel.locator("ul.memory-files")).to_contain_text("kansai.tmx")

    # The same file again: nothing new.
    panel.get_by_label("Memory file").set_input_files(str(good))
    panel.get_by_role("button", name="Import").click()
    expect(page.locator("section.memory-panel").get_by_role("status")).to_have_text(
        "Added 0 entries, skipped 2 already in the memory."
    )

    # A French → German memory is refused, and the counts stay.
    panel = page.locator("section.memory-panel")
    panel.get_by_label("Memory file").set_input_files(str(wrong))
    panel.get_by_role("button", name="Import").click()
    alert = page.locator("section.memory-panel").get_by_role("alert")
    expect(alert).to_contain_text(
        "“fr-de.tmx” is a French → German memory; the workbench takes Japanese → English."
    )
    expect(alert).to_contain_text("Nothing was imported.")
    expect(page.locator("section.memory-panel tr.total td.num")).to_have_text("2")

    with page.expect_download() as info:
        page.get_by_role("link", name="TMX").click()
    download = info.value
    assert download.suggested_filename.startswith("memory-")
    assert download.suggested_filename.endswith(".tmx")
    data = Path(download.path()).read_bytes()
    read = exchange.read_tmx(data, "memory.tmx")
    assert [(e.source, e.target) for e in read.entries] == [
        ("東京駅に着いた。", "We reached Tokyo Station."),
        ("大阪城", "Osaka Castle"),
    ]

    troubles.check()
    troubles.forget_screenshot(page)
    screenshot(page, "1280")
    page.set_viewport_size({"width": 800, "height": 900})
    screenshot(page, "800")
