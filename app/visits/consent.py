"""The family's consent, as a visit leaves it: one rule for a stored visit and a kept unplaced one.

Without the family's consent we keep what happened and what was handed over, not what they told
us (DOMAIN.md: the least that serves the family). That holds for every outcome: a note at a closed
door can speak about the family just as well.
"""

GIVEN = "given"


def consent_after(current: str, outcome: str, answer: bool | None) -> str:
    """The household's consent ("given", "refused" or "unknown") once a visit with this outcome
    and this answer at the door is stored.

    Only a contact asks the family: a yes gives consent; a no withdraws consent that was given,
    from now on, and leaves any other consent as it was. What another outcome says about consent
    changes nothing: nobody at the door was asked.
    """
    if outcome != "contact" or answer is None:
        return current
    if answer:
        return GIVEN
    return "refused" if current == GIVEN else current


def consent_undone(current: str, before: str | None) -> str:
    """The household's consent once a visit that changed it from `before` is undone: `before`
    again, unless something else changed it since (then that later answer stands)."""
    if before is None:
        return current
    left = "refused" if before == GIVEN else GIVEN  # the only two changes consent_after makes
    return before if current == left else current


def answers_kept(consent: str) -> bool:
    """Whether a visit keeps what the family told us (interests, follow-up, notes, language),
    given the household's consent after the visit (consent_after)."""
    return consent == GIVEN
