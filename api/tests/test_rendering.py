"""Every datetime leaves the API in UTC, written the same way whichever path writes it."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
from django.core.serializers.json import DjangoJSONEncoder

from api.rendering import UTCEncoder, utc_text

MOMENTS = [
    datetime(2026, 12, 7, 6, 34, tzinfo=UTC),
    datetime(2026, 12, 7, 6, 34, 5, 123456, tzinfo=UTC),
    datetime(2026, 12, 7, 20, 34, 5, 999, tzinfo=timezone(timedelta(hours=14))),
    datetime(2026, 6, 1, 1, 0, tzinfo=timezone(timedelta(hours=-5, minutes=-30))),
]


@pytest.mark.parametrize("moment", MOMENTS)
def test_a_large_page_writes_times_as_the_encoder_does(moment: datetime) -> None:
    expected = json.dumps(moment.astimezone(UTC), cls=DjangoJSONEncoder).strip('"')
    assert utc_text(moment) == expected
    assert json.dumps(moment, cls=UTCEncoder).strip('"') == expected
    assert expected.endswith("Z")
    assert utc_text(None) is None
