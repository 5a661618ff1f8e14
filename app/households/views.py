"""Pages for households: list, detail, create and edit, merge; the import is in import_views."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.addresses.belgian import address_key
from app.addresses.location import POSITION_SOURCES, TYPED
from app.audit.services import record_read
from app.extensions import db
from app.households import services
from app.households.forms import HouseholdForm, MergeForm
from app.households.models import AGE_BANDS, CONSENT, Household
from app.households.queries import (
    household_counts,
    household_list,
    near_duplicates,
    organisation_choices,
)
from app.households.rules import LANGUAGES, place
from app.http import flash_and_redirect, render_form
from app.lists import int_arg, page_of, search_text
from app.permissions import can_manage_households, permission_required
from app.wijken.queries import wijk_choices


@permission_required(can_manage_households)
def list_households():
    filters = {
        "q": search_text(),
        "wijk": int_arg("wijk"),
        "organisation": int_arg("organisation"),
    }
    page = page_of(household_list(**filters))
    record_read("households_listed", "household", [h.id for h in page.items])
    return render_template(
        "households/list.html",
        page=page,
        filters=filters,
        wijken=wijk_choices(),
        organisations=organisation_choices(),
    )


def _form_page(form, household, duplicates):
    # The household being edited and the near-duplicates of the address typed are both shown.
    record_read(
        "household_viewed" if household else "households_listed",
        "household",
        ([household] if household else []) + duplicates,
        subject=household,
        purpose="edit" if household else "duplicates",
    )
    return render_form(
        "households/form.html",
        form=form,
        household=household,
        duplicates=duplicates,
        age_bands=AGE_BANDS,
    )


@permission_required(can_manage_households)
def create_household():
    form = HouseholdForm()
    duplicates = []
    if form.validate_on_submit():
        duplicates = near_duplicates(form.placement.address)
        if not duplicates or form.confirm_duplicate.data:
            household = services.create_household(form.values())
            return flash_and_redirect(
                _("Huishouden bewaard in wijk %(n)s.", n=household.wijk_number),
                "households.show_household",
                household_id=household.id,
            )
    return _form_page(form, None, duplicates)


def _typed_position(household: Household) -> bool:
    """Coordinates someone typed in (older records did not say where theirs came from)."""
    return household.lat is not None and household.position_source in (None, TYPED)


def _automatic_wijk(household: Household) -> int | None:
    typed = _typed_position(household)
    placed = place(
        household.street,
        household.number,
        household.box,
        household.postcode,
        lat=household.lat if typed else None,
        lon=household.lon if typed else None,
    )
    return None if isinstance(placed, list) else placed.wijk_number


@permission_required(can_manage_households)
def edit_household(household_id: int):
    household = db.get_or_404(Household, household_id)
    form = HouseholdForm(obj=household, partner_id=household.partner_organisation_id)
    if request.method == "GET":
        # Show "automatic" when the wijk follows from the address, so that a new street moves it.
        automatic = _automatic_wijk(household) == household.wijk_number
        form.wijk.data = "" if automatic else str(household.wijk_number)
        form.partner_organisation_id.data = str(household.partner_organisation_id or "")
        # Only typed coordinates are shown to edit: a looked-up position follows the address.
        typed = _typed_position(household)
        form.lat.data = str(household.lat) if typed else ""
        form.lon.data = str(household.lon) if typed else ""
    duplicates = []
    if form.validate_on_submit():
        values = form.values()
        new_key = address_key(values["street"], values["number"], values["box"], values["postcode"])
        if new_key != household.address_key:
            duplicates = near_duplicates(form.placement.address, exclude_id=household.id)
        if not duplicates or form.confirm_duplicate.data:
            changed = services.update_household(household, values)
            return flash_and_redirect(
                _("Wijzigingen bewaard.") if changed else _("Niets gewijzigd."),
                "households.show_household",
                household_id=household.id,
            )
    return _form_page(form, household, duplicates)


@permission_required(can_manage_households)
def show_household(household_id: int):
    household = db.get_or_404(Household, household_id)
    duplicates = near_duplicates(household, exclude_id=household.id)
    record_read("household_viewed", "household", [household, *duplicates], subject=household)
    return render_template(
        "households/detail.html",
        household=household,
        counts=household_counts(household.id),
        duplicates=duplicates,
        age_bands=AGE_BANDS,
        consent=CONSENT,
        languages=LANGUAGES,
        position_source=POSITION_SOURCES.get(
            household.position_source or (TYPED if household.lat is not None else "")
        ),
    )


@permission_required(can_manage_households)
def choose_merge(household_id: int):
    household = db.get_or_404(Household, household_id)
    other_id = int_arg("met")
    if other_id and other_id != household.id:
        return redirect(
            url_for("households.merge_households", household_id=household.id, other_id=other_id)
        )
    duplicates = near_duplicates(household, exclude_id=household.id)
    record_read(
        "household_viewed",
        "household",
        [household, *duplicates],
        subject=household,
        purpose="merge",
    )
    return render_template(
        "households/merge_choose.html",
        household=household,
        duplicates=duplicates,
        invalid=request.args.get("met") is not None,
    )


@permission_required(can_manage_households)
def merge_households(household_id: int, other_id: int):
    first, second = db.get_or_404(Household, household_id), db.get_or_404(Household, other_id)
    if first.id == second.id:
        return redirect(url_for("households.choose_merge", household_id=first.id))
    form = MergeForm(first=first, second=second)
    if form.validate_on_submit():
        keep, remove = (first, second) if form.keep.data == str(first.id) else (second, first)
        removed_id = remove.id
        services.merge_households(keep, remove)
        flash(
            _(
                "Samengevoegd: huishouden #%(removed)s is opgenomen in dit huishouden.",
                removed=removed_id,
            ),
            "success",
        )
        return redirect(url_for("households.show_household", household_id=keep.id))
    record_read("household_viewed", "household", [first, second], purpose="merge")
    return render_form(
        "households/merge_confirm.html",
        form=form,
        pair=[(first, household_counts(first.id)), (second, household_counts(second.id))],
        age_bands=AGE_BANDS,
    )
