"""The subscribe and manage forms: what to follow, language, frequency; and the checks
that keep automated sign-ups out without a third-party service (a field people leave
empty and a minimum time to fill the form in)."""

import time

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

from chairmanships.models import MemberState, Topic

from .models import Follow, Subscriber
from .services import FollowChoice

STARTED_SALT = "dialogue.alerts.form-started"


def follow_choices(*, blank: bool = False) -> list:
    """Everything one can follow, grouped, in the page's language."""
    kinds = [
        (Follow.Kind.EVERYTHING.value, Follow.Kind.EVERYTHING.label),
        (Follow.Kind.EVENTS.value, Follow.Kind.EVENTS.label),
        (Follow.Kind.STATEMENTS.value, Follow.Kind.STATEMENTS.label),
    ]
    topics = [(f"topic:{t.slug}", t.name) for t in Topic.objects.all()]
    states = [(f"state:{s.slug}", s.name) for s in MemberState.objects.all()]
    choices = [(_("Records"), kinds), (_("Topics"), topics), (_("Member states"), states)]
    return [("", _("(nothing more)")), *choices] if blank else choices


class FollowField(forms.ChoiceField):
    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        choice = FollowChoice.parse(value)
        if choice is None:
            raise forms.ValidationError(_("Choose what to follow from the list."))
        return choice


class PreferencesMixin(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of the messages"),
        choices=settings.LANGUAGES,
        widget=forms.RadioSelect,
    )
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=Subscriber.Frequency.choices,
        initial=Subscriber.Frequency.IMMEDIATE,
        widget=forms.RadioSelect,
    )


class SubscribeForm(PreferencesMixin):
    email = forms.EmailField(
        label=_("Your email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    follow = FollowField(label=_("What to follow"))
    # Left empty by people (it is hidden from them); automated sign-ups tend to fill it.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    field_order = ["email", "follow", "language", "frequency", "website", "started"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["follow"].choices = follow_choices()
        if not self.is_bound:
            self.initial["started"] = signing.dumps(time.time(), salt=STARTED_SALT)

    @property
    def looks_automated(self) -> bool:
        """Filled the hidden field, or sent a form that was never shown."""
        return bool(self.cleaned_data.get("website")) or self.seconds_taken() is None

    def seconds_taken(self) -> float | None:
        try:
            started = signing.loads(
                self.cleaned_data.get("started") or "", salt=STARTED_SALT, max_age=86400
            )
        except signing.BadSignature:
            return None
        return time.time() - float(started)

    @property
    def too_quick(self) -> bool:
        taken = self.seconds_taken()
        return taken is not None and taken < getattr(settings, "ALERTS_MIN_FORM_SECONDS", 3)


class ManageForm(PreferencesMixin):
    keep = forms.ModelMultipleChoiceField(
        label=_("You follow"),
        queryset=Follow.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Untick what you no longer want to hear about."),
    )
    add = FollowField(label=_("Follow also"), required=False)

    def __init__(self, *args, subscriber: Subscriber, **kwargs):
        super().__init__(*args, **kwargs)
        follows = subscriber.follows.select_related("topic", "state")
        self.fields["keep"].queryset = follows
        self.fields["keep"].label_from_instance = follow_label
        self.fields["add"].choices = follow_choices(blank=True)
        if not self.is_bound:
            self.initial.update(
                language=subscriber.language,
                frequency=subscriber.frequency,
                keep=list(follows),
            )


def follow_label(follow: Follow) -> str:
    if follow.topic is not None:
        return _("Topic: %(name)s") % {"name": follow.topic.name}
    if follow.state is not None:
        return _("Member state: %(name)s") % {"name": follow.state.name}
    return str(follow.get_kind_display())
