"""`nestling log --detail` takes a value with its unit (amount=4oz) and stores SI; a plain
number under an SI name (amount_ml=120) is taken as it is."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from typer.testing import CliRunner

from carelog.models import Event
from cli.main import app

NOW = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)
runner = CliRunner()


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def log(kind: str, *details: str):
    args = ["log", kind, "--user", "alice", "--start", "40m"]
    if kind in ("feed", "pump"):
        args += ["--end", "25m"]
    for detail in details:
        args += ["--detail", detail]
    return runner.invoke(app, args, catch_exceptions=False)


@pytest.mark.parametrize(
    ("kind", "details", "stored"),
    [
        ("feed", ("method=bottle", "amount=4oz"), {"method": "bottle", "amount_ml": 118.3}),
        ("feed", ("method=bottle", "amount_ml=4 fl oz"), {"method": "bottle", "amount_ml": 118.3}),
        ("feed", ("method=bottle", "amount_ml=120"), {"method": "bottle", "amount_ml": 120}),
        ("growth", ("weight=10lb2oz", "length=21.5in"), {"weight_kg": 4.593, "length_cm": 54.6}),
        ("temperature", ("temp=100.4F",), {"celsius": 38.0}),
        ("pump", ("left=2oz", "right=60ml"), {"left_ml": 59.1, "right_ml": 60, "total_ml": 119.1}),
        (
            "solids",
            ("foods=pear", "amount=30", "unit=g"),
            {"foods": "pear", "amount": 30, "unit": "g"},
        ),
    ],
)
def test_values_with_units_are_stored_in_si(people, kind, details, stored):
    result = log(kind, *details)
    assert result.exit_code == 0, result.stderr
    assert Event.objects.get().details == stored


def test_a_unit_of_the_wrong_kind_is_named(people):
    result = log("feed", "method=bottle", "amount=4kg")
    assert result.exit_code == 2
    assert "amount: kg is not a unit of volume" in result.stderr
    assert not Event.objects.exists()
