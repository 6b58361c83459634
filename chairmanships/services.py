"""Writes that must keep the chairmanship invariants. The admin and the tests call these."""

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, RestrictedError
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

    Writes nothing, so the admin can ask before it shows its confirmation page. A date
    after today records the next chair as announced: `outgoing` stays current until then.
    Only one handover can be announced at a time, from the chairmanship holding the chair.
    """
    if outgoing.ends_on is not None:
        raise HandoverRefused(
            _(
                "The chair of %(state)s was handed over by someone else a moment ago. "
                "Reload the page to see the new current chairmanship."
            )
            % {"state": outgoing.state}
        )
    if outgoing.starts_on > timezone.localdate():
        raise HandoverRefused(
            _(
                "%(state)s takes the chair only on %(start)s: that handover is announced, "
                "not yet made. Change its date or withdraw it on the handover's page first."
            )
            % {
                "state": outgoing.state,
                "start": format_date(outgoing.starts_on, outgoing.date_precision),
            }
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

    The outgoing term ends on `on` and the incoming one starts that same day (a day after
    today announces the next chair: the site shows it as announced until then, and the
    change takes effect on that day with no one acting);
    `date_precision` says how much of that date the source gives. Pass `outgoing`
    (the chairmanship the user saw as current) to be refused if the chair has
    passed on meanwhile. Two staff recording a handover at the same moment: the
    current chairmanship row is locked, so the second waits, then finds the chair
    already passed and is refused (on PostgreSQL the exclusion constraint is a
    second guard).
    """
    if outgoing is None:
        outgoing = Chairmanship.objects.open().first()
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


def _refuse_unless_announced(handover: Handover) -> None:
    if not handover.is_announced:
        raise HandoverRefused(
            _(
                "The chair passed to %(state)s on %(date)s: a handover that has taken effect "
                "is part of the record and can no longer be moved or withdrawn."
            )
            % {
                "state": handover.incoming.state,
                "date": format_date(handover.handed_over_on, handover.incoming.date_precision),
            }
        )


def _locked(handover: Handover) -> tuple[Handover, Chairmanship, Chairmanship]:
    locked = Handover.objects.select_for_update().with_states().get(pk=handover.pk)
    pks = [locked.outgoing_id, locked.incoming_id]
    terms = Chairmanship.objects.select_for_update().select_related("state").in_bulk(pks)
    return locked, terms[locked.outgoing_id], terms[locked.incoming_id]


@transaction.atomic
def reschedule_handover(
    *,
    handover: Handover,
    on: date,
    date_precision: str | None = None,
    dry_run: bool = False,
) -> Handover:
    """Move an announced handover to another day: the outgoing term ends and the incoming
    one starts on `on`. Refused once the handover has taken effect; nothing changes if refused.
    With `dry_run` only check (the admin asks before it saves)."""
    handover, outgoing, incoming = _locked(handover)
    _refuse_unless_announced(handover)
    precision = date_precision or incoming.date_precision
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
    if not incoming.state.is_member_on(on):
        raise HandoverRefused(
            {
                "on": _("%(state)s is not a member state on %(date)s.")
                % {"state": incoming.state, "date": format_date(on, precision)}
            }
        )
    if dry_run:
        return handover
    later = on > incoming.starts_on
    outgoing.ends_on, incoming.starts_on, incoming.date_precision = on, on, precision
    # Save in the order that never makes the two terms overlap in between.
    first, second = (incoming, outgoing) if later else (outgoing, incoming)
    try:
        for term in (first, second):
            term.full_clean()
            term.save()
    except ValidationError as error:
        raise HandoverRefused(error.messages) from error
    except IntegrityError as error:
        raise HandoverRefused(
            _("Another change was saved at the same moment; nothing was changed. Reload the page.")
        ) from error
    return handover


@transaction.atomic
def withdraw_handover(*, handover: Handover) -> Chairmanship:
    """Withdraw an announced handover: delete it and the incoming chairmanship it opened
    (with that term's priorities and initiatives), and reopen the outgoing term. Refused
    once the handover has taken effect, or while an event names the incoming chairmanship;
    nothing changes if refused. Returns the outgoing chairmanship, current again."""
    handover, outgoing, incoming = _locked(handover)
    _refuse_unless_announced(handover)
    handover.delete()
    try:
        incoming.delete()
    except (ProtectedError, RestrictedError) as error:
        blocking = getattr(error, "protected_objects", None) or error.restricted_objects
        raise HandoverRefused(
            _(
                "Records still name the announced chairmanship of %(state)s (%(records)s). "
                "Move them to another chairmanship first; nothing was changed."
            )
            % {
                "state": incoming.state,
                "records": ", ".join(str(obj) for obj in list(blocking)[:3]),
            }
        ) from error
    outgoing.ends_on = None
    outgoing.save(update_fields=["ends_on"])
    return outgoing
