"""What the admin tests share: the admin's addresses and the inline formsets' management forms."""

from django.urls import reverse


def admin_url(obj_or_model, view, *args):
    """The address of one of a model's admin pages, e.g. admin_url(event, "change", event.pk)."""
    opts = obj_or_model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def change_url(obj):
    return admin_url(obj, "change", obj.pk)


def management_form(prefix, total=0, initial=0):
    """The hidden fields an inline formset posts with its rows."""
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
