"""Publishing: the one service that makes records public or takes them back.

Every path that publishes or unpublishes (the admin's actions on a list or a record's
page, the event page's "publish with its statements and quotes", scripts and tests)
calls these functions; whether the public sees a record is decided by
`PublishableQuerySet.published()` and `Publishable.is_public()` (`models.py`).

Each change is a save of the record's own: one history entry by the user, and the
edit-conflict guard of `Versioned` (`concurrency.py`) on every path: a record someone
else saved since it was read raises `RecordChanged` and nothing is written.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .models import PublicationStatus, Publishable


class PublicationRefused(Exception):
    """The record cannot be published yet; `problems` says what to fix first."""

    def __init__(self, record: Publishable, problems: list[str]):
        self.record = record
        self.problems = problems
        super().__init__(" ".join(str(problem) for problem in problems))


def publish_permission(model: type[Publishable]) -> str:
    """The permission to publish and unpublish `model`, e.g. "events.publish_event"."""
    return f"{model._meta.app_label}.publish_{model._meta.model_name}"


def can_publish(user: AbstractBaseUser, model: type[Publishable]) -> bool:
    """Whether `user` may publish and unpublish records of `model`."""
    return user.has_perm(publish_permission(model))


def why_not_publishable(record: Publishable) -> list[str]:
    """What must be fixed before `record` can be published (messages), or nothing."""
    return list(record.publication_problems())


def dependents(record: Publishable) -> list[Publishable]:
    """The draft records that are public only with `record` (an event's statements and
    quotes), found through the models that name it as their `public_parent`."""
    found = []
    for relation in record._meta.related_objects:
        model = relation.related_model
        if issubclass(model, Publishable) and model.public_parent == relation.field.name:
            drafts = model._default_manager.filter(**{relation.field.name: record}).exclude(
                publication_status=PublicationStatus.PUBLISHED
            )
            found.extend(drafts.select_related(relation.field.name))
    return found


def _set_status(record: Publishable, status: str, *, by: AbstractBaseUser, reason: str) -> bool:
    if not can_publish(by, type(record)):
        raise PermissionDenied(_("Only a publisher can publish or unpublish."))
    if record.publication_status == status:
        return False
    record.publication_status = status
    record._history_user = by
    record._change_reason = reason
    record.save(update_fields=["publication_status"])
    return True


@transaction.atomic
def publish(record: Publishable, *, by: AbstractBaseUser, reason: str | None = None) -> bool:
    """Publish `record` (it shows once any embargo passes). Returns whether it changed.

    Raises `PublicationRefused` if something must be fixed first, `PermissionDenied` if
    `by` may not publish, and `RecordChanged` if someone saved it since it was read.
    """
    problems = why_not_publishable(record)
    if problems:
        raise PublicationRefused(record, problems)
    return _set_status(
        record, PublicationStatus.PUBLISHED, by=by, reason=str(reason or _("Published"))
    )


@transaction.atomic
def unpublish(record: Publishable, *, by: AbstractBaseUser) -> bool:
    """Take `record` back to draft. Returns whether it changed (raises as `publish`)."""
    return _set_status(record, PublicationStatus.DRAFT, by=by, reason=str(_("Unpublished")))


@transaction.atomic
def publish_with_dependents(
    record: Publishable, *, by: AbstractBaseUser
) -> tuple[bool, list[Publishable]]:
    """Publish `record` (an event) and its draft dependents (its statements and quotes),
    all or none; an embargo on the event holds them all back until it passes.

    Returns whether `record` itself changed and the dependents published with it.
    """
    changed = publish(record, by=by)
    published = []
    for dependent in dependents(record):
        publish(dependent, by=by)
        published.append(dependent)
    return changed, published
