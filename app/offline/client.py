"""What the field pages tell the offline client: who is signed in, its URLs and its strings.

The worker is named to the script by a keyed hash of the user id, never the id or e-mail: the
phone's queue is tagged with it, so visits are only ever sent by the worker who logged them.
"""

import hashlib
import hmac

from flask import current_app, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from app.permissions import can_use_field_client
from app.visits.clock import TELL_SECONDS
from app.visits.codes import CLOSING_OUTCOMES, OUTCOMES

USER_HEADER = "X-Stoep-User"


def user_key(user) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"field-user:{user.id}".encode(), hashlib.sha256).hexdigest()[:24]


def strings() -> dict:
    """Every sentence the script may show, in the page's language: looked up once per language
    and process (every page of a worker carries them)."""
    known = current_app.extensions.setdefault("field_client_strings", {})
    locale = str(get_locale())
    if locale not in known:
        known[locale] = _strings()
    return known[locale]


def _strings() -> dict:
    """`{n}` and friends are filled in by the script; the translator sees them as ordinary
    %(n)s placeholders."""
    return {
        "pending_none": _("Alle bezoeken zijn verzonden."),
        "pending_one": _("1 bezoek nog niet verzonden."),
        "pending_many": _("%(n)s bezoeken nog niet verzonden.", n="{n}"),
        "last_sync": _("Laatst verzonden om %(time)s.", time="{time}"),
        "nothing_waiting": _("Er wacht niets om te verzenden."),
        "offline": _("Geen verbinding: je bezoeken staan veilig op deze telefoon."),
        "server": _("De server antwoordt niet. We proberen het straks opnieuw."),
        "signed_out": _("Je sessie is verlopen. Meld je opnieuw aan om je bezoeken te verzenden."),
        "other_user": _(
            "Je bent als iemand anders aangemeld. Deze bezoeken wachten tot hun eigenaar zich "
            "aanmeldt."
        ),
        "sign_in": _("Aanmelden"),
        "ready": _("Je route van vandaag werkt ook zonder netwerk."),
        "no_offline": _(
            "Zonder netwerk werken kan niet op deze telefoon: hij laat geen bezoeken bewaren. "
            "Elk bezoek wordt meteen verzonden en heeft dus bereik nodig."
        ),
        "clock_off": _(
            "De klok van deze telefoon staat verkeerd. De tijden van je bezoeken worden "
            "verbeterd; zet de klok juist als je kan."
        ),
        "queued": _("nog niet verzonden"),
        "rejected": _("Niet bewaard: %(reason)s", reason="{reason}"),
        "rejected_one": _("1 bezoek werd niet aanvaard en wordt niet verzonden."),
        "rejected_many": _(
            "%(n)s bezoeken werden niet aanvaard en worden niet verzonden.", n="{n}"
        ),
        "handed_over": _("Doorgegeven aan je coördinator, die het aan het gezin koppelt."),
        "fix_needs_signal": _(
            "Dit formulier staat niet op je telefoon. Probeer opnieuw met bereik."
        ),
        "fix": _("Aanpassen"),
        "discard": _("Weggooien"),
        "discard_confirm": _("Dit bezoek weggooien? Het wordt nergens bewaard."),
        "saved": _("%(outcome)s bewaard: %(address)s.", outcome="{outcome}", address="{address}"),
        "saved_not_home": _("Niet thuis bewaard voor %(n)s adressen.", n="{n}"),
        "saved_many": _("%(n)s bezoeken bewaard.", n="{n}"),
        "saved_here": _(
            "%(outcome)s bewaard op deze telefoon: %(address)s.",
            outcome="{outcome}",
            address="{address}",
        ),
        "saved_here_many": _("Niet thuis bewaard op deze telefoon voor %(n)s adressen.", n="{n}"),
        "already_saved": _("Dit bezoek was al bewaard: %(address)s.", address="{address}"),
        "not_saved_retry": _("Niet bewaard. Probeer opnieuw."),
        # Why a visit sent straight away (no queue on this phone) did not arrive.
        "no_signal": _("Geen verbinding."),
        "no_answer": _("De server antwoordt niet."),
        "not_saved_retry_because": _(
            "Niet bewaard: %(reason)s Probeer opnieuw.", reason="{reason}"
        ),
        "pick_first": _("Vink eerst de adressen aan."),
        "consent_needed": _(
            "Zonder akkoord bewaren we geen wensen, opvolging of notitie. "
            "Vink het akkoord aan, of maak die velden leeg."
        ),
        "signout_queued_one": _(
            "Je hebt 1 bezoek dat nog niet verzonden is. Het blijft op deze telefoon bewaard en "
            "wordt verzonden zodra jij je opnieuw aanmeldt."
        ),
        "signout_queued": _(
            "Je hebt %(n)s bezoeken die nog niet verzonden zijn. Ze blijven op deze telefoon "
            "bewaard en worden verzonden zodra jij je opnieuw aanmeldt.",
            n="{n}",
        ),
        "signout_rejected": _(
            "Niet aanvaard door de server: %(n)s. Die worden niet verzonden en blijven op deze "
            "telefoon tot je ze weggooit.",
            n="{n}",
        ),
        "signout_question": _("Toch afmelden?"),
        "progress": _("%(done)s / %(total)s bezocht", done="{done}", total="{total}"),
        "undo": _("Ongedaan maken"),
        "undone_here": _(
            "%(outcome)s ongedaan gemaakt: %(address)s. Het was nog niet verzonden.",
            outcome="{outcome}",
            address="{address}",
        ),
        "undo_needs_signal": _("Dit bezoek is al verzonden: ongedaan maken kan alleen met bereik."),
        "outcomes": {code: str(label) for code, label in OUTCOMES.items()},
    }


def client_config() -> dict:
    return {
        "urls": {
            "worker": url_for("offline.service_worker"),
            "visits": url_for("api.visits"),
            "home": url_for("field.today"),
            "login": url_for("auth.login", next=request.full_path.rstrip("?")),
            "login_after_sign_out": url_for("auth.login"),
            "signed_out": url_for("offline.signed_out_page"),
        },
        # After these a stop is done for the round: the page hides its buttons at once.
        "closing": sorted(CLOSING_OUTCOMES),
        # A phone whose clock is this far off (in seconds) says so.
        "clock_off_s": TELL_SECONDS,
        "strings": strings(),
    }


def inject_field_client() -> dict:
    """`field_client`: the worker's key and config on worker pages; `field_manifest` on the
    pages where the app can be installed (the worker's pages and the sign-in page)."""
    if not request or request.blueprint == "offline":
        return {}
    worker = can_use_field_client(current_user)
    signing_in = request.endpoint == "auth.login"
    return {
        "field_user": user_key(current_user) if worker else None,
        "field_client": client_config if worker else None,
        "field_manifest": worker or signing_in,
    }
