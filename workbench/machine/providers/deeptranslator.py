"""The four services reached through deep-translator share its exceptions."""

from __future__ import annotations

from deep_translator import exceptions as dt_errors

from workbench.machine.errors import MachineError
from workbench.machine.providers.base import Provider, ProviderSettings

# deep-translator's ServerException keeps only a code name such as
# "ERR_TOO_MANY_REQUESTS"; this turns it back into the status it came from.
_SERVER_EXCEPTION_STATUS: dict[str, int] = {
    v: k for k, v in dt_errors.ServerException.errors.items()
}


class DeepTranslatorProvider(Provider):
    """A provider whose requests go through a deep-translator class."""

    def _library_error(self, exc: Exception, source: str, target: str) -> MachineError | None:
        label = self.label
        if isinstance(exc, dt_errors.NotValidLength):
            return self.error(
                f"The text is too long for {label} in one request; split it first.",
                kind="invalid_input",
            )
        if isinstance(exc, dt_errors.NotValidPayload):
            return self.error(
                f"{label} cannot translate this text: it holds no words, only digits, "
                "punctuation or symbols.",
                kind="invalid_input",
            )
        if isinstance(
            exc, dt_errors.LanguageNotSupportedException | dt_errors.InvalidSourceOrTargetLanguage
        ):
            return self.error(
                f"{label} does not offer translation from {source!r} to {target!r}.",
                kind="unsupported",
            )
        if isinstance(exc, dt_errors.ApiKeyException):
            return self.error(
                self.missing(ProviderSettings()) or f"{label} needs an API key.",
                kind="auth",
            )
        if isinstance(exc, dt_errors.AuthorizationException):
            return self.status_error(403)
        if isinstance(exc, dt_errors.TooManyRequests):
            return self.status_error(429)
        if isinstance(exc, dt_errors.ServerException):
            code = str(exc.args[0]) if exc.args else ""
            return self.status_error(_SERVER_EXCEPTION_STATUS.get(code, 500))
        if isinstance(exc, dt_errors.RequestError):
            return self.status_error(500)
        if isinstance(exc, dt_errors.TranslationNotFound | dt_errors.ElementNotFoundInGetRequest):
            return self.error(
                f"{label} answered, but the answer held no translation; "
                "the service may have changed its page.",
                kind="bad_answer",
            )
        return None
