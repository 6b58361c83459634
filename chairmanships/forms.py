"""Forms staff fill in the admin beyond the stock model forms."""

from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.utils.translation import gettext_lazy as _

from .models import Chairmanship, DatePrecision, MemberState


class HandoverForm(forms.Form):
    """What staff enter to record the chair passing on.

    The form only collects the facts; `services.hand_over` decides whether the
    handover stands, and its refusals are shown as this form's errors.
    """

    to_state = forms.ModelChoiceField(
        label=_("State taking the chair"),
        queryset=MemberState.objects.none(),
    )
    on = forms.DateField(
        label=_("Date of the handover"),
        widget=AdminDateWidget,
        help_text=_(
            "The day the new state takes the chair. The current chairmanship ends that same day."
        ),
    )
    date_precision = forms.ChoiceField(
        label=_("dates known to"),
        choices=DatePrecision.choices,
        initial=DatePrecision.DAY,
        required=False,  # the exact day unless staff say otherwise
        help_text=_(
            "If the source gives only the month or year, say so: the site then shows no more."
        ),
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("For the record, e.g. where and by whom the handover was announced."),
    )

    def clean_date_precision(self):
        return self.cleaned_data["date_precision"] or DatePrecision.DAY

    def __init__(self, *args, outgoing: Chairmanship, **kwargs):
        super().__init__(*args, **kwargs)
        self.outgoing = outgoing
        to_state = self.fields["to_state"]
        to_state.queryset = MemberState.objects.exclude(pk=outgoing.state_id)
        to_state.help_text = _("Any member state other than %(state)s, which holds the chair.") % {
            "state": outgoing.state
        }
        to_state.error_messages["invalid_choice"] = _(
            "Choose the state taking over from the list: %(state)s already holds the chair."
        ) % {"state": outgoing.state}
