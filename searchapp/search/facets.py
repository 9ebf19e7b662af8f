"""Facet counts for the current matches, as {value, label, count, selected} lists."""

FACET_FIELDS = ("year", "month", "province", "district", "source")
_MONTH_LABEL = "Tháng {m}/{y}"


def _label(name, value):
    if name == "month":
        year, month = value.split("-")
        return _MONTH_LABEL.format(m=int(month), y=year)
    return value


def _order(name, items):
    """Dates newest first; places and sources by count, then name."""
    if name in ("year", "month"):
        return sorted(items, key=lambda kv: kv[0], reverse=True)
    return sorted(items, key=lambda kv: (-kv[1], kv[0]))


def facet_lists(counts_by_facet, selected, limit=50):
    """Per facet: the values among the matches with counts; a selected value always appears."""
    out = {}
    for name in FACET_FIELDS:
        counts = {k: v for k, v in counts_by_facet[name].items() if k}
        chosen = selected.get(name, "")
        if chosen and chosen not in counts:
            counts[chosen] = 0
        items = _order(name, counts.items())[:limit]
        if chosen and all(k != chosen for k, _ in items):
            items.append((chosen, counts[chosen]))
        out[name] = [
            {"value": k, "label": _label(name, k), "count": c, "selected": k == chosen} for k, c in items
        ]
    return out
