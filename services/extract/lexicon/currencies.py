"""Currencies: the signs and the upper-case codes written before an amount, by the unit they name."""

from __future__ import annotations

CURRENCY_SYMBOLS = {
    "$": "dollars", "€": "euros", "£": "pounds", "¥": "yen", "₽": "rubles",
    "₴": "hryvnias", "₹": "rupees",
}  # fmt: skip
CURRENCY_CODES = {"usd": "dollars", "eur": "euros", "gbp": "pounds"}
