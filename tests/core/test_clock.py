from datetime import UTC, datetime

import pytest

from consortia.core import clock


def test_now_is_aware_utc():
    now = clock.now()

    assert now.tzinfo is not None
    assert now.utcoffset().total_seconds() == 0


def test_frozen_moves_now_and_today_then_restores():
    moment = datetime(2030, 5, 17, 23, 30, tzinfo=UTC)

    with clock.frozen(moment):
        inside_now, inside_today = clock.now(), clock.today()
    after = clock.now()

    assert inside_now == moment
    assert inside_today.isoformat() == "2030-05-17"
    assert after.year != 2030


def test_frozen_rejects_naive_datetime():
    with pytest.raises(ValueError, match="aware"), clock.frozen(datetime(2030, 1, 1)):
        pass
