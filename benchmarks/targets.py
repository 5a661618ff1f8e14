"""What the benchmarks measure: one entry per page, with who asks for it and how to build its URL.

The round dashboard and the coverage pages belong to the reports feature; they are measured when
their URL exists in the app, and reported as skipped otherwise.
"""

import re
from dataclasses import dataclass

WORKER = "stoepbezoeker001@scale.gent"  # seed-scale gives this worker a route today
COORDINATOR = "coordinator@demo.gent"
PASSWORD = "stoepbezoek-demo"  # the public demo password (contract §2)  # noqa: S105


@dataclass(frozen=True)
class Target:
    name: str
    label: str
    pattern: str  # the URL with {placeholders} filled from the context (benchmarks/context.py)
    who: str | None = None  # None: anonymous
    method: str = "GET"
    kind: str = "public"  # public (target ≥ ½ hello, p95 < 50 ms) or staff (≥ ¼, < 100 ms)
    rule: str | None = None  # a regex the app's URL map must match, for optional pages

    def url(self, context: dict) -> str:
        return self.pattern.format(**context)


TARGETS = [
    Target("offer_wijk", "/aanbod?wijk=N", "/aanbod?wijk={wijk}"),
    Target("shortlink", "/q/<code>", "/q/{code}"),
    Target("api_activities", "/api/v1/activities", "/api/v1/activities"),
    Target("route_page", "route page (worker)", "/routes/{route_id}", WORKER, kind="staff"),
    Target(
        "post_visits",
        "POST /api/v1/visits (20 visits, 8 workers at once)",
        "/api/v1/visits",
        WORKER,
        method="POST",
        kind="staff",
    ),
    Target(
        "dashboard",
        "round dashboard",
        "/rondes/{round_id}/dashboard",
        COORDINATOR,
        kind="report",
        rule=r"^/rondes/<[^>]+>/dashboard$",
    ),
    Target(
        "coverage",
        "coverage page /dekking",
        "/dekking",
        COORDINATOR,
        kind="report",
        rule=r"^/dekking$",
    ),
    Target(
        "coverage_api",
        "GET /api/v1/coverage",
        "/api/v1/coverage",
        COORDINATOR,
        kind="report",
        rule=r"^/api/v1/coverage$",
    ),
]

# The pages issue 17 measures through deploy/nginx.conf as well as at the origin.
FRONT_TARGETS = ("offer_wijk", "api_activities", "shortlink", "route_page", "post_visits")
PUBLIC_LANGUAGES = ("nl", "en", "fr", "tr", "bg", "ar", "uk")

# Pages whose first-visit weight (what Chromium downloads, benchmarks/inprocess.py) is measured:
# /aanbod in every public language (a first visit with ?lang=, as a flyer's link opens it).
WEIGHT_PAGES = [
    *((f"/aanbod ({lang})", f"/aanbod?lang={lang}", None, 30) for lang in PUBLIC_LANGUAGES),
    ("/aanbod?wijk=N", "/aanbod?wijk={wijk}", None, 30),
    ("/login", "/login", None, None),
    ("route page", "/routes/{route_id}", WORKER, 60),
]
LIGHTHOUSE_PAGES = [
    ("/aanbod (nl)", "/aanbod?lang=nl", None),
    ("/aanbod (ar)", "/aanbod?lang=ar", None),
    ("/aanbod?wijk=N", "/aanbod?wijk={wijk}", None),
    ("route page, 60 stops", "/routes/{long_route_id}", WORKER),
]


def available(target: Target, app) -> bool:
    if target.rule is None:
        return True
    return any(re.match(target.rule, rule.rule) for rule in app.url_map.iter_rules())
