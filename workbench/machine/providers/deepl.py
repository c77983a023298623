"""DeepL, through the official ``deepl`` package.

Not deep-translator: it still sends the DeepL key as a query parameter, which
DeepL no longer accepts.
"""

from __future__ import annotations

import threading
from typing import Any

import deepl
import deepl.http_client

from workbench.machine.errors import MachineError
from workbench.machine.providers.base import Provider, ProviderSettings, Setting

# deepl has its own module-level knobs (documented in its README). Its retries
# are switched off because retrying belongs to drafting_text, which honours
# Retry-After and stops at WORKBENCH_MT_RETRIES; deepl would otherwise make up to
# six requests per call. The knobs are process-wide, so they are written under a
# lock; every call in one app uses the same timeout, so the values never fight.
_DEEPL_LOCK = threading.Lock()


def _configure_deepl(timeout: float) -> None:
    with _DEEPL_LOCK:
        deepl.http_client.max_network_retries = 0
        # deepl waits max(time left in its first backoff slot (about 1 s),
        # min_connection_timeout) for connect and read alike.
        deepl.http_client.min_connection_timeout = timeout


class DeeplProvider(Provider):
    name = "deepl"
    label = "DeepL"
    settings = (
        Setting("DEEPL_KEY", "DeepL authentication key", secret=True, required=True),
        # None: the free or pro endpoint, by the key's ":fx" suffix.
        Setting("DEEPL_SERVER_URL", "DeepL server URL", editable=False),
    )
    max_chars = 5000  # DeepL accepts far more (128 KiB a body); smaller pieces fail less
    source_codes = {"ja": "JA", "en": "EN"}
    # The deepl client refuses plain "EN" as a target (it is ambiguous).
    target_codes = {"ja": "JA", "en": "EN-US"}

    def _request(self, text: str, settings: ProviderSettings, source: str, target: str) -> Any:
        _configure_deepl(settings.timeout)
        translator = deepl.Translator(
            str(settings.deepl_key),
            server_url=settings.deepl_server_url,
            send_platform_info=False,
        )
        try:
            result = translator.translate_text(text, source_lang=source, target_lang=target)
        finally:
            translator.close()
        # One text in, one result out (a list of texts would give a list).
        first = result[0] if isinstance(result, list) else result
        return first.text

    def _library_error(self, exc: Exception, source: str, target: str) -> MachineError | None:
        if isinstance(exc, deepl.QuotaExceededException):
            return self.status_error(456)
        if isinstance(exc, deepl.AuthorizationException):
            return self.status_error(403)
        if isinstance(exc, deepl.TooManyRequestsException):
            return self.status_error(429)
        if isinstance(exc, deepl.ConnectionException):
            # Reached only when no network exception was recorded, so the cause is unknown.
            return self.error(
                f"The connection to {self.label} failed; check the address and the network.",
                kind="unreachable",
                retryable=exc.should_retry,
            )
        if isinstance(exc, deepl.DeepLException):
            if exc.http_status_code is not None:
                return self.status_error(exc.http_status_code)
            return self.error(f"{self.label} refused the request: {exc}", kind="unknown")
        return None
