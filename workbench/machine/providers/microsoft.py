"""Microsoft Translator, through deep-translator's MicrosoftTranslator."""

from __future__ import annotations

from typing import Any

from deep_translator import MicrosoftTranslator
from deep_translator import exceptions as dt_errors

from workbench.machine.errors import MachineError
from workbench.machine.providers.base import ProviderSettings, Setting
from workbench.machine.providers.deeptranslator import DeepTranslatorProvider


class _MicrosoftTranslator(MicrosoftTranslator):
    """MicrosoftTranslator without the language-list request in its constructor.

    The stock constructor fetches the language list from a hard-coded URL (not
    from BASE_URLS, so it cannot be pointed elsewhere), with no key and no error
    handling, doubling the requests per call. The service itself rejects an
    unsupported pair with a clear error, so the codes given are accepted as is.
    """

    def __init__(self, *, source: str, target: str, **kwargs: Any) -> None:
        self._codes = (source, target)
        super().__init__(source=source, target=target, **kwargs)

    def _get_supported_languages(self) -> dict[str, str]:
        return {code: code for code in self._codes}


class MicrosoftProvider(DeepTranslatorProvider):
    name = "microsoft"
    label = "Microsoft Translator"
    settings = (
        Setting("MICROSOFT_KEY", "Microsoft Translator key", secret=True, required=True),
        Setting("MICROSOFT_REGION", "Microsoft Translator region"),
    )
    max_chars = 5000  # the service takes 10,000 per request (50,000 per body)

    def missing(self, settings: ProviderSettings) -> str | None:
        if not settings.microsoft_key:
            return (
                "Set WORKBENCH_MICROSOFT_KEY (and WORKBENCH_MICROSOFT_REGION for a regional "
                "resource) to use Microsoft Translator."
            )
        return None

    def _request(self, text: str, settings: ProviderSettings, source: str, target: str) -> Any:
        translator = _MicrosoftTranslator(
            source=source,
            target=target,
            api_key=settings.microsoft_key,
            region=settings.microsoft_region,
        )
        return translator.translate(text)

    def _library_error(self, exc: Exception, source: str, target: str) -> MachineError | None:
        if isinstance(exc, dt_errors.MicrosoftAPIerror):
            said = exc.api_message
            return self.error(f"{self.label} refused the request: {said}", kind="unknown")
        return super()._library_error(exc, source, target)
