"""The staff's view of the alerts: who subscribed to what, what was sent or failed, and the
switch that pauses sending. No one sees a subscriber's key, so no one can make its links."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from .models import Announcement, Delivery, Follow, SendingSwitch, Subscriber


class FollowInline(admin.TabularInline):
    model = Follow
    extra = 0
    autocomplete_fields = ["topic", "state"]


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "status", "language", "frequency", "following", "created_at"]
    list_filter = ["status", "language", "frequency", "follows__kind"]
    search_fields = ["email", "follows__topic__name", "follows__state__name"]
    # Only the reader gives or withdraws consent (by the links in the messages): staff may
    # change the language or the frequency, or delete an address, not confirm one.
    readonly_fields = ["email", "status", "created_at", "confirmed_at", "unsubscribed_at"]
    fields = ["email", "status", "language", "frequency", *readonly_fields[2:]]
    inlines = [FollowInline]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("follows__topic", "follows__state")

    @admin.display(description=_("follows"))
    def following(self, subscriber):
        return ", ".join(str(follow) for follow in subscriber.follows.all())


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["title", "record_type", "subscriber", "state", "attempts", "due_at", "sent_at"]
    list_filter = ["state", "record_type"]
    search_fields = ["title", "subscriber__email"]
    list_select_related = ["subscriber"]
    readonly_fields = [field.name for field in Delivery._meta.fields if field.name != "claim"]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    list_display = ["title", "record_type", "announced_at", "messages"]
    list_filter = ["record_type"]
    search_fields = ["title"]

    @admin.display(description=_("messages"))
    def messages(self, announcement):
        return Delivery.objects.filter(
            record_type=announcement.record_type, record_id=announcement.record_id
        ).aggregate(n=Count("pk"))["n"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SendingSwitch)
class SendingSwitchAdmin(admin.ModelAdmin):
    list_display = ["__str__", "paused", "changed_at"]
    list_editable = ["paused"]
    list_display_links = None

    def get_queryset(self, request):
        SendingSwitch.objects.get_or_create(pk=1)
        return super().get_queryset(request)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not obj.paused:  # what waited goes out now
            from . import tasks

            tasks.schedule_sweep()
