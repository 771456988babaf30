"""Units an amount is measured in, and the units of time ("over five years" is a span, not a count)."""

from __future__ import annotations

# Words glued to digits that still make an amount: "5km", "4.5bn", "10x".
GLUED_UNITS = frozenset({
    "km", "kg", "mm", "cm", "m", "mi", "mph", "kph", "kmh", "ft", "lb", "lbs", "t", "g", "ml",
    "l", "gb", "mb", "tb", "mw", "gw", "kw", "kwh", "gwh", "twh", "x", "bn", "mn", "mln", "k",
    "tn", "b", "sq", "c", "f",
})  # fmt: skip
MEASURE_UNITS = GLUED_UNITS | frozenset({
    "percent", "kilometres", "kilometers", "miles", "metres", "meters", "tonnes", "tons",
    "barrels", "hectares", "acres", "degrees", "points", "pct", "feet", "inches",
})  # fmt: skip

TIME_UNITS = frozenset({"second", "seconds", "minute", "minutes", "hour", "hours", "day", "days", "week",
                        "weeks", "month", "months", "year", "years", "decade", "decades", "century",
                        "centuries", "weekend", "weekends", "night", "nights", "season", "seasons"})
