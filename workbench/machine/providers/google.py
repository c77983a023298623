"""Google Translate, through deep-translator's GoogleTranslator (no key)."""

from __future__ import annotations

from typing import Any

from deep_translator import GoogleTranslator

from workbench.machine.providers.base import ProviderSettings
from workbench.machine.providers.deeptranslator import DeepTranslatorProvider


class GoogleProvider(DeepTranslatorProvider):
    name = "google"
    label = "Google Translate"
    # deep-translator refuses 5,000 characters or more; keep a margin.
    max_chars = 4500

    def _request(self, text: str, settings: ProviderSettings, source: str, target: str) -> Any:
        # A fresh instance per call: translate() writes the text into the
        # instance's URL parameters, so a shared one is not thread-safe.
        return GoogleTranslator(source=source, target=target).translate(text)
