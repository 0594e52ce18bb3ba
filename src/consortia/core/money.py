"""Money: a Decimal amount and an ISO 4217 currency code. Never floats, never mixed currencies."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import pycountry

_CURRENCIES = frozenset(c.alpha_3 for c in pycountry.currencies)


def is_currency(code: str) -> bool:
    return code in _CURRENCIES


@dataclass(frozen=True, slots=True)
class Money:
    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        if not isinstance(self.amount, Decimal):
            raise TypeError("Money.amount must be a Decimal")
        if not self.amount.is_finite():
            raise ValueError("Money.amount must be finite")
        if not is_currency(self.currency):
            raise ValueError(f"{self.currency!r} is not an ISO 4217 currency code")

    @classmethod
    def parse(cls, amount: str | int | Decimal, currency: str) -> "Money":
        try:
            value = Decimal(str(amount))
        except InvalidOperation as error:
            raise ValueError(f"{amount!r} is not a number") from error
        return cls(value, currency.upper())

    def __add__(self, other: "Money") -> "Money":
        if not isinstance(other, Money):
            return NotImplemented
        if other.currency != self.currency:
            raise ValueError(f"Cannot add {other.currency} to {self.currency} without a dated rate")
        return Money(self.amount + other.amount, self.currency)

    def __str__(self) -> str:
        return f"{self.amount:,.2f} {self.currency}"
