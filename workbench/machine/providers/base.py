"""What every provider shares: its settings, one guarded request, scored suggestions.

A provider sends exactly ONE request per ``translate()`` call and turns every
way that request can fail into a :class:`MachineError`: the deadline, the stop
switch and the size cap come from :mod:`.wire`, the network and status
sentences from :mod:`.classify`, and only the client library's own exceptions
are mapped by the provider's module (``_library_error``). Splitting long text,
retrying and backing off live in :mod:`workbench.machine.drafting_text`.
"""

from __future__ import annotations

import json
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from workbench.machine.errors import MachineError
from workbench.machine.providers import classify
from workbench.machine.providers.wire import Call, current_call, provider_call

# requests' own advice: a connect timeout slightly above a multiple of 3 s, the
# TCP retransmission window. Connecting is quick when it works at all.
CONNECT_TIMEOUT_CAP = 3.05
# A translation longer than this many times its text, plus a margin, is not one.
MAX_GROWTH = 20
GROWTH_MARGIN = 200


# --------------------------------------------------------------------------
# Settings


@dataclass(frozen=True)
class Setting:
    """One value a provider needs, read from WORKBENCH_<key>."""

    key: str  # as in the Flask config, without WORKBENCH_
    label: str  # how the settings page names it
    secret: bool = False  # never shown again once set
    required: bool = False  # the provider cannot run without it
    # A sentence saying why a value cannot be stored, or None when it can.
    validator: Callable[[str], str | None] | None = None
    editable: bool = True  # False: only the environment sets it, the page does not show it

    @property
    def attribute(self) -> str:
        """Its name on ProviderSettings."""
        return self.key.lower()

    @property
    def variable(self) -> str:
        """Its environment variable."""
        return f"WORKBENCH_{self.key}"


# Every setting any provider declares, by attribute name (see Provider.__init_subclass__).
_DECLARED: dict[str, Setting] = {}


class ProviderSettings:
    """What the providers need to reach their services; no Flask, no database.

    Besides ``timeout`` it holds one attribute per declared :class:`Setting`
    (``deepl_key`` for DEEPL_KEY), None when not set.
    """

    def __init__(self, timeout: float = 10.0, **values: str | None) -> None:
        unknown = sorted(set(values) - set(_DECLARED))
        if unknown:
            raise TypeError(f"no provider declares the setting {', '.join(unknown)}")
        if not timeout > 0:
            raise ValueError(f"WORKBENCH_MT_TIMEOUT must be a positive number, not {timeout}")
        # Seconds one request may take in all, from connecting to the last byte of
        # the answer (connecting alone gets at most CONNECT_TIMEOUT_CAP).
        self.timeout = timeout
        for name in _DECLARED:
            setattr(self, name, values.get(name))

    if TYPE_CHECKING:

        def __getattr__(self, name: str) -> str | None: ...

    def __repr__(self) -> str:
        # Names only: the values include API keys.
        given = [name for name in _DECLARED if getattr(self, name) is not None]
        return f"ProviderSettings(timeout={self.timeout!r}, set={given!r})"

    def value(self, setting: Setting) -> str | None:
        return getattr(self, setting.attribute)  # type: ignore[no-any-return]

    @property
    def connect_timeout(self) -> float:
        return min(self.timeout, CONNECT_TIMEOUT_CAP)

    @classmethod
    def from_mapping(cls, config: Mapping[str, object]) -> ProviderSettings:
        """Build settings from a Flask-config-style mapping (keys without WORKBENCH_)."""

        def text(key: str) -> str | None:
            value = config.get(key)
            if value is None:
                return None
            value = str(value).strip()
            return value or None  # an empty environment variable means "not set"

        raw_timeout = text("MT_TIMEOUT")
        try:
            timeout = float(raw_timeout) if raw_timeout is not None else 10.0
        except ValueError:
            raise ValueError(
                f"WORKBENCH_MT_TIMEOUT must be a number of seconds, not {raw_timeout!r}"
            ) from None
        values = {name: text(setting.key) for name, setting in _DECLARED.items()}
        return cls(timeout=timeout, **values)


# --------------------------------------------------------------------------
# Suggestions


@dataclass(frozen=True)
class Suggestion:
    """One candidate translation, as a machine service or a translation memory offers it."""

    text: str
    score: int  # 0-100: how close the origin believes it is (a memory's match quality)
    origin: str  # the provider's registry key

    def __post_init__(self) -> None:
        if not 0 <= self.score <= 100:
            raise ValueError(f"a suggestion's score is 0 to 100, not {self.score}")


# --------------------------------------------------------------------------
# Providers


class Provider(ABC):
    """One machine-translation service. Instances are stateless and shared."""

    name: ClassVar[str]  # registry key, as in WORKBENCH_MT_PROVIDER
    label: ClassVar[str]  # how an editor knows the service
    max_chars: ClassVar[int]  # longest text one request may carry (with a margin)
    settings: ClassVar[tuple[Setting, ...]] = ()  # what it reads from WORKBENCH_*
    # The score of its suggestions: a machine translation has no match quality,
    # so it offers its one answer at the top (a memory scores each match).
    max_score: ClassVar[int] = 100
    source_codes: ClassVar[dict[str, str]] = {}
    target_codes: ClassVar[dict[str, str]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for setting in cls.__dict__.get("settings", ()):
            _DECLARED[setting.attribute] = setting

    @property
    def key_setting(self) -> str | None:
        """The variable naming the API key, if any: the first secret setting."""
        return next((s.variable for s in self.settings if s.secret), None)

    def source_code(self, lang: str) -> str:
        return self.source_codes.get(lang, lang)

    def target_code(self, lang: str) -> str:
        return self.target_codes.get(lang, lang)

    def missing(self, settings: ProviderSettings) -> str | None:
        """A sentence naming the setting this provider still needs, or None."""
        for setting in self.settings:
            if setting.required and not settings.value(setting):
                return f"Set {setting.variable} to use {self.label}."
        return None

    def configured(self, settings: ProviderSettings) -> bool:
        return self.missing(settings) is None

    def suggest(
        self,
        text: str,
        settings: ProviderSettings,
        source: str = "ja",
        target: str = "en",
        *,
        stop: threading.Event | None = None,
    ) -> list[Suggestion]:
        """Candidate translations of ``text``, best first; MachineError on failure.

        A machine service offers its one translation; a translation memory
        overrides this to return each match with its own score.
        """
        translated = self.translate(text, settings, source, target, stop=stop)
        return [Suggestion(text=translated, score=self.max_score, origin=self.name)]

    def translate(
        self,
        text: str,
        settings: ProviderSettings,
        source: str = "ja",
        target: str = "en",
        *,
        stop: threading.Event | None = None,
    ) -> str:
        """Translate ``text`` with one request; raise MachineError on any failure.

        The request ends within ``settings.timeout`` seconds, and within a moment
        of ``stop`` being set (then with a MachineError of kind "cancelled").
        """
        if stop is not None and stop.is_set():
            raise self.cancelled()
        missing = self.missing(settings)
        if missing:
            raise self.error(missing, kind="auth", retryable=False)
        if not text.strip():
            return text
        if len(text) > self.max_chars:
            raise self.error(
                f"The text is too long for {self.label} in one request "
                f"({len(text)} characters, at most {self.max_chars}); split it first.",
                kind="invalid_input",
            )
        with provider_call(settings.connect_timeout, settings.timeout, stop) as call:
            try:
                result: Any = self._request(
                    text, settings, self.source_code(source), self.target_code(target)
                )
            except MachineError:
                raise
            except Exception as exc:
                raise self._classify(exc, call, settings, source, target) from exc
            if call.stopped():
                raise self.cancelled()  # stopped while the answer was being read
        return self._checked(result, text)

    def cancelled(self) -> MachineError:
        return self.error(f"The request to {self.label} was cancelled.", kind="cancelled")

    @abstractmethod
    def _request(self, text: str, settings: ProviderSettings, source: str, target: str) -> Any:
        """Send the request through the client library and return its result."""

    # -- turning failures into MachineError ---------------------------------

    def error(self, message: str, **kwargs: Any) -> MachineError:
        return MachineError(message, provider=self.name, **kwargs)

    def status_error(
        self,
        status: int,
        *,
        retry_after: float | None = None,
        detail: str = "",
        url: str | None = None,
    ) -> MachineError:
        return classify.status_error(self, status, retry_after=retry_after, detail=detail, url=url)

    def last_response(self) -> Any:
        """The last answer of the request in progress (for services that hide
        errors in a 200 answer), or None."""
        call = current_call()
        return call.response if call else None

    def _checked(self, result: Any, text: str) -> str:
        if result is None:
            # GoogleTranslator returns None, without an exception, when the
            # answer equals the input and holds no letters or digits.
            raise self.error(
                f"{self.label} returned nothing for this text; it holds no words to "
                "translate, so copy it as it is.",
                kind="invalid_input",
            )
        if not isinstance(result, str) or not result.strip():
            raise self.error(f"{self.label} returned an empty translation.", kind="bad_answer")
        if len(result) > MAX_GROWTH * len(text) + GROWTH_MARGIN:
            raise self.error(
                f"The answer from {self.label} is far longer than its text "
                f"({len(result):,} characters for {len(text):,}); nothing was stored.",
                kind="bad_answer",
            )
        return result

    def _classify(
        self,
        exc: Exception,
        call: Call,
        settings: ProviderSettings,
        source: str,
        target: str,
    ) -> MachineError:
        # Most specific evidence first: a request given up on, what happened on
        # the wire, then the HTTP status, and only then the library's exception.
        if call.abandoned:
            return classify.abandoned_error(self, call, settings)
        failure = call.error or classify.requests_cause(exc)
        if failure is not None:
            return classify.network_error(self, failure, settings)
        response = call.response
        if response is not None and not 200 <= response.status_code < 300:
            return self.status_error(
                response.status_code,
                retry_after=classify.parse_retry_after(response.headers.get("Retry-After")),
                detail=classify.service_detail(response),
                url=classify.without_query(response.url),
            )
        return self._library_error(exc, source, target) or self._generic_error(exc)

    def _library_error(self, exc: Exception, source: str, target: str) -> MachineError | None:
        """The client library's own exceptions, mapped by the provider's module."""
        return None

    def _generic_error(self, exc: Exception) -> MachineError:
        label = self.label
        if isinstance(exc, json.JSONDecodeError | ValueError):
            # requests' JSONDecodeError is a ValueError as well.
            return self.error(
                f"{label} sent an answer that could not be read (not valid JSON).",
                kind="bad_answer",
            )
        if isinstance(exc, KeyError | IndexError | TypeError | AttributeError | StopIteration):
            return self.error(
                f"{label} sent an answer in an unexpected shape; the service may have changed.",
                kind="bad_answer",
            )
        return self.error(
            f"{label} failed unexpectedly ({type(exc).__name__}: {exc}).", kind="unknown"
        )
