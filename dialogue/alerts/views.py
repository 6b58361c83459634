"""The public pages of the alerts: subscribe, confirm, manage, leave (one click).

None of them needs an account: a signed link from a message names the subscriber. The
subscribe page answers the same whether or not the address is known, so it tells no one
who is subscribed. None of these pages is cached (they carry tokens and forms).
"""

import hashlib

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.cache import cache
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import FormView, TemplateView

from . import services
from .forms import ManageForm, SubscribeForm
from .models import Subscriber


def over_limit(kind: str, who: str, *, limit: int, seconds: int = 3600) -> bool:
    """Count one more attempt by `who`; True once there were more than `limit` in the window."""
    key = f"alerts-limit:{kind}:{hashlib.sha256(who.encode()).hexdigest()[:32]}"
    cache.add(key, 0, seconds)
    try:
        return cache.incr(key) > limit
    except ValueError:  # expired between add and incr
        cache.set(key, 1, seconds)
        return False


@method_decorator(never_cache, name="dispatch")
class SubscribeView(FormView):
    template_name = "alerts/subscribe.html"
    form_class = SubscribeForm

    def get_initial(self):
        initial = {"language": get_language(), "frequency": Subscriber.Frequency.IMMEDIATE}
        choice = services.FollowChoice.parse(self.request.GET.get("follow", ""))
        initial["follow"] = choice.value if choice else "everything"
        return initial

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "retention_days": settings.ALERTS_RETENTION_DAYS,
        }

    def post(self, request, *args, **kwargs):
        address = get_client_ip_address(request) or request.META.get("REMOTE_ADDR", "")
        if over_limit("ip", address, limit=getattr(settings, "ALERTS_LIMIT_PER_CLIENT", 10)):
            return render(request, "alerts/too_many.html", status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        if form.too_quick:
            form.add_error(None, _("That was quick. Please check the form and send it again."))
            form.data = form.data.copy()
            form.data["started"] = SubscribeForm().initial["started"]
            return self.form_invalid(form)
        data = form.cleaned_data
        email = services.normalise_email(data["email"])
        per_address = getattr(settings, "ALERTS_LIMIT_PER_ADDRESS", 3)
        # An automated sign-up, or one address asked for too often, is told the same as
        # everyone else; it just gets no message.
        if not form.looks_automated and not over_limit("address", email, limit=per_address):
            services.request_subscription(
                email=email,
                follow=data["follow"],
                language=data["language"],
                frequency=data["frequency"],
            )
        return redirect("alerts:check_inbox")


class CheckInboxView(TemplateView):
    template_name = "alerts/check_inbox.html"


@method_decorator(never_cache, name="dispatch")
class ConfirmView(View):
    """The link in the confirmation message: a button, so a mail scanner's visit confirms
    nothing."""

    def get(self, request, token):
        return render(request, "alerts/confirm.html", {"token": token})

    def post(self, request, token):
        subscriber = services.confirm(token=token)
        if subscriber is None:
            return render(request, "alerts/link_invalid.html", status=400)
        return redirect("alerts:manage", token=services.manage_token(subscriber=subscriber))


@method_decorator(never_cache, name="dispatch")
class ManageView(View):
    template_name = "alerts/manage.html"

    def get(self, request, token):
        subscriber = services.subscriber_for_manage(token=token)
        if subscriber is None or not subscriber.is_confirmed:
            return render(request, "alerts/link_invalid.html", status=404)
        return self.page(request, subscriber, ManageForm(subscriber=subscriber))

    def post(self, request, token):
        subscriber = services.subscriber_for_manage(token=token)
        if subscriber is None or not subscriber.is_confirmed:
            return render(request, "alerts/link_invalid.html", status=404)
        form = ManageForm(request.POST, subscriber=subscriber)
        if not form.is_valid():
            return self.page(request, subscriber, form, status=400)
        data = form.cleaned_data
        subscriber = services.update_preferences(
            subscriber=subscriber,
            language=data["language"],
            frequency=data["frequency"],
            keep=list(data["keep"]),
            add=data["add"],
        )
        if subscriber.status == Subscriber.Status.UNSUBSCRIBED:
            return render(request, "alerts/unsubscribed.html")
        return redirect(reverse("alerts:manage", args=[token]) + "?saved=1")

    def page(self, request, subscriber, form, status=200):
        context = {
            "subscriber": subscriber,
            "form": form,
            "saved": "saved" in request.GET,
            "unsubscribe_token": services.unsubscribe_token(subscriber=subscriber),
        }
        return render(request, self.template_name, context, status=status)


@method_decorator([never_cache, csrf_exempt], name="dispatch")
class UnsubscribeView(View):
    """RFC 8058 one-click unsubscribe: mail programs POST `List-Unsubscribe=One-Click` here
    without a cookie or a token of the form (hence exempt from CSRF); a person who opens the
    link gets a button that POSTs the same. Leaving twice, or with an old link, is fine."""

    def get(self, request, token):
        subscriber = services.subscriber_for_unsubscribe(token=token)
        return render(
            request, "alerts/unsubscribe.html", {"subscriber": subscriber, "token": token}
        )

    def post(self, request, token):
        subscriber = services.subscriber_for_unsubscribe(token=token)
        if subscriber is not None:
            services.unsubscribe(subscriber=subscriber)
        return render(request, "alerts/unsubscribed.html")
