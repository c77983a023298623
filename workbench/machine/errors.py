"""The one error type every machine-translation failure becomes.

The services and their client libraries fail in a dozen shapes (library
exceptions, raw ``requests`` exceptions, HTTP statuses hidden in message
strings, garbled bodies). Callers only need to know three things: what to
tell the editor, whether trying again can help, and how long to wait.
"""

from __future__ import annotations

# Short codes a caller can branch on or store next to a failed draft.
KINDS: frozenset[str] = frozenset(
    {
        "rate_limited",  # 429: the service asks us to slow down
        "server_error",  # 5xx: the service is broken for now
        "timeout",  # connected, but no whole answer within the deadline
        "unreachable",  # no connection: refused, DNS, network down
        "bad_answer",  # an answer came but could not be read
        "auth",  # the key is missing, wrong or refused (401/403)
        "quota",  # the paid or daily allowance is used up (DeepL 456)
        "unsupported",  # the language pair is not offered
        "invalid_input",  # the text itself was refused (too long, empty)
        "cancelled",  # a person stopped the work while the request ran
        "unknown",
    }
)

# Failures that may pass on their own; the rest need a person to act.
RETRYABLE_KINDS: frozenset[str] = frozenset(
    {"rate_limited", "server_error", "timeout", "unreachable"}
)


class MachineError(Exception):
    """A failed machine translation, with a sentence a person can act on."""

    def __init__(
        self,
        message: str,
        *,
        kind: str = "unknown",
        retryable: bool | None = None,
        retry_after: float | None = None,
        provider: str | None = None,
        status: int | None = None,
    ) -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown MachineError kind {kind!r}")
        super().__init__(message)
        self.message: str = message
        self.kind: str = kind
        self.retryable: bool = kind in RETRYABLE_KINDS if retryable is None else retryable
        # Seconds, from the service's Retry-After header when it sent one.
        self.retry_after: float | None = retry_after
        # Registry key of the provider that failed, and the HTTP status if any.
        self.provider: str | None = provider
        self.status: int | None = status

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[object, ...]:
        # Keep every attribute through pickling (job queues pickle errors);
        # the default would call MachineError(message) and lose the rest.
        return (self.__class__, (self.message,), self.__dict__.copy())

    def __repr__(self) -> str:
        return (
            f"MachineError({self.message!r}, kind={self.kind!r}, retryable={self.retryable!r}, "
            f"retry_after={self.retry_after!r}, provider={self.provider!r}, status={self.status!r})"
        )
