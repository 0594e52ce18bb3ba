from decimal import Decimal

import pytest

from consortia.core.money import Money, is_currency


def test_parse_keeps_decimal_precision():
    money = Money.parse("2500000000.10", "rub")

    assert money == Money(Decimal("2500000000.10"), "RUB")
    assert str(money) == "2,500,000,000.10 RUB"


def test_add_same_currency():
    assert Money.parse("1.10", "USD") + Money.parse("2.20", "USD") == Money(Decimal("3.30"), "USD")


def test_add_across_currencies_is_refused():
    with pytest.raises(ValueError, match="without a dated rate"):
        Money.parse("1", "USD") + Money.parse("1", "CNY")


@pytest.mark.parametrize(
    ("amount", "currency", "message"),
    [("1", "XYZ", "ISO 4217"), ("abc", "USD", "not a number"), ("NaN", "USD", "finite")],
)
def test_invalid_money_names_the_problem(amount, currency, message):
    with pytest.raises(ValueError, match=message):
        Money.parse(amount, currency)


def test_float_amount_is_refused():
    with pytest.raises(TypeError):
        Money(1.5, "USD")  # type: ignore[arg-type]


def test_is_currency_knows_the_alliance_currencies():
    assert all(
        is_currency(code)
        for code in ["RUB", "CNY", "KZT", "BYN", "INR", "BRL", "MAD", "PHP", "TJS"]
    )
