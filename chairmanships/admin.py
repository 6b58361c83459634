"""The staff's admin for member states, chairmanships, handovers and topics.

Every admin here derives from `editorial.RecordAdmin`: each record's history, with
revert, and a list of deleted records to restore from.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AdminDateWidget
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dialogue.records.concurrency import VersionedInlineMixin
from dialogue.records.editorial import RecordAdmin, StableSlugMixin
from dialogue.records.i18n import TranslatedAdmin, TranslatedStackedInline
from dialogue.records.models import format_date

from .forms import HandoverForm
from .models import Chairmanship, Handover, Initiative, MemberState, Priority, Topic
from .services import (
    HandoverRefused,
    check_handover,
    hand_over,
    reschedule_handover,
    withdraw_handover,
)


class MembershipFilter(admin.SimpleListFilter):
    title = _("membership")
    parameter_name = "membership"

    def lookups(self, request, model_admin):
        return [("current", _("Current members")), ("former", _("Former members"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "current":
            return queryset.filter(models.Q(left_on__isnull=True) | models.Q(left_on__gt=today))
        if self.value() == "former":
            return queryset.filter(left_on__lte=today)
        return queryset


@admin.register(MemberState)
class MemberStateAdmin(StableSlugMixin, TranslatedAdmin, RecordAdmin):
    list_display = ["name", "official_name", "iso_code", "joined_on", "left_on", "is_member_now"]
    list_filter = [MembershipFilter]
    search_fields = ["name", "official_name", "iso_code"]
    fieldsets = [
        (None, {"fields": ["name", "official_name", "iso_code", "slug"]}),
        (_("Membership"), {"fields": ["joined_on", "left_on"]}),
        (_("Source"), {"fields": ["source_url", "source_title", "source_accessed_on"]}),
    ]

    @admin.display(description=_("member now"), boolean=True)
    def is_member_now(self, state):
        return state.is_member_on(timezone.localdate())


@admin.register(Topic)
class TopicAdmin(StableSlugMixin, TranslatedAdmin, RecordAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    fieldsets = [(None, {"fields": ["name", "slug", "description"]})]


class PriorityInline(VersionedInlineMixin, TranslatedStackedInline):
    model = Priority
    fields = [("position", "title"), "description", "topics"]
    autocomplete_fields = ["topics"]
    ordering = ["position", "pk"]
    extra = 0
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2})}}


class InitiativeInline(VersionedInlineMixin, TranslatedStackedInline):
    model = Initiative
    fields = [("position", "name"), "description", "url"]
    ordering = ["position", "pk"]
    extra = 0
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2})}}


class TermFilter(admin.SimpleListFilter):
    title = _("term")
    parameter_name = "term"

    def lookups(self, request, model_admin):
        return [("current", _("Current")), ("announced", _("Announced")), ("past", _("Past"))]

    def queryset(self, request, queryset):
        if self.value() == "current":
            return queryset.current()
        if self.value() == "announced":
            return queryset.announced()
        if self.value() == "past":
            return queryset.filter(ends_on__lte=timezone.localdate())
        return queryset


def permission_name(model, action):
    return f"{model._meta.app_label}.{get_permission_codename(action, model._meta)}"


@admin.register(Chairmanship)
class ChairmanshipAdmin(StableSlugMixin, TranslatedAdmin, RecordAdmin):
    """Chairmanships, with their priorities and initiatives.

    The current chairmanship is ended only by "Record handover" (the button in
    templates/admin/chairmanships/chairmanship/change_form.html), which calls
    `services.hand_over`; its end date is never typed in directly.
    """

    slug_from = ()  # the model fills it in from the state and year
    list_display = ["state", "period", "starts_on", "ends_on", "is_current"]
    list_display_links = ["state", "period"]
    list_filter = [TermFilter, "state", "date_precision"]
    list_select_related = ["state"]
    search_fields = ["state__name", "state__official_name", "slug", "outcomes"]
    date_hierarchy = "starts_on"
    autocomplete_fields = ["state"]
    fieldsets = [
        (None, {"fields": ["state", "slug"]}),
        (_("Term"), {"fields": ["starts_on", "ends_on", "date_precision"]}),
        (_("Outcomes"), {"fields": ["outcomes"]}),
        (_("Source"), {"fields": ["source_url", "source_title", "source_accessed_on"]}),
    ]
    inlines = [PriorityInline, InitiativeInline]

    def get_queryset(self, request):
        # Each chairmanship's name includes its state (autocomplete, change page, lists).
        return super().get_queryset(request).select_related(*self.list_select_related)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is None:
            return readonly
        handed_in = hasattr(obj, "handover_in")
        handed_out = hasattr(obj, "handover_out")
        if obj.ends_on is None or handed_out:
            readonly.append("ends_on")  # only a handover ends a term
        if handed_in:
            readonly.append("starts_on")  # the handover fixed the day this term began
        if handed_in or handed_out:
            readonly.append("state")  # a handover names both states
        return readonly

    @admin.display(description=_("period"), ordering="starts_on")
    def period(self, chairmanship):
        return chairmanship.period

    @admin.display(description=_("current"), boolean=True)
    def is_current(self, chairmanship):
        return chairmanship.is_current

    # Recording a handover: a form, a confirmation, then `services.hand_over`.

    def get_urls(self):
        return [
            path(
                "<path:object_id>/handover/",
                self.admin_site.admin_view(self.handover_view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_handover",
            ),
            *super().get_urls(),
        ]

    def can_record_handover(self, request):
        return request.user.has_perms(
            [permission_name(Chairmanship, "change"), permission_name(Handover, "add")]
        )

    def handover_url(self, request, chairmanship):
        """Where the "Record handover" button leads, or None if this user cannot use it here."""
        if chairmanship is None or chairmanship.ends_on is not None or chairmanship.is_announced:
            return None
        if not self.can_record_handover(request):
            return None
        return reverse(self._admin_url_name("handover"), args=[chairmanship.pk])

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["handover_url"] = self.handover_url(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def changelist_view(self, request, extra_context=None):
        current = Chairmanship.objects.open().first()
        extra_context = {
            "handover_url": self.handover_url(request, current),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    def handover_view(self, request, object_id):
        if not self.can_record_handover(request):
            raise PermissionDenied
        outgoing = self.get_object(request, unquote(object_id))
        if outgoing is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if outgoing.ends_on is not None:
            self.message_user(
                request,
                _(
                    "The chairmanship of %(state)s has already ended: only the current "
                    "chairmanship can be handed over."
                )
                % {"state": outgoing.state},
                messages.WARNING,
            )
            return redirect(self._change_url(outgoing))

        form = HandoverForm(request.POST or None, outgoing=outgoing)
        confirming = False
        if request.method == "POST" and "edit" not in request.POST and form.is_valid():
            confirmed = request.POST.get("confirm") == "yes"
            try:
                handover = self._hand_over(request, outgoing, form, dry_run=not confirmed)
            except HandoverRefused as refusal:
                form.add_error(None, refusal)  # beside the field it is about, if it names one
            else:
                if confirmed:
                    return self._handover_recorded(request, handover)
                confirming = True
        return self._render_handover(request, outgoing, form, confirming)

    def _hand_over(self, request, outgoing, form, *, dry_run):
        """Ask the service: on a dry run only whether it would accept, else record it."""
        arguments = {
            "outgoing": outgoing,
            "to_state": form.cleaned_data["to_state"],
            "on": form.cleaned_data["on"],
            "date_precision": form.cleaned_data["date_precision"],
        }
        if dry_run:
            return check_handover(**arguments)
        return hand_over(**arguments, notes=form.cleaned_data["notes"], recorded_by=request.user)

    def _handover_recorded(self, request, handover):
        outgoing, incoming = handover.outgoing, handover.incoming
        self.log_change(request, outgoing, _("Ended by the handover to %s.") % incoming.state)
        self.log_addition(request, incoming, _("Opened by the handover from %s.") % outgoing.state)
        if handover.is_announced:
            self.message_user(
                request,
                _(
                    "Handover announced: %(incoming)s takes the chair from %(outgoing)s on "
                    "%(date)s. Until then %(outgoing)s stays the current chair; the site "
                    "changes by itself on that day. The handover's page can move or "
                    "withdraw it before then."
                )
                % {
                    "outgoing": outgoing.state,
                    "incoming": incoming.state,
                    "date": format_date(handover.handed_over_on),
                },
                messages.SUCCESS,
            )
            return redirect(self._change_url(incoming))
        self.message_user(
            request,
            _(
                "Handover recorded: %(outgoing)s ended its chairmanship on %(date)s and "
                "%(incoming)s holds the chair from that day."
            )
            % {
                "outgoing": outgoing.state,
                "incoming": incoming.state,
                "date": format_date(handover.handed_over_on),
            },
            messages.SUCCESS,
        )
        return redirect(self._change_url(incoming))

    def _render_handover(self, request, outgoing, form, confirming):
        admin_form = helpers.AdminForm(
            form,
            [(None, {"fields": ["to_state", "on", "date_precision", "notes"]})],
            {},
            model_admin=self,
        )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Record handover"),
            "subtitle": None,
            "opts": self.opts,
            "original": outgoing,
            "form": form,
            "adminform": admin_form,
            "confirming": confirming,
            "media": self.media + form.media,
        }
        if confirming:
            context.update(
                outgoing_state=outgoing.state,
                incoming_state=form.cleaned_data["to_state"],
                handover_date=format_date(
                    form.cleaned_data["on"], form.cleaned_data["date_precision"]
                ),
            )
        request.current_app = self.admin_site.name
        return TemplateResponse(
            request, "admin/chairmanships/chairmanship/record_handover.html", context
        )

    def _change_url(self, chairmanship):
        return reverse(self._admin_url_name("change"), args=[chairmanship.pk])

    def _admin_url_name(self, view):
        return f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_{view}"


class HandoverStateFilter(admin.RelatedFieldListFilter):
    """Filter handovers by a state, titled by the part it played."""

    titles = {
        "outgoing__state": _("state handing over"),
        "incoming__state": _("state taking over"),
    }

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        self.title = self.titles.get(field_path, self.title)


class AnnouncedHandoverForm(forms.ModelForm):
    """The change form of a handover announced ahead of its date: its date can still move
    (`services.reschedule_handover` checks and makes the change)."""

    on = forms.DateField(
        label=_("Date of the handover"),
        widget=AdminDateWidget,
        required=False,  # left empty: the date stays
        help_text=_(
            "Announced, not yet made: the day the incoming state takes the chair. The outgoing "
            "chairmanship ends that same day."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = self.instance.handed_over_on

    def clean(self):
        cleaned = super().clean()
        on = cleaned.get("on")
        if on and on != self.instance.handed_over_on:
            try:
                reschedule_handover(handover=self.instance, on=on, dry_run=True)
            except HandoverRefused as refusal:
                self.add_error(None, refusal)
        return cleaned


@admin.register(Handover)
class HandoverAdmin(RecordAdmin):
    """Handovers are recorded only through "Record handover"; here staff read them and add notes."""

    list_display = [
        "handed_over_on",
        "outgoing_state",
        "incoming_state",
        "recorded_by",
        "recorded_at",
    ]
    list_select_related = ["outgoing__state", "incoming__state", "recorded_by"]
    list_filter = [
        ("outgoing__state", HandoverStateFilter),
        ("incoming__state", HandoverStateFilter),
    ]
    search_fields = ["outgoing__state__name", "incoming__state__name", "notes"]
    date_hierarchy = "incoming__starts_on"
    fieldsets = [
        (None, {"fields": ["outgoing", "incoming", "handed_over_on", "notes"]}),
        (_("Source"), {"fields": ["source_url", "source_title", "source_accessed_on"]}),
        (_("Recorded"), {"fields": ["recorded_by", "recorded_at"]}),
    ]
    readonly_fields = ["outgoing", "incoming", "handed_over_on", "recorded_by", "recorded_at"]

    def get_queryset(self, request):
        # Each handover's name includes both states (autocomplete from events, change page).
        # The changelist skips list_select_related once the queryset selects any, so list all.
        return super().get_queryset(request).select_related(*self.list_select_related)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # an announced handover is withdrawn instead (withdraw_view)

    # An announced handover: its date can move (the change form) or it can be withdrawn.

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.is_announced:
            readonly.remove("handed_over_on")
        return readonly

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not obj.is_announced:
            return fieldsets
        first = ["on" if name == "handed_over_on" else name for name in fieldsets[0][1]["fields"]]
        return [(None, {"fields": first}), *fieldsets[1:]]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None and obj.is_announced:
            kwargs["form"] = AnnouncedHandoverForm
        return super().get_form(request, obj, change, **kwargs)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        on = form.cleaned_data.get("on")
        if on and on != obj.handed_over_on:
            reschedule_handover(handover=obj, on=on)
            obj.refresh_from_db()

    def get_urls(self):
        return [
            path(
                "<path:object_id>/withdraw/",
                self.admin_site.admin_view(self.withdraw_view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_withdraw",
            ),
            *super().get_urls(),
        ]

    def may_withdraw(self, request):
        return request.user.has_perms(
            [permission_name(Chairmanship, "change"), permission_name(Chairmanship, "delete")]
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.is_announced and self.may_withdraw(request):
            context["withdraw_url"] = reverse(
                f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_withdraw",
                args=[obj.pk],
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def withdraw_view(self, request, object_id):
        if not self.may_withdraw(request):
            raise PermissionDenied
        handover = self.get_object(request, unquote(object_id))
        if handover is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        change_url = reverse(
            f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_change",
            args=[handover.pk],
        )
        refusal = None
        if request.method == "POST":
            try:
                outgoing = withdraw_handover(handover=handover)
            except HandoverRefused as error:
                refusal = error
            else:
                self.log_change(
                    request, outgoing, _("Announced handover to %s withdrawn.") % handover.incoming
                )
                self.message_user(
                    request,
                    _(
                        "The announced handover to %(incoming)s was withdrawn: %(outgoing)s "
                        "holds the chair with no end date."
                    )
                    % {"incoming": handover.incoming.state, "outgoing": outgoing.state},
                    messages.SUCCESS,
                )
                return redirect(
                    reverse(
                        f"{self.admin_site.name}:chairmanships_chairmanship_change",
                        args=[outgoing.pk],
                    )
                )
        elif not handover.is_announced:
            self.message_user(
                request,
                _("This handover has taken effect: it is part of the record and stays."),
                messages.WARNING,
            )
            return redirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Withdraw the announced handover"),
            "subtitle": None,
            "opts": self.opts,
            "original": handover,
            "refusal": refusal,
            "change_url": change_url,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/chairmanships/handover/withdraw.html", context)

    @admin.display(description=_("from"), ordering="outgoing__state__name")
    def outgoing_state(self, handover):
        return handover.outgoing.state

    @admin.display(description=_("to"), ordering="incoming__state__name")
    def incoming_state(self, handover):
        return handover.incoming.state

    @admin.display(description=_("handed over on"), ordering="incoming__starts_on")
    def handed_over_on(self, handover):
        return format_date(handover.handed_over_on, handover.incoming.date_precision)
