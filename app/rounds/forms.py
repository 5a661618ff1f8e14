"""Forms to plan a round: its details, adding households, cutting and editing routes."""

from flask import request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    ValidationError,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from app.extensions import db
from app.forms import NotBefore
from app.rounds.queries import partner_choices, worker_choices
from app.stock.models import PackageType
from app.wijken.models import Wijk


class Checkboxes(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def wijk_choices():
    return [(w.number, f"{w.number}. {w.name}") for w in db.session.scalars(db.select(Wijk))]


def package_type_choices():
    rows = db.session.scalars(
        db.select(PackageType).where(PackageType.active.is_(True)).order_by(PackageType.name)
    )
    return [(p.id, p.name) for p in rows]


class RoundForm(FlaskForm):
    name = StringField(_l("Naam"), validators=[DataRequired(), Length(max=120)])
    start_date = DateField(_l("Van"), validators=[DataRequired()])
    end_date = DateField(
        _l("Tot en met"),
        validators=[DataRequired(), NotBefore("start_date", _l("Het einde ligt voor het begin."))],
    )
    wijken = Checkboxes(_l("Wijken"), coerce=int)
    package_types = Checkboxes(_l("Pakketjes"), coerce=int)
    max_attempts = IntegerField(
        _l("Pogingen per adres"), default=3, validators=[DataRequired(), NumberRange(1, 10)]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.wijken.choices = wijk_choices()
        self.package_types.choices = package_type_choices()

    def validate_wijken(self, field):
        if not field.data:
            raise ValidationError(_l("Kies minstens één wijk."))


class AddByWijkForm(FlaskForm):
    wijk = SelectField(_l("Wijk"), coerce=int)

    def __init__(self, *args, round_=None, **kwargs):
        super().__init__(*args, prefix="wijk", **kwargs)
        wijken = round_.wijken if round_ and round_.wijken else db.session.scalars(db.select(Wijk))
        self.wijk.choices = [(w.number, f"{w.number}. {w.name}") for w in wijken]


class AddByPartnerForm(FlaskForm):
    partner = SelectField(_l("Partnerorganisatie"), coerce=int)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="partner", **kwargs)
        self.partner.choices = [(o.id, o.name) for o in partner_choices()]


class PickForm(FlaskForm):
    household = SelectMultipleField(coerce=int, validate_choice=False)

    def validate_household(self, field):
        if not field.data:
            raise ValidationError(_l("Vink minstens één adres aan."))


class CutForm(FlaskForm):
    routes = IntegerField(
        _l("Aantal routes"), default=2, validators=[DataRequired(), NumberRange(1, 50)]
    )
    replace = BooleanField(_l("Bestaande routes vervangen"))


class NewRouteForm(FlaskForm):
    name = StringField(_l("Naam van de nieuwe route"), validators=[DataRequired(), Length(max=120)])


class RouteWorkers:
    """A route's one or two workers: on the route's own form and on the planning screen."""

    worker_1 = SelectField(_l("Stoepbezoeker"), coerce=int)
    worker_2 = SelectField(_l("Tweede stoepbezoeker (optioneel)"), coerce=int)

    def offer_workers(self, workers: list[tuple[int, str]]) -> None:
        self.worker_1.choices = [(0, _l("Nog niemand"))] + workers
        self.worker_2.choices = [(0, _l("Niemand"))] + workers

    def validate_worker_2(self, field):
        if field.data and field.data == self.worker_1.data:
            raise ValidationError(_l("Kies twee verschillende mensen."))

    def worker_ids(self) -> list[int]:
        return [i for i in (self.worker_1.data, self.worker_2.data) if i]


def worker_options() -> list[tuple[int, str]]:
    return [(u.id, f"{u.name} ({u.organisation.name})") for u in worker_choices()]


class RouteForm(RouteWorkers, FlaskForm):
    name = StringField(_l("Naam"), validators=[DataRequired(), Length(max=120)])
    date = DateField(_l("Datum"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.offer_workers(worker_options())


class MoveForm(FlaskForm):
    route_id = SelectField(_l("Naar route"), coerce=int)

    def __init__(self, *args, round_=None, **kwargs):
        super().__init__(*args, **kwargs)
        routes = round_.routes if round_ else []
        self.route_id.choices = [(0, _l("Geen route"))] + [(r.id, r.name) for r in routes]


class RoutePlan(RouteWorkers, Form):
    """One route's date and workers on the planning screen (the outer form carries the CSRF)."""

    route_id = HiddenField()
    date = DateField(_l("Datum"), validators=[Optional()])


class PlanRoutesForm(FlaskForm):
    """Dates and workers for all routes of a round: one form, one submit."""

    routes = FieldList(FormField(RoutePlan))

    def __init__(self, *args, round_, **kwargs):
        if "formdata" not in kwargs and not args:
            kwargs["data"] = {"routes": [_plan_data(route) for route in round_.routes_in_order]}
            if request.method == "POST":
                # FieldList reads every key as text: a field name that is not one (junk a
                # client may send) would fail it, so only named fields are passed on.
                kwargs["formdata"] = MultiDict(
                    (key, value)
                    for key, value in request.form.items(multi=True)
                    if isinstance(key, str) and key
                )
        super().__init__(*args, **kwargs)
        self.round_ = round_
        workers = worker_options()
        names = {route.id: route.name for route in round_.routes}
        for entry in self.routes:
            entry.form.offer_workers(workers)
            entry.route_name = names.get(_int(entry.form.route_id.data), "")

    def validate_routes(self, field):
        ids = [_int(entry.form.route_id.data) for entry in field]
        if sorted(ids) != sorted(route.id for route in self.round_.routes):
            raise ValidationError(
                _l("De routes van deze ronde zijn intussen veranderd. Laad de pagina opnieuw.")
            )
        start, end = self.round_.start_date, self.round_.end_date
        for entry in field:
            day = entry.form.date.data
            if day and not start <= day <= end:
                entry.form.date.errors.append(
                    _l(
                        "Deze datum valt buiten de ronde (%(start)s – %(end)s).",
                        start=start.isoformat(),
                        end=end.isoformat(),
                    )
                )
        if any(entry.form.errors for entry in field):
            raise ValidationError(_l("Kijk de routes in het rood na."))

    @property
    def problems(self) -> list[str]:
        """The form's own messages (each route's sit with its fields)."""
        return [str(error) for error in self.routes.errors if not isinstance(error, dict)]


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _plan_data(route) -> dict:
    ids = [w.id for w in route.workers] + [0, 0]
    return {"route_id": route.id, "date": route.date, "worker_1": ids[0], "worker_2": ids[1]}
