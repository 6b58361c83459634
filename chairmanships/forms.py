"""Forms staff fill in the admin beyond the stock model forms."""

from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.utils.translation import gettext_lazy as _

from .models import Chairmanship, MemberState


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
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("For the record, e.g. where and by whom the handover was announced."),
    )

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
