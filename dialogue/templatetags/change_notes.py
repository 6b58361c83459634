"""`{% updates record %}`: a published record's publication dates and its change notes."""

from django import template

from chairmanships.changes import notes_of

register = template.Library()


@register.inclusion_tag("includes/updates.html")
def updates(record):
    """ "Published 12 March 2024, last updated 3 April 2024" and "Updates to this page"."""
    notes = list(notes_of(record)) if record.first_published_at else []
    return {"record": record, "notes": notes}
