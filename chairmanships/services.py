"""Writes that must keep the chairmanship invariants. The admin and the tests call these."""

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dialogue.records.models import DatePrecision, format_date

from .models import Chairmanship, Handover, MemberState


class HandoverRefused(ValidationError):
    """The handover was not recorded; the message says why. Nothing was changed."""


def check_handover(
    *,
    outgoing: Chairmanship,
    to_state: MemberState,
    on: date,
    date_precision: str = DatePrecision.DAY,
) -> None:
    """Raise HandoverRefused if passing the chair from `outgoing` to `to_state` on `on` is wrong.

    Writes nothing, so the admin can ask before it shows its confirmation page.
    """
    if not outgoing.is_current:
        raise HandoverRefused(
            _(
                "The chair of %(state)s was handed over by someone else a moment ago. "
                "Reload the page to see the new current chairmanship."
            )
            % {"state": outgoing.state}
        )
    # Each refusal about one of the facts entered names its field (the form shows it there).
    if to_state.pk == outgoing.state_id:
        raise HandoverRefused(
            {
                "to_state": _(
                    "%(state)s already holds the chair: a handover goes to another state."
                )
                % {"state": to_state}
            }
        )
    if on <= outgoing.starts_on:
        raise HandoverRefused(
            {
                "on": _("The handover date must fall after %(state)s took the chair (%(start)s).")
                % {
                    "state": outgoing.state,
                    "start": format_date(outgoing.starts_on, outgoing.date_precision),
                }
            }
        )
    if on > timezone.localdate():
        raise HandoverRefused(
            {
                "on": _(
                    "The handover date %(date)s is in the future. Record a handover on or "
                    "after the day it happens."
                )
                % {"date": format_date(on, date_precision)}
            }
        )
    if not to_state.is_member_on(on):
        raise HandoverRefused(
            {
                "to_state": _("%(state)s is not a member state on %(date)s.")
                % {"state": to_state, "date": format_date(on, date_precision)}
            }
        )


@transaction.atomic
def hand_over(
    *,
    to_state: MemberState,
    on: date,
    outgoing: Chairmanship | None = None,
    notes: str = "",
    date_precision: str = DatePrecision.DAY,
    recorded_by: AbstractBaseUser | None = None,
) -> Handover:
    """Close the current chairmanship on `on` and open `to_state`'s; change nothing if refused.

    The outgoing term ends on `on` and the incoming one starts that same day;
    `date_precision` says how much of that date the source gives. Pass `outgoing`
    (the chairmanship the user saw as current) to be refused if the chair has
    passed on meanwhile. Two staff recording a handover at the same moment: the
    current chairmanship row is locked, so the second waits, then finds the chair
    already passed and is refused (on PostgreSQL the exclusion constraint is a
    second guard).
    """
    if outgoing is None:
        outgoing = Chairmanship.objects.current().first()
        if outgoing is None:
            raise HandoverRefused(
                _(
                    "No chairmanship is current, so there is no chair to hand over. "
                    "Add the current chairmanship first."
                )
            )
    locked = Chairmanship.objects.select_for_update().select_related("state").get(pk=outgoing.pk)
    check_handover(outgoing=locked, to_state=to_state, on=on, date_precision=date_precision)

    locked.ends_on = on
    incoming = Chairmanship(state=to_state, starts_on=on, date_precision=date_precision)
    try:
        locked.full_clean()
        locked.save(update_fields=["ends_on"])
        incoming.full_clean()
        incoming.save()
        handover = Handover(
            outgoing=locked, incoming=incoming, notes=notes, recorded_by=recorded_by
        )
        handover.full_clean()
        handover.save()
    except ValidationError as error:
        raise HandoverRefused(error.messages) from error
    except IntegrityError as error:
        raise HandoverRefused(
            _(
                "Another handover was recorded at the same moment; nothing was changed. "
                "Reload the page to see the current chairmanship."
            )
        ) from error
    return handover
