"""The request class: bodies over MAX_CONTENT_LENGTH are refused, never cut.

Werkzeug refuses a body whose Content-Length is over the limit before
reading it. A chunked body has no Content-Length; Werkzeug then stops
reading at the limit, and an URL-encoded form (or ``get_data()``) is read up
to there without any error: the view would see a cut text, or a form missing
its last fields, as if it were whole. So such a body is read here, up to one
byte past the limit, and refused when it is longer.
"""

from __future__ import annotations

import io
from typing import IO

from flask import Request as FlaskRequest
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.utils import cached_property

_CHUNK = 64 * 1024


class Request(FlaskRequest):
    @cached_property
    def stream(self) -> IO[bytes]:
        limit = self.max_content_length
        unsized = self.content_length is None and "wsgi.input_terminated" in self.environ
        if limit is None or not unsized or self.shallow:
            return super().stream
        return _whole_body(self.environ["wsgi.input"], limit)


def _whole_body(source: IO[bytes], limit: int) -> IO[bytes]:
    """The body, read to its end, as a stream; 413 when it is longer than ``limit``."""
    body = bytearray()
    while len(body) <= limit:
        data = source.read(min(_CHUNK, limit + 1 - len(body)))
        if not data:
            return io.BytesIO(bytes(body))
        body += data
    _drain(source, limit)
    raise RequestEntityTooLarge()


def _drain(source: IO[bytes], most: int) -> None:
    """Read and drop up to ``most`` more bytes, so that the client, which is still
    sending, reads the 413 page instead of a reset connection. A longer body is
    left unread: the server closes that connection."""
    read = 0
    while read < most:
        data = source.read(_CHUNK)
        if not data:
            return
        read += len(data)
