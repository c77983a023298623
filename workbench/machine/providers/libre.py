"""LibreTranslate, usually self-hosted, through deep-translator's LibreTranslator."""

from __future__ import annotations

from typing import Any

from deep_translator import LibreTranslator

from workbench.machine.providers.base import ProviderSettings, Setting
from workbench.machine.providers.deeptranslator import DeepTranslatorProvider


def _web_address(value: str) -> str | None:
    if value and not value.startswith(("http://", "https://")):
        return "The LibreTranslate URL must start with http:// or https://."
    return None


class LibreProvider(DeepTranslatorProvider):
    name = "libretranslate"
    label = "LibreTranslate"
    settings = (
        Setting(
            "LIBRETRANSLATE_URL", "LibreTranslate server URL", required=True, validator=_web_address
        ),
        # Optional: a self-hosted server usually runs without keys.
        Setting("LIBRETRANSLATE_KEY", "LibreTranslate API key", secret=True),
    )
    # deep-translator sends the text in the query string of a POST; percent-
    # encoded Japanese is about 9 bytes a character and many servers refuse
    # URLs over 8 KB with 414.
    max_chars = 800

    def _request(self, text: str, settings: ProviderSettings, source: str, target: str) -> Any:
        url = str(settings.libretranslate_url)
        if not url.endswith("/"):
            url += "/"  # deep-translator appends "translate" to it
        # deep-translator insists on a key, but a self-hosted server usually
        # runs without keys: hand it a placeholder, then drop it so that no
        # bogus api_key parameter is sent.
        translator = LibreTranslator(
            source=source,
            target=target,
            api_key=settings.libretranslate_key or "none",
            custom_url=url,
        )
        if not settings.libretranslate_key:
            translator.api_key = None
        return translator.translate(text)
