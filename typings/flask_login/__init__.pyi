# The parts of Flask-Login the workbench uses; the package ships no type information.
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask

_F = TypeVar("_F", bound=Callable[..., Any])

# A proxy to the signed-in User (or Flask-Login's anonymous user): Any, as the
# library types neither.
current_user: Any

class LoginManager:
    login_view: str | None
    login_message: str
    def __init__(self, app: Flask | None = None, add_context_processor: bool = True) -> None: ...
    def init_app(self, app: Flask, add_context_processor: bool = True) -> None: ...
    def user_loader(self, callback: _F) -> _F: ...

def login_required(func: _F) -> _F: ...
def login_user(
    user: Any, remember: bool = False, duration: Any = None, force: bool = False, fresh: bool = True
) -> bool: ...
def logout_user() -> bool: ...
