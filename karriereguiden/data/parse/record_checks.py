"""Checks of one record across its fields, once each field is read: a salary figure's
amount or range, a role's other names against its title."""

from __future__ import annotations

from .. import schema
from ..model import fold_spaces
from .report import MISSING, Report


def _finish_salary(report: Report, node, context, values: dict, pairs) -> bool:
    """A figure is either one 'amount' or a 'low'..'high' range; keep the model uniform."""
    amount, low, high = values.pop("amount"), values.get("low"), values.get("high")
    if MISSING in (amount, low, high):
        return False
    if amount is not None and (low is not None or high is not None):
        report.error(node, context, "write either 'amount' or 'low' and 'high', not both")
        return False
    if amount is not None:
        values["low"] = values["high"] = amount
    elif low is None and high is None:
        report.error(
            node, context, "'amount' is missing: write 'amount', or 'low' and 'high' for a range"
        )
        return False
    elif low is None or high is None:
        missing = "low" if low is None else "high"
        report.error(node, context, f"'{missing}' is missing: a range needs both 'low' and 'high'")
        return False
    elif low > high:
        report.error(pairs["low"][1], context, f"'low' ({low}) is above 'high' ({high})")
        return False
    includes, excludes = values.get("includes"), values.get("excludes")
    if MISSING in (includes, excludes):
        return False
    both = set(includes or ()) & set(excludes or ())
    if both:
        listed = ", ".join(sorted(both))
        report.error(pairs["excludes"][1], context, f"{listed} is both included and excluded")
        return False
    return _check_plausible(report, context, values, pairs)


def _check_plausible(report: Report, context, values: dict, pairs) -> bool:
    currency, period = values["currency"], values["period"]
    if MISSING in (currency, period):
        return False
    bounds = schema.PLAUSIBLE_AMOUNTS[currency]
    other = "year" if period == "month" else "month"
    lowest, highest = bounds[period]
    names = ("amount",) if "amount" in pairs else ("low", "high")
    ok = True
    for name in names:
        amount = values["low" if name == "amount" else name]
        if lowest <= amount <= highest:
            continue
        side, limit = ("below", lowest) if amount < lowest else ("above", highest)
        other_low, other_high = bounds[other]
        hint = (
            f"that looks like a {other}ly amount: check 'period'"
            if other_low <= amount <= other_high
            else "check the amount"
        )
        report.error(
            pairs[name][1],
            context,
            f"'{name}' {amount} {currency} per {period} is {side} {limit}; {hint}",
        )
        ok = False
    return ok


def _finish_role_text(report: Report, node, context, values: dict, pairs) -> bool:
    """Other names must add something: each once, and none the same as the title."""
    names, title = values.get("also_called"), values.get("title")
    if names in (None, MISSING):
        return True
    items = pairs["also_called"][1].value
    seen: dict[str, int] = {}
    ok = True
    for index, (name, item) in enumerate(zip(names, items, strict=True), start=1):
        key = fold_spaces(name).casefold()
        if not key:
            report.error(item, context, f"'also_called' item {index} is empty: write a name")
            ok = False
        elif title not in (None, MISSING) and key == fold_spaces(title).casefold():
            report.error(
                item,
                context,
                f"'also_called' item {index} '{name}' is the title itself: remove it "
                "(list only other names)",
            )
            ok = False
        elif key in seen:
            report.error(
                item,
                context,
                f"'also_called' item {index} '{name}' repeats item {seen[key]}: "
                "remove one (case does not count)",
            )
            ok = False
        seen.setdefault(key, index)
    return ok


FINISHERS = {
    schema.SALARY.model: _finish_salary,
    schema.ROLE_TEXT.model: _finish_role_text,
}
