"""A small in-memory inventory for a neighbourhood café.

Tracks items, stock levels and reorder thresholds, and can produce a
plain-text report for the morning shift.
"""

from dataclasses import dataclass, field
from functools import wraps

# Default settings; the aligned block keeps the knobs easy to scan.
DEFAULT_THRESHOLD = 5
MAX_QUANTITY      = 10_000
CURRENCY          = "EUR"
CURRENCY_SIGN     = "€"
REPORT_WIDTH      = 48

WELCOME_BANNER = (
    "Welcome to the inventory tool. Quantities are counted in units, prices "
    "are stored in cents to avoid rounding surprises, and every change is "
    "logged so that the closing shift can reconcile the shelves with the till."
)


def logged(method):
    """Record the name of every mutating call in the inventory's log."""

    @wraps(method)
    def wrapper(self, *args, **kwargs):
        self.log.append(f"{method.__name__}{args}")
        return method(self, *args, **kwargs)

    return wrapper


@dataclass
class Item:
    sku: str
    name: str
    price_cents: int
    quantity: int = 0
    tags: set = field(default_factory=set)

    def __repr__(self):
        return f"Item({self.sku!r}, {self.name!r}, qty={self.quantity})"

    @property
    def value_cents(self):
        return self.price_cents * self.quantity


class Inventory:
    """A collection of items keyed by SKU."""

    def __init__(self, threshold=DEFAULT_THRESHOLD):
        self.items = {}
        self.threshold = threshold
        self.log = []

    def __len__(self):
        return len(self.items)

    def __contains__(self, sku):
        return sku in self.items

    def __repr__(self):
        return f"<Inventory items={len(self)} threshold={self.threshold}>"

    @logged
    def add(self, item):
        if item.sku in self.items:
            raise KeyError(f"duplicate SKU: {item.sku}")
        self.items[item.sku] = item

    @logged
    def restock(self, sku, amount):
        item = self.items[sku]
        item.quantity = min(item.quantity + amount, MAX_QUANTITY)
        return item.quantity

    def low_stock(self, tags=None):
        """Return items at or below the threshold, optionally by tag."""
        result = []
        for item in self.items.values():
            if item.quantity <= self.threshold:
                if tags:
                    for tag in tags:
                        if tag in item.tags:
                            if item not in result:
                                result.append(item)
                else:
                    result.append(item)
        return sorted(result, key=lambda i: i.quantity)

    def report(self):
        lines = [f"{'SKU':<8}{'Name':<24}{'Qty':>6}{'Value':>10}"]
        lines.append("-" * REPORT_WIDTH)
        for item in sorted(self.items.values(), key=lambda i: i.sku):
            value = item.value_cents / 100
            lines.append(
                f"{item.sku:<8}{item.name:<24}{item.quantity:>6}"
                f"{value:>9.2f}{CURRENCY_SIGN}"
            )
        return "\n".join(lines)


if __name__ == "__main__":
    shop = Inventory(threshold=3)
    shop.add(Item("C-001", "Café crème", 320, 12, {"drinks"}))
    shop.add(Item("P-014", "Pain au chocolat", 180, 2, {"bakery"}))
    shop.add(Item("T-007", "抹茶ラテ", 410, 1, {"drinks", "seasonal"}))
    shop.restock("P-014", 20)
    print(WELCOME_BANNER)
    print(shop.report())
    print(shop.low_stock(tags={"drinks"}))
