"""Pages for the family's data rights: find, see everything, export as JSON, erase.

Coordinators and admins: coordinators already keep the households (create, edit, merge,
import) and are the ones a family or a partner turns to; every view, export and erasure is in
the audit trail for the admin to check.
"""

import json

from flask import Response, render_template, request
from flask_babel import gettext as _

from app.audit.services import record_read
from app.extensions import db
from app.households.models import AGE_BANDS, CONSENT, Household
from app.households.rules import LANGUAGES
from app.http import flash_and_redirect, render_form
from app.permissions import can_exercise_data_rights, permission_required
from app.privacy import queries, services
from app.privacy.forms import EraseForm
from app.visits.codes import FOLLOW_UP_KINDS, INFO_GIVEN, INTERESTS, OUTCOMES


@permission_required(can_exercise_data_rights)
def find_household():
    q = request.args.get("q", "").strip()
    households = queries.find_households(q) if q else None
    record_read("households_listed", "household", households or [], purpose="data_rights")
    return render_template("privacy/find.html", q=q, households=households)


@permission_required(can_exercise_data_rights)
def show_household(household_id: int):
    found = queries.household_record(db.get_or_404(Household, household_id))
    record_read(
        "household_viewed",
        "household",
        [found.household],
        subject=found.household,
        purpose="data_rights",
    )
    return render_template(
        "privacy/show.html",
        found=found,
        age_bands=AGE_BANDS,
        consent=CONSENT,
        languages=LANGUAGES,
        outcomes=OUTCOMES,
        interests=INTERESTS,
        info_given=INFO_GIVEN,
        kinds=FOLLOW_UP_KINDS,
    )


@permission_required(can_exercise_data_rights)
def export_household(household_id: int):
    found = queries.household_record(db.get_or_404(Household, household_id))
    body = json.dumps(queries.record_as_json(found), ensure_ascii=False, indent=2)
    services.record_export(found.household)
    return Response(
        body,
        mimetype="application/json",
        headers={
            "Content-Disposition": f'attachment; filename="huishouden-{household_id}.json"',
            "Cache-Control": "no-store",
        },
    )


@permission_required(can_exercise_data_rights)
def erase_household(household_id: int):
    found = queries.household_record(db.get_or_404(Household, household_id))
    form = EraseForm()
    if form.validate_on_submit():
        services.erase_household(found)
        return flash_and_redirect(
            _("Huishouden #%(id)s en alles erover is gewist.", id=household_id),
            "privacy.find_household",
        )
    record_read(
        "household_viewed", "household", [found.household], subject=found.household, purpose="erase"
    )
    return render_form("privacy/erase.html", form=form, found=found)
