"""Checks: one registry (:mod:`.registry`), rules on sources and on catalogs, a runner, output formats."""

from pipeline.checks.registry import REGISTRY, Check, checks_for
from pipeline.checks.runner import CheckResult, run_checks

__all__ = ["REGISTRY", "Check", "CheckResult", "checks_for", "run_checks"]
