"""The machine-translation settings page: which providers are ready, what an
administrator may change, keys that are never shown again, and the
"Test connection" button, against the loopback fake."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from flask import Flask
from sqlalchemy import select
from werkzeug.test import TestResponse

from tests.support import fake_mt as fakes
from tests.support.app import app_builder
from tests.support.client import Client, signed_in
from tests.support.fake_mt import DEEPL_KEY, LIBRE_KEY, FakeMT, echo
from tests.support.pages import soup
from workbench.extensions import db
from workbench.machine.models import MachineSetting
from workbench.machine.views import TEST_SENTENCE

# A key only the environment knows (the fake accepts no other for LibreTranslate).
CONFIG_LIBRE_KEY = LIBRE_KEY
CONFIG_MICROSOFT_KEY = "config-microsoft-secret-4711"
LABELS = {
    "google": "Google Translate",
    "mymemory": "MyMemory",
    "libretranslate": "LibreTranslate",
    "deepl": "DeepL",
    "microsoft": "Microsoft Translator",
}
DEEPL_MISSING = "Set WORKBENCH_DEEPL_KEY to use DeepL."
# What the page can know without asking the service: the settings are there.
SET_UP = "✓ set up · not tested yet"
ADMIN_ONLY = "Only an administrator can change machine-translation settings."

AppFactory = Callable[..., Flask]


@pytest.fixture
def mt_app(app: Flask, database_url: str, tmp_path: Path, fake_mt: FakeMT) -> Iterator[AppFactory]:
    """Apps on the test database whose LibreTranslate and DeepL are the fake.

    The environment gives a LibreTranslate key and a Microsoft key, and no DeepL key.
    """
    with app_builder(
        app,
        database_url,
        tmp_path,
        MT_PROVIDER="libretranslate",
        MT_TIMEOUT=1,
        MT_RETRIES=0,
        LIBRETRANSLATE_URL=fake_mt.url + "/",
        LIBRETRANSLATE_KEY=CONFIG_LIBRE_KEY,
        DEEPL_KEY=None,
        DEEPL_SERVER_URL=fake_mt.url,
        MICROSOFT_KEY=CONFIG_MICROSOFT_KEY,
        MICROSOFT_REGION=None,
        MYMEMORY_EMAIL=None,
    ) as build:
        yield build


# ---------------------------------------------------------------- helpers


def words(tag: Tag | BeautifulSoup | None) -> str:
    assert tag is not None
    return " ".join(tag.get_text(" ", strip=True).split())


def provider_rows(page: BeautifulSoup) -> dict[str, str]:
    """Provider label -> its status sentence, from the providers table."""
    rows: dict[str, str] = {}
    for tr in page.select("table.providers tbody tr"):
        cells = tr.find_all("td")
        label = words(cells[0]).removesuffix(" default")
        rows[label] = words(cells[1])
    return rows


def default_label(page: BeautifulSoup) -> str:
    for tr in page.select("table.providers tbody tr"):
        first = tr.find("td")
        assert isinstance(first, Tag)
        if first.select_one(".role"):
            return words(first).removesuffix(" default")
    raise AssertionError("no provider is marked as the default")


def settings_form(page: BeautifulSoup) -> dict[str, str]:
    """The values the settings form would send as it stands, like a browser."""
    form = page.select_one("form.settings-form")
    assert form is not None, "the page has no settings form"
    data: dict[str, str] = {}
    for field in form.select("input[name], select[name]"):
        name = str(field["name"])
        if name == "csrf_token" or field.get("type") == "checkbox":
            continue
        if field.name == "select":
            chosen = field.select_one("option[selected]") or field.select_one("option")
            assert chosen is not None
            data[name] = str(chosen["value"])
        else:
            data[name] = str(field.get("value", ""))
    return data


def field_source(page: BeautifulSoup, key: str) -> str:
    """What the page says about a setting: "set · environment", "not set · set here"..."""
    setting = page.select_one(f"#setting-{key}")
    assert setting is not None
    parent = setting.find_parent("div", class_="setting")
    assert isinstance(parent, Tag)
    return words(parent.select_one(".setting-source"))


def stored_settings(app: Flask) -> dict[str, str]:
    with app.app_context():
        return {row.key: row.value for row in db.session.scalars(select(MachineSetting))}


def page_of(client: Client) -> BeautifulSoup:
    response = client.get("/settings/machine")
    assert response.status_code == 200
    return soup(response)


def save(client: Client, **changes: str) -> TestResponse:
    """Post the settings form as it stands, with ``changes`` typed in."""
    data = settings_form(page_of(client))
    data.update(changes)
    return client.post("/settings/machine", data)


def try_provider(client: Client, provider: str, *, hx: bool) -> TestResponse:
    return client.post("/settings/machine/test", {"provider": provider}, hx=hx)


def assert_no_secret(response: TestResponse, *secrets: str) -> None:
    body = response.get_data(as_text=True)
    for secret in (CONFIG_LIBRE_KEY, CONFIG_MICROSOFT_KEY, *secrets):
        assert secret not in body, f"the page shows the key {secret!r}"


# ---------------------------------------------------------------- the page


@pytest.mark.parametrize("name", ["ada", "rita", "tom"])
def test_the_page_lists_the_five_providers_and_what_each_needs(
    mt_app: AppFactory, name: str
) -> None:
    app = mt_app()
    page = page_of(signed_in(app, name))

    rows = provider_rows(page)
    assert list(rows) == list(LABELS.values())
    assert rows == {
        "Google Translate": SET_UP,
        "MyMemory": SET_UP,
        "LibreTranslate": SET_UP,
        "DeepL": f"✕ {DEEPL_MISSING}",
        "Microsoft Translator": SET_UP,
    }
    assert default_label(page) == "LibreTranslate"
    for tr in page.select("table.providers tbody tr"):
        button = tr.find("button", string="Test connection")
        assert isinstance(button, Tag)
        label = words(tr.find("td")).removesuffix(" default")
        assert button.has_attr("disabled") == (label == "DeepL")


def test_a_provider_without_its_address_says_what_is_missing(mt_app: AppFactory) -> None:
    app = mt_app(LIBRETRANSLATE_URL=None, MICROSOFT_KEY=None)
    rows = provider_rows(page_of(signed_in(app, "tom")))
    assert rows["LibreTranslate"] == "✕ Set WORKBENCH_LIBRETRANSLATE_URL to use LibreTranslate."
    assert rows["Microsoft Translator"].startswith("✕ Set WORKBENCH_MICROSOFT_KEY")


@pytest.mark.parametrize("name", ["ada", "rita", "tom"])
def test_keys_from_the_environment_are_never_shown(mt_app: AppFactory, name: str) -> None:
    app = mt_app()
    client = signed_in(app, name)
    response = client.get("/settings/machine")
    assert response.status_code == 200
    assert_no_secret(response)
    page = soup(response)
    if name == "ada":
        assert field_source(page, "LIBRETRANSLATE_KEY") == "set · environment"
        assert field_source(page, "DEEPL_KEY") == "not set · environment"
        key_input = page.select_one("input#setting-LIBRETRANSLATE_KEY")
        assert key_input is not None
        assert key_input["type"] == "password" and not key_input.get("value")
        assert key_input["placeholder"] == "set (hidden)"
    else:
        assert page.select_one("form.settings-form") is None
        assert "Only an administrator changes these settings." in words(page)
        assert "LibreTranslate API key: set" in words(page.select_one("ul.settings-list"))


# ---------------------------------------------------------------- saving


def test_the_admin_saves_an_address_and_a_key_that_is_never_shown_back(
    mt_app: AppFactory, fake_mt: FakeMT
) -> None:
    # The environment points at a server that is not there; Ada fixes it.
    app = mt_app(LIBRETRANSLATE_URL=fake_mt.refused_url + "/")
    ada = signed_in(app, "ada")

    response = save(ada, LIBRETRANSLATE_URL=fake_mt.url + "/", DEEPL_KEY=DEEPL_KEY)

    assert response.status_code == 200
    assert_no_secret(response, DEEPL_KEY)
    page = soup(response)
    assert "Settings saved." in words(page.select_one("p.notice"))
    assert stored_settings(app) == {"LIBRETRANSLATE_URL": fake_mt.url + "/", "DEEPL_KEY": DEEPL_KEY}
    url_input = page.select_one("input#setting-LIBRETRANSLATE_URL")
    assert url_input is not None and url_input["value"] == fake_mt.url + "/"
    assert field_source(page, "LIBRETRANSLATE_URL") == "set · set here"
    assert field_source(page, "DEEPL_KEY") == "set · set here"
    assert provider_rows(page)["DeepL"] == SET_UP
    with app.app_context():
        row = db.session.get(MachineSetting, "DEEPL_KEY")
        assert row is not None and row.updated_by == "Ada Admin"

    # Every page, for every role, keeps the key to itself.
    for name in ("ada", "rita", "tom"):
        assert_no_secret(signed_in(app, name).get("/settings/machine"), DEEPL_KEY)
        assert_no_secret(try_provider(signed_in(app, name), "deepl", hx=True), DEEPL_KEY)

    # The saved settings are the ones used: both services answer through the fake.
    before = fake_mt.requests
    for provider in ("libretranslate", "deepl"):
        tested = try_provider(ada, provider, hx=True)
        assert words(soup(tested).select_one("p.test-result.ok")) == f"✓ {echo(TEST_SENTENCE)}"
    assert fake_mt.requests == before + 2


def test_a_blank_key_keeps_the_stored_one(mt_app: AppFactory, fake_mt: FakeMT) -> None:
    app = mt_app()
    ada = signed_in(app, "ada")
    assert save(ada, DEEPL_KEY=DEEPL_KEY).status_code == 200

    again = save(ada, DEEPL_KEY="", MICROSOFT_REGION="westeurope")

    assert again.status_code == 200
    assert stored_settings(app) == {"DEEPL_KEY": DEEPL_KEY, "MICROSOFT_REGION": "westeurope"}
    assert field_source(soup(again), "DEEPL_KEY") == "set · set here"
    tested = try_provider(ada, "deepl", hx=True)
    assert words(soup(tested).select_one("p.test-result.ok")) == f"✓ {echo(TEST_SENTENCE)}"


def test_clearing_returns_to_the_environments_value(mt_app: AppFactory, fake_mt: FakeMT) -> None:
    app = mt_app()
    ada = signed_in(app, "ada")
    other = "http://translate.example.org/"
    assert save(ada, LIBRETRANSLATE_URL=other, DEEPL_KEY=DEEPL_KEY).status_code == 200
    page = page_of(ada)
    assert set(stored_settings(app)) == {"LIBRETRANSLATE_URL", "DEEPL_KEY"}
    for key in ("LIBRETRANSLATE_URL", "DEEPL_KEY"):
        assert page.select_one(f'input[type=checkbox][name="clear-{key}"]') is not None

    response = save(ada, **{"clear-DEEPL_KEY": "1", "clear-LIBRETRANSLATE_URL": "1"})

    assert response.status_code == 200
    assert stored_settings(app) == {}
    page = soup(response)
    assert provider_rows(page)["DeepL"] == f"✕ {DEEPL_MISSING}"
    assert field_source(page, "DEEPL_KEY") == "not set · environment"
    url_input = page.select_one("input#setting-LIBRETRANSLATE_URL")
    assert url_input is not None and url_input["value"] == fake_mt.url + "/"
    assert field_source(page, "LIBRETRANSLATE_URL") == "set · environment"
    assert page.select_one('input[name="clear-DEEPL_KEY"]') is None


@pytest.mark.parametrize(
    ("changes", "sentence"),
    [
        (
            {"LIBRETRANSLATE_URL": "ftp://translate.example.org/"},
            "The LibreTranslate URL must start with http:// or https://.",
        ),
        (
            {"LIBRETRANSLATE_URL": "javascript:alert(1)"},
            "The LibreTranslate URL must start with http:// or https://.",
        ),
        ({"MT_PROVIDER": "babelfish"}, "There is no provider called 'babelfish'."),
    ],
    ids=["ftp url", "javascript url", "unknown provider"],
)
def test_bad_settings_are_refused_and_nothing_is_stored(
    mt_app: AppFactory, changes: dict[str, str], sentence: str
) -> None:
    app = mt_app()
    ada = signed_in(app, "ada")
    typed = {"MT_PROVIDER": "google", "DEEPL_KEY": DEEPL_KEY, "MICROSOFT_REGION": "japaneast"}
    typed.update(changes)

    response = save(ada, **typed)

    assert response.status_code == 422
    assert sentence in words(soup(response).select_one("p.error"))
    assert_no_secret(response, DEEPL_KEY)
    assert stored_settings(app) == {}
    page = page_of(ada)
    assert default_label(page) == "LibreTranslate"
    assert provider_rows(page)["DeepL"] == f"✕ {DEEPL_MISSING}"


@pytest.mark.parametrize("name", ["rita", "tom"])
def test_only_an_admin_may_change_settings(mt_app: AppFactory, name: str) -> None:
    app = mt_app()
    client = signed_in(app, name)
    response = client.post(
        "/settings/machine",
        {
            "MT_PROVIDER": "google",
            "LIBRETRANSLATE_URL": "http://translate.example.org/",
            "DEEPL_KEY": DEEPL_KEY,
        },
    )
    assert response.status_code == 403
    assert ADMIN_ONLY in words(soup(response))
    assert stored_settings(app) == {}


# ---------------------------------------------------------------- test connection


def test_test_connection_shows_the_fakes_translation(mt_app: AppFactory, fake_mt: FakeMT) -> None:
    app = mt_app()
    tom = signed_in(app, "tom")

    partial = try_provider(tom, "libretranslate", hx=True)

    assert partial.status_code == 200
    result = soup(partial).select_one("p.test-result")
    assert result is not None and "ok" in result["class"]
    assert words(result) == f"✓ {echo(TEST_SENTENCE)}"
    assert fake_mt.texts == [TEST_SENTENCE]
    assert fake_mt.received[0]["params"].get("api_key") == CONFIG_LIBRE_KEY
    assert_no_secret(partial)

    full = try_provider(tom, "libretranslate", hx=False)

    assert full.status_code == 200
    page = soup(full)
    assert page.select_one("table.providers") is not None  # the whole page
    slot = page.select_one("#test-libretranslate")
    assert words(slot) == f"✓ {echo(TEST_SENTENCE)}"
    assert words(page.select_one("#test-google")) == ""
    assert_no_secret(full)


@pytest.mark.parametrize("hx", [True, False], ids=["htmx", "page"])
def test_test_connection_says_when_the_service_fails(
    mt_app: AppFactory, fake_mt: FakeMT, hx: bool
) -> None:
    app = mt_app()
    tom = signed_in(app, "tom")
    fake_mt.set_mode("500")

    response = try_provider(tom, "libretranslate", hx=hx)

    assert response.status_code == 200
    page = soup(response)
    error = (
        page.select_one("#test-libretranslate p.error") if not hx else page.select_one("p.error")
    )
    assert words(error) == "LibreTranslate had a server error (HTTP 500); retry in a moment."
    assert fake_mt.requests == 1  # a test is one request, without retries


def test_test_connection_says_when_the_server_refuses_the_connection(
    mt_app: AppFactory, fake_mt: FakeMT
) -> None:
    app = mt_app(LIBRETRANSLATE_URL=fake_mt.refused_url + "/")
    response = try_provider(signed_in(app, "tom"), "libretranslate", hx=True)
    assert response.status_code == 200
    assert words(soup(response).select_one("p.error")) == (
        f"LibreTranslate at {fake_mt.refused_url} refused the connection: is the server running?"
    )
    assert fake_mt.requests == 0


def test_google_without_a_network_is_not_called_ready(
    mt_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Google at its real address, on a machine where no name resolves.
    fakes.no_dns(monkeypatch)
    app = mt_app()
    tom = signed_in(app, "tom")
    assert provider_rows(page_of(tom))["Google Translate"] == SET_UP

    response = try_provider(tom, "google", hx=True)

    assert response.status_code == 200
    page = soup(response)
    assert page.select_one("p.test-result.ok") is None
    assert words(page.select_one("p.error")) == (
        "Cannot resolve translate.google.com: no network or no DNS, "
        "so Google Translate cannot be reached."
    )


def test_test_connection_of_a_dripping_service_ends_at_the_deadline(
    mt_app: AppFactory, fake_mt: FakeMT
) -> None:
    app = mt_app(MT_TIMEOUT=2)  # longer than the drip's second between bytes
    fake_mt.set_mode("drip")
    response = try_provider(signed_in(app, "tom"), "libretranslate", hx=True)
    assert response.status_code == 200
    assert words(soup(response).select_one("p.error")) == (
        "LibreTranslate was still sending its answer after 2 s; it was abandoned and "
        "nothing was stored."
    )


@pytest.mark.parametrize("hx", [True, False], ids=["htmx", "page"])
def test_test_connection_of_a_provider_not_set_up_says_what_is_missing(
    mt_app: AppFactory, fake_mt: FakeMT, hx: bool
) -> None:
    app = mt_app()
    response = try_provider(signed_in(app, "tom"), "deepl", hx=hx)
    assert response.status_code == 200
    page = soup(response)
    error = page.select_one("#test-deepl p.error") if not hx else page.select_one("p.error")
    assert words(error) == DEEPL_MISSING
    assert fake_mt.requests == 0


def test_test_connection_of_an_unknown_provider_is_refused(
    mt_app: AppFactory, fake_mt: FakeMT
) -> None:
    app = mt_app()
    response = try_provider(signed_in(app, "tom"), "babelfish", hx=True)
    assert response.status_code == 422
    assert "There is no provider called 'babelfish'." in words(soup(response))
    assert fake_mt.requests == 0


def test_anonymous_visitors_see_no_settings(mt_app: AppFactory, fake_mt: FakeMT) -> None:
    app = mt_app()
    signed_in(app, "ada")  # the workbench has an administrator
    visitor = Client(app.test_client(), app)
    page = visitor.get("/settings/machine")
    assert page.status_code == 303 and "/login" in page.headers["Location"]
    assert (
        visitor.post("/settings/machine/test", {"provider": "libretranslate"}, hx=True).status_code
        == 401
    )
    assert visitor.post("/settings/machine", {"DEEPL_KEY": DEEPL_KEY}, hx=True).status_code == 401
    assert stored_settings(app) == {}
    assert fake_mt.requests == 0
