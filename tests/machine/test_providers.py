"""Machine-translation providers and the drafting wrapper, against a loopback fake.

The real client classes (deep-translator's and the official deepl package)
run in every test; nothing touches the internet.
"""

from __future__ import annotations

import pickle
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
import requests

from tests.support import fake_mt as fakes
from tests.support.fake_mt import (
    DEEPL_KEY,
    LIBRE_KEY,
    MICROSOFT_KEY,
    FakeMT,
    echo,
    point_providers_at,
)
from workbench.machine import settings as machine_settings
from workbench.machine.drafting_text import (
    backoff_delay,
    chunks,
    join,
    needs_no_request,
    translate_text,
)
from workbench.machine.errors import MachineError
from workbench.machine.providers import (
    PROVIDERS,
    Provider,
    ProviderSettings,
    Suggestion,
    get_provider,
    parse_retry_after,
)

# The fixture, under the name the tests ask for (a module-level fixture is found by name).

ALL = ["google", "mymemory", "libretranslate", "deepl", "microsoft"]
SENTENCE = "今日は晴れです。"


@pytest.fixture
def settings(monkeypatch: pytest.MonkeyPatch, fake_mt: FakeMT) -> ProviderSettings:
    return point_providers_at(monkeypatch, fake_mt)


def failure(name: str, settings: ProviderSettings, text: str = SENTENCE) -> MachineError:
    with pytest.raises(MachineError) as caught:
        get_provider(name).translate(text, settings)
    error = caught.value
    assert error.provider == name
    assert get_provider(name).label in error.message
    return error


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 20.0) -> None:
    """Wait until ``condition`` holds (a generous bound, not a timing assertion)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.02)


class Sleeps:
    """An injected sleep that records instead of waiting."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


# -- success through the real library classes -------------------------------


@pytest.mark.parametrize("name", ALL)
def test_each_provider_translates_through_its_real_client(
    name: str, settings: ProviderSettings, fake_mt: FakeMT
) -> None:
    assert get_provider(name).translate(SENTENCE, settings) == echo(SENTENCE)
    assert fake_mt.requests == 1  # one request per call, none hidden in a constructor
    assert fake_mt.texts == [SENTENCE]


def test_mymemory_receives_rfc3066_codes_and_the_email(
    settings: ProviderSettings, fake_mt: FakeMT
) -> None:
    get_provider("mymemory").translate(SENTENCE, settings)
    params = fake_mt.received[0]["params"]
    assert params["langpair"] == "ja-JP|en-US"
    assert params["de"] == "tests@example.invalid"


def test_deepl_sends_the_key_in_a_header_and_a_regional_english(
    settings: ProviderSettings, fake_mt: FakeMT
) -> None:
    get_provider("deepl").translate(SENTENCE, settings)
    request = fake_mt.received[0]
    assert request["headers"]["Authorization"] == f"DeepL-Auth-Key {DEEPL_KEY}"
    assert request["params"]["source_lang"] == "JA"
    assert request["params"]["target_lang"] == "EN-US"
    assert request["params"]["text"] == [SENTENCE]


def test_libre_sends_the_key_and_works_without_one(
    settings: ProviderSettings, fake_mt: FakeMT
) -> None:
    libre = get_provider("libretranslate")
    libre.translate(SENTENCE, settings)
    assert fake_mt.received[0]["params"]["api_key"] == LIBRE_KEY
    assert fake_mt.received[0]["params"]["source"] == "ja"

    settings.libretranslate_key = None
    settings.libretranslate_url = fake_mt.url  # no trailing slash: added
    assert libre.translate(SENTENCE, settings) == echo(SENTENCE)
    assert "api_key" not in fake_mt.received[1]["params"]


def test_microsoft_sends_key_and_region(settings: ProviderSettings, fake_mt: FakeMT) -> None:
    get_provider("microsoft").translate(SENTENCE, settings)
    request = fake_mt.received[0]
    assert request["headers"]["Ocp-Apim-Subscription-Key"] == MICROSOFT_KEY
    assert request["headers"]["Ocp-Apim-Subscription-Region"] == "westeurope"
    assert (request["params"]["from"], request["params"]["to"]) == ("ja", "en")


# -- every failure becomes one MachineError with a sentence -----------------


@pytest.mark.parametrize("name", ALL)
def test_429_is_retryable_and_carries_retry_after(
    name: str, settings: ProviderSettings, fake_mt: FakeMT
) -> None:
    fake_mt.set_mode("429", retry_after=7)
    error = failure(name, settings)
    assert (error.kind, error.retryable, error.retry_after, error.status) == (
        "rate_limited",
        True,
        7.0,
        429,
    )
    assert "HTTP 429" in error.message and "retry in 7 s" in error.message


@pytest.mark.parametrize("name", ALL)
def test_500_is_a_retryable_server_error(
    name: str, settings: ProviderSettings, fake_mt: FakeMT
) -> None:
    fake_mt.set_mode("500")
    error = failure(name, settings)
    assert (error.kind, error.retryable, error.status) == ("server_error", True, 500)
    assert "HTTP 500" in error.message


@pytest.mark.parametrize("name", ALL)
def test_a_garbled_answer_is_a_bad_answer(
    name: str, settings: ProviderSettings, fake_mt: FakeMT
) -> None:
    fake_mt.set_mode("invalid_json")
    error = failure(name, settings)
    assert error.kind == "bad_answer"
    assert not error.retryable


@pytest.mark.parametrize("name", ALL)
def test_a_server_that_never_answers_times_out(
    name: str, settings: ProviderSettings, fake_mt: FakeMT
) -> None:
    fake_mt.set_mode("hang")
    started = time.monotonic()
    error = failure(name, settings)
    assert time.monotonic() - started < 20  # it ends; the fake would hang for 60 s
    assert (error.kind, error.retryable) == ("timeout", True)
    assert "did not answer within 1 s" in error.message


@pytest.mark.parametrize("name", ALL)
def test_a_refused_connection_says_so_and_is_retryable(
    name: str, monkeypatch: pytest.MonkeyPatch, fake_mt: FakeMT
) -> None:
    settings = point_providers_at(monkeypatch, fake_mt, base_url=fake_mt.refused_url)
    error = failure(name, settings)
    assert (error.kind, error.retryable) == ("unreachable", True)
    label = get_provider(name).label
    assert error.message == (
        f"{label} at {fake_mt.refused_url} refused the connection: is the server running?"
    )
    assert "network is unreachable" not in error.message.lower()
    assert fake_mt.requests == 0


@pytest.mark.parametrize("name", ALL)
def test_no_route_to_the_service_is_an_unreachable_network(
    name: str, monkeypatch: pytest.MonkeyPatch, fake_mt: FakeMT
) -> None:
    nowhere = fakes.no_route(monkeypatch)
    settings = point_providers_at(monkeypatch, fake_mt, base_url=nowhere)
    error = failure(name, settings)
    assert (error.kind, error.retryable) == ("unreachable", True)
    host = nowhere.removeprefix("http://")
    label = get_provider(name).label
    assert error.message == (f"The network is unreachable: there is no route to {label} at {host}.")


@pytest.mark.parametrize("name", ALL)
def test_a_name_that_cannot_be_resolved_says_no_network_or_dns(
    name: str, monkeypatch: pytest.MonkeyPatch, fake_mt: FakeMT
) -> None:
    fakes.no_dns(monkeypatch)
    settings = point_providers_at(monkeypatch, fake_mt, base_url="http://mt.example.invalid:8080")
    error = failure(name, settings)
    assert (error.kind, error.retryable) == ("unreachable", True)
    label = get_provider(name).label
    assert error.message == (
        f"Cannot resolve mt.example.invalid: no network or no DNS, so {label} cannot be reached."
    )


def test_google_without_a_network_cannot_resolve_its_own_address(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Google's real address, as an installation uses it; the name does not resolve.
    fakes.no_dns(monkeypatch)
    error = failure("google", ProviderSettings(timeout=1))
    assert error.message == (
        "Cannot resolve translate.google.com: no network or no DNS, "
        "so Google Translate cannot be reached."
    )


# -- a total deadline, a size cap and a stop switch for every request ---------


@pytest.mark.parametrize("name", ALL)
def test_a_dripping_answer_is_abandoned_at_the_deadline(
    name: str, settings: ProviderSettings, fake_mt: FakeMT
) -> None:
    # One byte a second never trips a 2 s read timeout: only a total deadline ends it.
    settings.timeout = 2
    fake_mt.set_mode("drip")
    error = failure(name, settings)
    assert (error.kind, error.retryable) == ("timeout", True)
    label = get_provider(name).label
    assert error.message == (
        f"{label} was still sending its answer after 2 s; it was abandoned and nothing was stored."
    )
    wait_for(lambda: fake_mt.abandoned == 1, "the client to hang up on the dripping answer")
    assert fake_mt.requests == 1


@pytest.mark.parametrize("name", ALL)
def test_a_huge_answer_is_refused_not_returned(
    name: str, settings: ProviderSettings, fake_mt: FakeMT
) -> None:
    fake_mt.set_mode("huge")  # 10 MB, its length not announced
    # A deadline far away: on a busy machine the short default could end the read
    # before the size cap does, and this test is about the cap.
    settings.timeout = 30
    error = failure(name, settings)
    assert (error.kind, error.retryable) == ("bad_answer", False)
    label = get_provider(name).label
    assert error.message == (
        f"The answer from {label} was too large (over 1 MB); nothing was stored."
    )


def test_a_huge_answer_announced_in_advance_is_not_read_at_all(
    settings: ProviderSettings, fake_mt: FakeMT
) -> None:
    fake_mt.set_mode("huge", declared=True)
    error = failure("libretranslate", settings)
    assert error.message == (
        "The answer from LibreTranslate was too large (10 MB); nothing was stored."
    )


@pytest.mark.parametrize("name", ["google", "deepl"])
def test_an_answer_far_longer_than_its_text_is_refused(
    name: str, settings: ProviderSettings, fake_mt: FakeMT
) -> None:
    fake_mt.set_mode("huge", size=200_000)  # under the size cap, absurd for 8 characters
    error = failure(name, settings)
    assert error.kind == "bad_answer"
    label = get_provider(name).label
    assert error.message.startswith(f"The answer from {label} is far longer than its text (")
    assert error.message.endswith("); nothing was stored.")


@pytest.mark.parametrize("name", ALL)
def test_stop_abandons_a_request_in_flight(
    name: str, settings: ProviderSettings, fake_mt: FakeMT
) -> None:
    settings.timeout = 60  # only the stop switch can end this request soon
    fake_mt.set_mode("drip")
    stop = threading.Event()
    outcome: list[BaseException | str] = []

    def call() -> None:
        try:
            outcome.append(get_provider(name).translate(SENTENCE, settings, stop=stop))
        except MachineError as error:
            outcome.append(error)

    worker = threading.Thread(target=call)
    worker.start()
    wait_for(lambda: fake_mt.requests == 1, "the request to reach the fake")
    stop.set()
    worker.join(timeout=20)
    assert not worker.is_alive(), "the request went on after it was stopped"
    [error] = outcome
    assert isinstance(error, MachineError)
    assert (error.kind, error.retryable) == ("cancelled", False)
    wait_for(lambda: fake_mt.abandoned == 1, "the client to hang up")


def test_a_stopped_call_sends_nothing(settings: ProviderSettings, fake_mt: FakeMT) -> None:
    stop = threading.Event()
    stop.set()
    with pytest.raises(MachineError) as caught:
        translate_text(get_provider("google"), SENTENCE, settings, stop=stop)
    assert caught.value.kind == "cancelled"
    assert fake_mt.requests == 0


def test_stop_ends_the_wait_before_a_retry(settings: ProviderSettings, fake_mt: FakeMT) -> None:
    fake_mt.set_mode("429", retry_after=50)
    stop = threading.Event()
    outcome: list[MachineError] = []

    def call() -> None:
        try:
            translate_text(get_provider("libretranslate"), SENTENCE, settings, stop=stop)
        except MachineError as error:
            outcome.append(error)

    worker = threading.Thread(target=call)
    worker.start()
    wait_for(lambda: fake_mt.requests == 1, "the first attempt")
    stop.set()
    worker.join(timeout=20)
    assert not worker.is_alive(), "the retry wait went on after the stop"
    assert [e.kind for e in outcome] == ["cancelled"]
    assert fake_mt.requests == 1


@pytest.mark.parametrize("name", ALL)
def test_a_dropped_connection_is_unreachable(
    name: str, settings: ProviderSettings, fake_mt: FakeMT
) -> None:
    fake_mt.set_mode("drop")
    error = failure(name, settings)
    assert (error.kind, error.retryable) == ("unreachable", True)
    assert "closed the connection without answering" in error.message


@pytest.mark.parametrize("name", ALL)
def test_a_wrong_address_says_so_without_leaking_the_query(
    name: str, settings: ProviderSettings, fake_mt: FakeMT
) -> None:
    fake_mt.set_mode("404")
    error = failure(name, settings)
    assert (error.kind, error.retryable, error.status) == ("unknown", False, 404)
    assert "check the address" in error.message
    assert "?" not in error.message and LIBRE_KEY not in error.message


@pytest.mark.parametrize("status", ["401", "403"])
@pytest.mark.parametrize("name", ALL)
def test_a_refused_key_is_final(
    name: str, status: str, settings: ProviderSettings, fake_mt: FakeMT
) -> None:
    fake_mt.set_mode(status)
    error = failure(name, settings)
    assert (error.kind, error.retryable, error.status) == ("auth", False, int(status))
    if get_provider(name).key_setting:
        assert "refused the API key" in error.message
        assert str(get_provider(name).key_setting) in error.message


@pytest.mark.parametrize("name", ["deepl", "libretranslate", "microsoft"])
def test_a_wrong_key_is_refused(name: str, settings: ProviderSettings) -> None:
    settings.deepl_key = settings.libretranslate_key = settings.microsoft_key = "wrong"
    assert failure(name, settings).kind == "auth"


@pytest.mark.parametrize("name", ["deepl", "mymemory"])
def test_a_used_up_quota_is_final(name: str, settings: ProviderSettings, fake_mt: FakeMT) -> None:
    fake_mt.set_mode("quota")
    error = failure(name, settings)
    assert (error.kind, error.retryable) == ("quota", False)


def test_deepl_quota_message(settings: ProviderSettings, fake_mt: FakeMT) -> None:
    fake_mt.set_mode("quota")
    assert failure("deepl", settings).message == (
        "The DeepL quota for this billing period is used up (HTTP 456)."
    )


def test_the_wrapper_makes_one_request_per_call_even_for_deepl(
    settings: ProviderSettings, fake_mt: FakeMT
) -> None:
    # deepl would retry 429 and 5xx five times by itself; retrying is ours.
    fake_mt.set_mode("500")
    failure("deepl", settings)
    assert fake_mt.requests == 1


@pytest.mark.parametrize(
    ("name", "missing"),
    [
        ("libretranslate", "Set WORKBENCH_LIBRETRANSLATE_URL to use LibreTranslate."),
        ("deepl", "Set WORKBENCH_DEEPL_KEY to use DeepL."),
    ],
)
def test_an_unconfigured_provider_says_what_to_set(name: str, missing: str) -> None:
    provider = get_provider(name)
    assert provider.missing(ProviderSettings()) == missing
    assert not provider.configured(ProviderSettings())
    with pytest.raises(MachineError) as caught:
        provider.translate(SENTENCE, ProviderSettings())
    assert (caught.value.message, caught.value.kind) == (missing, "auth")


def test_keyless_providers_are_always_configured() -> None:
    assert get_provider("google").configured(ProviderSettings())
    assert get_provider("mymemory").configured(ProviderSettings())
    assert get_provider("microsoft").missing(ProviderSettings())


def test_google_punctuation_only_is_an_error_not_none(
    settings: ProviderSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Google echoes punctuation back; deep-translator then returns None.
    monkeypatch.setattr("tests.support.fake_mt.echo", lambda text: text.strip())
    error = failure("google", settings, "「」。")
    assert error.kind == "invalid_input"


def test_text_over_the_limit_is_refused_before_any_request(
    settings: ProviderSettings, fake_mt: FakeMT
) -> None:
    error = failure("mymemory", settings, "あ" * 161)
    assert error.kind == "invalid_input"
    assert fake_mt.requests == 0


# -- timeouts apply inside provider calls only -------------------------------


def test_timeouts_are_added_inside_provider_calls_only(
    settings: ProviderSettings, fake_mt: FakeMT, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[Any] = []
    original = requests.adapters.HTTPAdapter.send

    def spy(self: Any, request: Any, **kwargs: Any) -> Any:
        seen.append(kwargs.get("timeout"))
        return original(self, request, **kwargs)

    monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", spy)
    requests.get(f"{fake_mt.url}/v2/usage")
    settings.timeout = 5
    get_provider("google").translate(SENTENCE, settings)
    get_provider("deepl").translate(SENTENCE, settings)
    requests.get(f"{fake_mt.url}/v2/usage")
    assert seen[0] is None and seen[3] is None
    assert seen[1] == (3.05, 5)  # connect capped at 3.05 s
    assert seen[2] == pytest.approx(5, abs=0.1)  # deepl's own timeout setting


def test_a_hanging_call_in_one_thread_leaves_other_threads_alone(
    settings: ProviderSettings, fake_mt: FakeMT
) -> None:
    fake_mt.set_mode("hang", fail_when_contains="遅")
    errors: list[MachineError] = []

    def slow() -> None:
        try:
            get_provider("libretranslate").translate("遅い文です。", settings)
        except MachineError as error:
            errors.append(error)

    thread = threading.Thread(target=slow)
    thread.start()
    assert get_provider("libretranslate").translate(SENTENCE, settings) == echo(SENTENCE)
    thread.join(timeout=20)
    assert not thread.is_alive()
    assert [e.kind for e in errors] == ["timeout"]


# -- translate_text: retries, chunks, copying ---------------------------------


def test_translate_text_honours_retry_after(settings: ProviderSettings, fake_mt: FakeMT) -> None:
    fake_mt.set_mode("429", retry_after=2, fail_times=2)
    sleeps = Sleeps()
    result = translate_text(get_provider("google"), SENTENCE, settings, sleep=sleeps)
    assert result == echo(SENTENCE)
    assert sleeps.calls == [2.0, 2.0]
    assert fake_mt.requests == 3


def test_translate_text_backs_off_exponentially_with_jitter(
    settings: ProviderSettings, fake_mt: FakeMT
) -> None:
    fake_mt.set_mode("500", fail_times=3)
    sleeps = Sleeps()
    result = translate_text(
        get_provider("deepl"), SENTENCE, settings, sleep=sleeps, rng=lambda: 0.5
    )
    assert result == echo(SENTENCE)
    assert sleeps.calls == [0.5, 1.0, 2.0]


def test_translate_text_gives_up_after_the_retries(
    settings: ProviderSettings, fake_mt: FakeMT
) -> None:
    fake_mt.set_mode("503")
    sleeps = Sleeps()
    with pytest.raises(MachineError) as caught:
        translate_text(get_provider("libretranslate"), SENTENCE, settings, retries=2, sleep=sleeps)
    assert caught.value.kind == "server_error"
    assert fake_mt.requests == 3 and len(sleeps.calls) == 2


def test_translate_text_does_not_retry_final_errors(
    settings: ProviderSettings, fake_mt: FakeMT
) -> None:
    fake_mt.set_mode("403")
    sleeps = Sleeps()
    with pytest.raises(MachineError) as caught:
        translate_text(get_provider("deepl"), SENTENCE, settings, sleep=sleeps)
    assert caught.value.kind == "auth"
    assert fake_mt.requests == 1 and sleeps.calls == []


def long_paragraph(length: int = 12_000) -> str:
    sentences: list[str] = []
    i = 0
    while sum(map(len, sentences)) < length:
        i += 1
        # Varied lengths, one clause break, and now and then a quotation.
        body = "政府は" + "新しい方針" * (i % 7 + 1) + f"、第{i}項を発表した"
        sentences.append(f"「{body}」と述べた。" if i % 5 == 0 else body + "。")
    return "".join(sentences)[:length]


@pytest.mark.parametrize("name", ["libretranslate", "google", "mymemory"])
def test_a_long_paragraph_is_split_and_joined_in_order(
    name: str, settings: ProviderSettings, fake_mt: FakeMT
) -> None:
    text = long_paragraph()
    provider = get_provider(name)
    result = translate_text(provider, text, settings, sleep=Sleeps())
    pieces = chunks(text, provider.max_chars)
    assert len(pieces) > 1
    assert all(len(t) <= provider.max_chars for t in fake_mt.texts)
    assert "".join(fake_mt.texts) == text  # in order, nothing lost or repeated
    assert result == " ".join(echo(piece) for piece in pieces)


def test_one_failing_chunk_is_retried_alone(settings: ProviderSettings, fake_mt: FakeMT) -> None:
    text = "一文目です。" * 100 + "ここで失敗する。" + "三文目です。" * 100
    fake_mt.set_mode("500", fail_when_contains="失敗", fail_times=1)
    provider = get_provider("libretranslate")
    result = translate_text(provider, text, settings, sleep=Sleeps(), rng=lambda: 0.0)
    assert result == join([echo(piece) for piece in chunks(text, provider.max_chars)])
    assert fake_mt.requests == len(chunks(text, provider.max_chars)) + 1


@pytest.mark.parametrize("text", ["１２３，４５６。", "2024", "――", "（３）", " ", "", "①②"])
def test_digits_and_punctuation_make_no_request(
    text: str, settings: ProviderSettings, fake_mt: FakeMT
) -> None:
    assert needs_no_request(text)
    assert translate_text(get_provider("google"), text, settings) == text
    assert fake_mt.requests == 0


@pytest.mark.parametrize("text", ["三", "NHK", "２０２４年"])
def test_words_need_a_request(text: str) -> None:
    assert not needs_no_request(text)


# -- pure text functions --------------------------------------------------------


def test_chunks_pack_whole_sentences() -> None:
    text = "あいう。えお。かきくけこ。さ。"
    assert chunks(text, 8) == ["あいう。えお。", "かきくけこ。さ。"]
    assert chunks(text, 7) == ["あいう。えお。", "かきくけこ。", "さ。"]
    assert chunks(text, 100) == [text]
    assert chunks("", 10) == []


def test_a_long_sentence_is_cut_after_a_comma_then_a_space_then_anywhere() -> None:
    assert chunks("あいうえ、おかきくけこ", 6) == ["あいうえ、", "おかきくけこ"]
    assert chunks("abc def ghi", 5) == ["abc ", "def ", "ghi"]
    assert chunks("あいうえおかきくけこさ", 4) == ["あいうえ", "おかきく", "けこさ"]
    # never between a character and its combining mark
    assert chunks("abc\u0301def", 3) == ["ab", "c\u0301d", "ef"]


@pytest.mark.parametrize("limit", [1, 3, 10, 45, 160, 800])
def test_chunks_tile_the_text_within_the_limit(limit: int) -> None:
    text = long_paragraph(3000) + "\n　次の行 です。 English words here,  and more."
    pieces = chunks(text, limit)
    assert "".join(pieces) == text
    assert all(0 < len(piece) <= limit for piece in pieces)


def test_join_puts_one_space_between_pieces() -> None:
    assert join([" It rained. ", "", "Then it stopped.\n"]) == "It rained. Then it stopped."


def test_backoff_is_capped() -> None:
    error = MachineError("x", kind="server_error")
    assert backoff_delay(error, 10, lambda: 1.0) == 30.0
    told = MachineError("x", kind="rate_limited", retry_after=600)
    assert backoff_delay(told, 0, lambda: 1.0) == 60.0


# -- settings, registry, errors ----------------------------------------------------


def test_settings_from_a_flask_config() -> None:
    settings = ProviderSettings.from_mapping(
        {"MT_TIMEOUT": "2.5", "DEEPL_KEY": "k:fx", "LIBRETRANSLATE_URL": "", "MYMEMORY_EMAIL": None}
    )
    assert settings.timeout == 2.5 and settings.connect_timeout == 2.5
    assert settings.deepl_key == "k:fx"
    assert settings.libretranslate_url is None and settings.mymemory_email is None
    assert ProviderSettings.from_mapping({}).connect_timeout == 3.05
    with pytest.raises(ValueError, match="WORKBENCH_MT_TIMEOUT"):
        ProviderSettings.from_mapping({"MT_TIMEOUT": "soon"})


def test_registry() -> None:
    assert list(PROVIDERS) == ["google", "mymemory", "libretranslate", "deepl", "microsoft"]
    assert all(name == provider.name for name, provider in PROVIDERS.items())
    with pytest.raises(KeyError, match="no machine-translation provider called 'babel'"):
        get_provider("babel")


# -- suggestions --------------------------------------------------------------------


@pytest.mark.parametrize("name", ALL)
def test_each_provider_offers_its_translation_as_one_suggestion(
    name: str, settings: ProviderSettings, fake_mt: FakeMT
) -> None:
    suggestions = get_provider(name).suggest(SENTENCE, settings)
    assert suggestions == [Suggestion(text=echo(SENTENCE), score=100, origin=name)]
    assert fake_mt.requests == 1


def test_a_suggestion_fails_as_its_translation_does(
    settings: ProviderSettings, fake_mt: FakeMT
) -> None:
    fake_mt.set_mode("503")
    with pytest.raises(MachineError) as caught:
        get_provider("libretranslate").suggest(SENTENCE, settings)
    assert caught.value.kind == "server_error"


class _Memory(Provider):
    """A translation memory: past translations, each match scored by closeness."""

    name = "memory"
    label = "Translation memory"
    max_chars = 10_000

    def __init__(self, entries: dict[str, str]) -> None:
        self.entries = entries

    def suggest(
        self,
        text: str,
        settings: ProviderSettings,
        source: str = "ja",
        target: str = "en",
        *,
        stop: threading.Event | None = None,
    ) -> list[Suggestion]:
        found = [
            Suggestion(text=translation, score=round(100 * _overlap(text, past)), origin=self.name)
            for past, translation in self.entries.items()
        ]
        return sorted((s for s in found if s.score), key=lambda s: -s.score)

    def _request(self, text: str, settings: ProviderSettings, source: str, target: str) -> str:
        return self.suggest(text, settings)[0].text


def _overlap(a: str, b: str) -> float:
    return len(set(a) & set(b)) / len(set(a) | set(b))


def test_a_translation_memory_offers_several_scored_suggestions() -> None:
    memory = _Memory(
        {
            "今日は晴れです。": "It is sunny today.",
            "今日は雨です。": "It is raining today.",
            "東京": "Tokyo",
        }
    )
    suggestions = memory.suggest("今日は晴れです。", ProviderSettings())
    assert [(s.text, s.score) for s in suggestions] == [
        ("It is sunny today.", 100),
        ("It is raining today.", 67),
    ]
    assert {s.origin for s in suggestions} == {"memory"}


def test_a_score_is_between_0_and_100() -> None:
    with pytest.raises(ValueError, match="0 to 100"):
        Suggestion(text="x", score=101, origin="memory")


# -- settings, as each provider declares them -----------------------------------------


def test_the_settings_page_lists_what_the_providers_declare() -> None:
    assert machine_settings.LABELS == {
        "MT_PROVIDER": "Default provider",
        "LIBRETRANSLATE_URL": "LibreTranslate server URL",
        "LIBRETRANSLATE_KEY": "LibreTranslate API key",
        "DEEPL_KEY": "DeepL authentication key",
        "MICROSOFT_KEY": "Microsoft Translator key",
        "MICROSOFT_REGION": "Microsoft Translator region",
        "MYMEMORY_EMAIL": "MyMemory e-mail (raises its daily limit)",
    }
    assert list(machine_settings.LABELS)[1:] == [
        "LIBRETRANSLATE_URL",
        "LIBRETRANSLATE_KEY",
        "DEEPL_KEY",
        "MICROSOFT_KEY",
        "MICROSOFT_REGION",
        "MYMEMORY_EMAIL",
    ]
    secrets = {key for key, secret in machine_settings.FIELDS.items() if secret}
    assert secrets == {"LIBRETRANSLATE_KEY", "DEEPL_KEY", "MICROSOFT_KEY"}
    # Set only from the environment: the page does not offer it.
    assert "DEEPL_SERVER_URL" not in machine_settings.FIELDS
    for provider in PROVIDERS.values():
        for setting in provider.settings:
            assert setting.editable == (setting.key in machine_settings.FIELDS)


def test_each_setting_checks_its_own_values() -> None:
    problem = machine_settings.problem
    assert problem("LIBRETRANSLATE_URL", "ftp://x") == (
        "The LibreTranslate URL must start with http:// or https://."
    )
    assert problem("LIBRETRANSLATE_URL", "https://translate.example.org/") is None
    assert problem("LIBRETRANSLATE_URL", "") is None  # empty: not set
    assert problem("MT_PROVIDER", "babel") == "There is no provider called 'babel'."
    assert problem("MT_PROVIDER", "deepl") is None
    assert problem("MICROSOFT_REGION", "x" * 2001) == "Microsoft Translator region is too long."


def test_settings_hold_only_what_some_provider_declares() -> None:
    with pytest.raises(TypeError, match="babel_key"):
        ProviderSettings(babel_key="x")
    settings = ProviderSettings(deepl_key="secret-4711")
    assert settings.deepl_key == "secret-4711" and settings.microsoft_key is None
    assert "secret-4711" not in repr(settings)  # keys stay out of logs


def test_the_key_setting_named_in_refusals_is_the_first_secret() -> None:
    keys = {name: provider.key_setting for name, provider in PROVIDERS.items()}
    assert keys == {
        "google": None,
        "mymemory": None,
        "libretranslate": "WORKBENCH_LIBRETRANSLATE_KEY",
        "deepl": "WORKBENCH_DEEPL_KEY",
        "microsoft": "WORKBENCH_MICROSOFT_KEY",
    }


def test_retry_after_in_seconds_or_as_a_date() -> None:
    assert parse_retry_after("30") == 30.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


def test_machine_error_kinds() -> None:
    assert MachineError("x", kind="timeout").retryable
    assert not MachineError("x", kind="auth").retryable
    with pytest.raises(ValueError):
        MachineError("x", kind="oops")
    error = MachineError("x", kind="rate_limited", retry_after=3.0, provider="google", status=429)
    copy = pickle.loads(pickle.dumps(error))  # job queues pickle errors
    assert (copy.message, copy.kind, copy.retry_after, copy.status) == (
        "x",
        "rate_limited",
        3.0,
        429,
    )
