"""Plane geometry helpers: points, polygons and a tiny SVG exporter."""

from __future__ import annotations

import math
from typing import Iterable, NamedTuple, Sequence


class Point(NamedTuple):
    x: float
    y: float

    def distance_to(self, other: Point) -> float:
        return math.hypot(self.x - other.x, self.y - other.y)

    def rotated(self, angle: float, origin: Point | None = None) -> Point:
        ox, oy = origin if origin is not None else (0.0, 0.0)
        cos_a, sin_a = math.cos(angle), math.sin(angle)
        dx, dy = self.x - ox, self.y - oy
        return Point(ox + dx * cos_a - dy * sin_a,
                     oy + dx * sin_a + dy * cos_a)


def polygon_area(points: Sequence[Point]) -> float:
    """Signed area via the shoelace formula (positive if counter-clockwise)."""
    total = 0.0
    for i, current in enumerate(points):
        following = points[(i + 1) % len(points)]
        total += current.x * following.y - following.x * current.y
    return total / 2.0


def perimeter(points: Sequence[Point]) -> float:
    return sum(points[i].distance_to(points[(i + 1) % len(points)])
               for i in range(len(points)))


def bounding_box(points: Iterable[Point]) -> tuple[Point, Point]:
    xs, ys = zip(*points)
    return Point(min(xs), min(ys)), Point(max(xs), max(ys))


def centroid(points: Sequence[Point]) -> Point:
    area = polygon_area(points)
    if math.isclose(area, 0.0):
        raise ValueError("degenerate polygon has no centroid")
    cx = cy = 0.0
    for i, p in enumerate(points):
        q = points[(i + 1) % len(points)]
        cross = p.x * q.y - q.x * p.y
        cx += (p.x + q.x) * cross
        cy += (p.y + q.y) * cross
    return Point(cx / (6.0 * area), cy / (6.0 * area))


SVG_TEMPLATE = """\
<svg xmlns="http://www.w3.org/2000/svg" viewBox="{viewbox}">
    <polygon points="{points}"
             fill="none"
             stroke="black" />
</svg>
"""


def to_svg(points: Sequence[Point], margin: float = 1.0) -> str:
    low, high = bounding_box(points)
    viewbox = (f"{low.x - margin} {low.y - margin} "
               f"{high.x - low.x + 2 * margin} {high.y - low.y + 2 * margin}")
    joined = " ".join(f"{p.x:g},{p.y:g}" for p in points)
    return SVG_TEMPLATE.format(viewbox=viewbox, points=joined)


if __name__ == "__main__":
    square = [Point(0, 0), Point(4, 0), Point(4, 4), Point(0, 4)]
    turned = [p.rotated(math.pi / 4, origin=Point(2, 2)) for p in square]
    print(f"area={polygon_area(square)} perimeter={perimeter(square)}")
    print(f"centroid of rotated square: {centroid(turned)}")
    print(to_svg(square))
