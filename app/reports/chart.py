"""A small progress chart drawn on the server: bars for visits per day, a line for stops reached.

Returns plain numbers for the template to place in an <svg>; the same figures go in a table next
to it, so the chart needs no colour or sight to be understood.
"""

from dataclasses import dataclass

WIDTH, HEIGHT = 600, 220
LEFT, RIGHT, TOP, BOTTOM = 40, 12, 12, 36


@dataclass
class Chart:
    width: int
    height: int
    bars: list[dict]  # x, y, w, h, label, visits
    line: str  # SVG points of the cumulative line
    dots: list[tuple[float, float]]
    y_ticks: list[tuple[float, int]]
    baseline: float
    plot_left: int
    plot_right: int


def progress_chart(days: list[tuple[str, int, int]], planned: int) -> Chart | None:
    if not days:
        return None
    top_value = max(max(v for _d, v, _r in days), max(r for _d, _v, r in days), planned, 1)
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    step = plot_w / len(days)
    bar_w = max(2.0, step * 0.6)
    baseline = TOP + plot_h

    def y_of(value: float) -> float:
        return round(baseline - plot_h * value / top_value, 1)

    bars, points = [], []
    for index, (day, visits, reached) in enumerate(days):
        centre = LEFT + step * index + step / 2
        bars.append(
            {
                "x": round(centre - bar_w / 2, 1),
                "y": y_of(visits),
                "w": round(bar_w, 1),
                "h": round(baseline - y_of(visits), 1),
                "label": day[5:],
                "cx": round(centre, 1),
                "visits": visits,
                "show_label": len(days) <= 10 or index % -(-len(days) // 10) == 0,
            }
        )
        points.append((round(centre, 1), y_of(reached)))
    ticks = sorted({0, top_value // 2, top_value})
    return Chart(
        WIDTH,
        HEIGHT,
        bars,
        " ".join(f"{x},{y}" for x, y in points),
        points,
        [(y_of(t), t) for t in ticks],
        baseline,
        LEFT,
        WIDTH - RIGHT,
    )
