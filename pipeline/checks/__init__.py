"""Checks: one registry (:mod:`.registry`), rules on sources and on catalogs, a runner, output formats."""

from .registry import REGISTRY, Check, checks_for
from .runner import CheckResult, run_checks

__all__ = ["REGISTRY", "Check", "CheckResult", "checks_for", "run_checks"]
