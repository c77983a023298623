"""MyMemory, through deep-translator's MyMemoryTranslator (no key; an e-mail raises the limit)."""

from __future__ import annotations

from typing import Any

from deep_translator import MyMemoryTranslator

from workbench.machine.providers.base import ProviderSettings, Setting
from workbench.machine.providers.deeptranslator import DeepTranslatorProvider


class MyMemoryProvider(DeepTranslatorProvider):
    name = "mymemory"
    label = "MyMemory"
    settings = (Setting("MYMEMORY_EMAIL", "MyMemory e-mail (raises its daily limit)"),)
    # MyMemory documents "max 500 bytes" for q (deep-translator checks 500
    # characters). Japanese is 3 bytes a character in UTF-8, so 160 characters
    # stay under the byte limit; MyMemory's daily allowance counts characters,
    # not requests, so smaller pieces cost nothing extra.
    max_chars = 160
    # MyMemory wants RFC 3066 codes; plain "en" maps to en-GB in deep-translator.
    source_codes = {"ja": "ja-JP", "en": "en-US"}
    target_codes = {"ja": "ja-JP", "en": "en-US"}

    def _request(self, text: str, settings: ProviderSettings, source: str, target: str) -> Any:
        kwargs = {"email": settings.mymemory_email} if settings.mymemory_email else {}
        result = MyMemoryTranslator(source=source, target=target, **kwargs).translate(text)
        self._check_body()
        return result

    def _check_body(self) -> None:
        # MyMemory reports many errors with HTTP 200 and the error text in place
        # of the translation; deep-translator returns that text as if translated.
        response = self.last_response()
        if response is None:
            return
        try:
            body = response.json()
            status = int(body.get("responseStatus", 200))
        except (ValueError, TypeError, AttributeError):
            return
        if status == 200:
            return
        details = str(body.get("responseDetails") or "")
        translated = str((body.get("responseData") or {}).get("translatedText") or "")
        if status == 429 and "MYMEMORY WARNING" in (details + translated).upper():
            raise self.error(
                "MyMemory's free daily allowance is used up; set WORKBENCH_MYMEMORY_EMAIL "
                "for a larger one, or try again tomorrow.",
                kind="quota",
                status=status,
            )
        if status >= 500:
            raise self.status_error(status)
        # Other in-body codes (403 and 400 above all) mean the query itself was
        # refused: a bad language pair or a text over the length limit.
        said = details.rstrip(".")[:200] or f"status {status}"
        raise self.error(
            f"MyMemory refused the request: {said}.", kind="invalid_input", status=status
        )
