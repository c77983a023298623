"""Running the ``workbench`` command as scripts call it, and reading its ``--json`` answer."""

from __future__ import annotations

import json
from typing import Any

from click.testing import Result
from flask import Flask


def run(app: Flask, *args: str) -> Result:
    return app.test_cli_runner().invoke(args=list(args))


def one_json_object(result: Result) -> dict[str, Any]:
    assert result.exit_code == 0, (result.output, result.exception)
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1, result.stdout
    payload = json.loads(lines[0])
    assert isinstance(payload, dict)
    return payload
