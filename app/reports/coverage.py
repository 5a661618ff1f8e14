"""Coverage and gaps, assembled from the counts of `queries`: the matrix, demand per wijk, the
ranked gaps in plain words, and the text of a call made from selected gaps.

A gap is an interest category that families of a wijk asked for at the door while the wijk has
weeks of the season without an activity of that category. Gaps rank by families asking × weeks
without offer: many families and a long empty stretch come first.
"""

from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import ngettext

from app.reports import queries
from app.season import Season, format_week_range
from app.visits.codes import INTERESTS
from app.wijken.queries import all_wijken


@dataclass
class MatrixRow:
    number: int
    name: str
    cells: list[int]  # one per season week, in order
    total: int  # distinct activities over the season


@dataclass
class Matrix:
    weeks: list[str]
    rows: list[MatrixRow]
    column_totals: list[int]
    total: int

    @property
    def empty_cells(self) -> int:
        return sum(1 for row in self.rows for n in row.cells if n == 0)


def coverage_matrix(season: Season, filters: queries.OfferFilters) -> Matrix:
    """The 25 wijken × the season's weeks; two GROUP BY queries (plus the wijk list)."""
    cells = queries.activities_per_wijk_week(season, filters)
    per_wijk = queries.activities_per_wijk(season, filters)
    weeks = season.weeks
    rows = [
        MatrixRow(
            w.number,
            w.name,
            [cells.get((w.number, week), 0) for week in weeks],
            per_wijk.get(w.number, 0),
        )
        for w in all_wijken()
    ]
    column_totals = [sum(row.cells[i] for row in rows) for i in range(len(weeks))]
    return Matrix(weeks, rows, column_totals, sum(row.total for row in rows))


@dataclass
class Gap:
    wijk_number: int
    wijk_name: str
    category: str
    families: int
    weeks_without: list[str]
    weeks_with: list[str] = field(default_factory=list)

    @property
    def score(self) -> int:
        return self.families * len(self.weeks_without)

    @property
    def key(self) -> str:
        """The value of the gap's checkbox: wijk and category."""
        return f"{self.wijk_number}:{self.category}"

    @property
    def category_label(self) -> str:
        return str(INTERESTS.get(self.category, self.category)).lower()

    @property
    def sentence(self) -> str:
        asked = ngettext(
            "%(wijk)s: %(num)d gezin vroeg naar %(category)s",
            "%(wijk)s: %(num)d gezinnen vroegen naar %(category)s",
            self.families,
            wijk=self.wijk_name,
            category=self.category_label,
        )
        weeks = format_week_range(self.weeks_without)
        if not self.weeks_with:
            missing = _("geen aanbod van die soort in de hele zomer (weken %(weeks)s)", weeks=weeks)
        else:
            missing = ngettext(
                "geen aanbod van die soort in week %(weeks)s",
                "geen aanbod van die soort in weken %(weeks)s",
                len(self.weeks_without),
                weeks=weeks,
            )
        return _("%(asked)s; %(missing)s", asked=asked, missing=missing)


def find_gaps(season: Season, wijk_number: int | None = None) -> list[Gap]:
    """Ranked gaps (highest score first), from three GROUP BY queries."""
    names = {w.number: w.name for w in all_wijken()}
    demand = queries.interests_per_wijk(season, wijk_number)
    supply = queries.activities_per_category_week(season, wijk_number)
    weeks = season.weeks
    gaps = []
    for (number, code), families in demand.items():
        if code not in INTERESTS or families <= 0:
            continue
        with_offer = [w for w in weeks if supply.get((number, code, w), 0) > 0]
        without = [w for w in weeks if w not in with_offer]
        if without:
            gaps.append(
                Gap(number, names.get(number, str(number)), code, families, without, with_offer)
            )
    gaps.sort(key=lambda g: (-g.score, -g.families, g.wijk_number, g.category))
    return gaps


def gap_score_per_wijk(gaps: list[Gap]) -> dict[int, int]:
    scores: dict[int, int] = {}
    for gap in gaps:
        scores[gap.wijk_number] = scores.get(gap.wijk_number, 0) + gap.score
    return scores


def call_from_gaps(season: Season, gaps: list[Gap]) -> dict:
    """Target wijken, weeks and categories and a ready-to-send text for a call for offer."""
    wijken = sorted({(g.wijk_number, g.wijk_name) for g in gaps})
    weeks = sorted({w for g in gaps for w in g.weeks_without})
    categories = sorted({g.category for g in gaps})
    labels = [str(INTERESTS[c]).lower() for c in categories]
    wanted = "\n".join(
        "- "
        + _(
            "%(wijk)s: %(category)s, weken %(weeks)s",
            wijk=g.wijk_name,
            category=g.category_label,
            weeks=format_week_range(g.weeks_without),
        )
        for g in sorted(gaps, key=lambda g: (g.wijk_number, g.category))
    )
    message = "\n\n".join(
        [
            _("Beste partner,"),
            _(
                "Deze zomer vragen gezinnen in %(wijken)s naar %(categories)s voor hun kinderen "
                "tot 12 jaar, maar in die wijken is er in een aantal weken nog geen aanbod van die "
                "soort. We zoeken aanbod in weken %(weeks)s.",
                wijken=", ".join(name for _n, name in wijken),
                categories=", ".join(labels),
                weeks=format_week_range(weeks),
            ),
            _("Concreet zoeken we:") + "\n" + wanted,
            _(
                "Organiseer je iets dat past, of kan je een activiteit naar een van deze wijken "
                "brengen? Dien het in via de link in deze oproep. Denk aan gezinnen in een "
                "kwetsbare "
                "situatie: een lage prijs of kansentarief en uitleg in eenvoudige taal helpen."
            ),
            _("Alvast bedankt!"),
        ]
    )
    title = _(
        "Zomer %(year)s: aanbod gezocht in %(wijken)s",
        year=season.year,
        wijken=", ".join(name for _n, name in wijken),
    )
    return {
        "title": title[:160],
        "message": message,
        "season_year": season.year,
        "target_wijken": [n for n, _name in wijken],
        "target_weeks": weeks,
        "target_categories": categories,
    }
