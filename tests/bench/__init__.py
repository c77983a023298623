"""Benchmarks: ``make bench`` (``python -m tests.bench``) runs every ``bench_*`` module.

They print ratios against a baseline measured in the same run, and counts,
never bare times: these machines vary by tens of percent from run to run.
"""
