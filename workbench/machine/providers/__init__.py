"""Machine-translation providers: one module per service behind one interface.

A new service is one module here (a :class:`Provider` subclass declaring its
``settings``) and one line in ``PROVIDERS``; the settings page, the
environment variables it reads and their validation follow from the
declaration. See :mod:`.base` for what every provider shares.
"""

from __future__ import annotations

from workbench.machine.providers.base import (
    CONNECT_TIMEOUT_CAP,
    Provider,
    ProviderSettings,
    Setting,
    Suggestion,
)
from workbench.machine.providers.classify import parse_retry_after
from workbench.machine.providers.deepl import DeeplProvider
from workbench.machine.providers.google import GoogleProvider
from workbench.machine.providers.libre import LibreProvider
from workbench.machine.providers.microsoft import MicrosoftProvider
from workbench.machine.providers.mymemory import MyMemoryProvider

__all__ = [
    "CONNECT_TIMEOUT_CAP",
    "PROVIDERS",
    "Provider",
    "ProviderSettings",
    "Setting",
    "Suggestion",
    "get_provider",
    "parse_retry_after",
]

PROVIDERS: dict[str, Provider] = {
    provider.name: provider
    for provider in (
        GoogleProvider(),
        MyMemoryProvider(),
        LibreProvider(),
        DeeplProvider(),
        MicrosoftProvider(),
    )
}


def get_provider(name: str) -> Provider:
    """The provider registered under ``name``; KeyError with a sentence if none."""
    try:
        return PROVIDERS[name]
    except KeyError:
        known = ", ".join(PROVIDERS)
        raise KeyError(
            f"There is no machine-translation provider called {name!r}; choose one of: {known}."
        ) from None
