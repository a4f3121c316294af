"""The check registry: a check's id and severity are written once, in its decorator."""

from __future__ import annotations

import pytest

from pipeline.checks import runner  # noqa: F401  (registers every check)
from pipeline.checks.registry import CATALOG, REGISTRY, SOURCE, SourceContext, checks_for, source_check
from pipeline.core.model import WARNING, Segmentation, Unit


def test_every_check_has_an_id_a_severity_and_a_description():
    assert set(REGISTRY) == {c.id for c in checks_for(SOURCE)} | {c.id for c in checks_for(CATALOG)}
    for check in REGISTRY.values():
        assert check.severity in ("error", "warning") and check.description


def test_a_check_is_given_its_registered_check_and_its_findings_carry_its_id_and_severity(monkeypatch):
    monkeypatch.setattr("pipeline.checks.registry.REGISTRY", dict(REGISTRY))
    from pipeline.checks import registry

    @source_check("test-only-rule", WARNING, uses_glossary=False)
    def every_unit(ctx, check):
        """Every unit, at its start."""
        for unit in ctx.segmentation.units:
            yield ctx.finding(check, unit, 0, f"unit {unit.text!r}")

    check = registry.REGISTRY["test-only-rule"]
    unit = Unit(text="Khojaly", line=3)
    ctx = SourceContext("doc.txt", Segmentation(document=None, units=(unit,)), None)
    findings = list(check.run(ctx))
    assert [(f.rule, f.severity, f.line, f.message) for f in findings] == [("test-only-rule", WARNING, 3, "unit 'Khojaly'")]
    assert list(every_unit(ctx)) == findings  # the decorated name: the check bound
    assert every_unit.__doc__ == "Every unit, at its start."


def test_an_id_registered_twice_is_a_bug():
    with pytest.raises(ValueError, match="registered twice"):
        source_check("glued-word", WARNING)(lambda ctx, check: iter(()))
