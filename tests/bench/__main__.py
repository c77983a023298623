"""Run every benchmark module in this folder; exit 1 if any target is missed."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def main() -> int:
    failed = 0
    folder = Path(__file__).parent
    for info in sorted(pkgutil.iter_modules([str(folder)]), key=lambda m: m.name):
        if not info.name.startswith("bench_"):
            continue
        module = importlib.import_module(f"tests.bench.{info.name}")
        print(f"== {info.name}")
        ok = module.run()
        failed += 0 if ok else 1
    print("all targets met" if not failed else f"{failed} benchmark(s) missed a target")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
