# The parts of flask-htmx the workbench uses; the package ships no type information.
from typing import Any

from flask import Flask, Response

class HTMX:
    def __init__(self, app: Flask | None = None) -> None: ...
    def init_app(self, app: Flask) -> None: ...
    def __bool__(self) -> bool: ...
    @property
    def boosted(self) -> bool: ...
    @property
    def current_url(self) -> str | None: ...
    @property
    def history_restore_request(self) -> bool: ...
    @property
    def target(self) -> str | None: ...
    @property
    def trigger(self) -> str | None: ...
    @property
    def trigger_name(self) -> str | None: ...

def make_response(
    *args: Any,
    location: str | dict[str, Any] | None = None,
    push_url: str | bool | None = None,
    redirect: str | None = None,
    refresh: bool = False,
    replace_url: str | bool | None = None,
    reswap: str | None = None,
    retarget: str | None = None,
    trigger: str | dict[str, Any] | None = None,
    trigger_after_settle: str | dict[str, Any] | None = None,
    trigger_after_swap: str | dict[str, Any] | None = None,
) -> Response: ...
