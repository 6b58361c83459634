"""Create the demo superuser, or give it a new password, and print how to log in."""

import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.urls import reverse

USERNAME = "admin"
SITE = "http://127.0.0.1:8000"  # where `make run` serves the site


class Command(BaseCommand):
    help = (
        f"Create the superuser “{USERNAME}” for local use (or reset its password) with a "
        "freshly generated password, and print the login address, username and password."
    )

    def handle(self, *args, **options) -> None:
        User = get_user_model()
        password = secrets.token_urlsafe(18)  # 24 characters, about 144 bits
        user = User.objects.filter(**{User.USERNAME_FIELD: USERNAME}).first()
        created = user is None
        if created:
            user = User(**{User.USERNAME_FIELD: USERNAME})
        user.is_active = True
        user.is_staff = True
        user.is_superuser = True
        user.set_password(password)
        user.save()

        action = "Created" if created else "Reset the password of"
        self.stdout.write(self.style.SUCCESS(f"{action} the demo superuser. Log in with:"))
        self.stdout.write(f"  URL:      {SITE}{reverse('admin:index')}")
        self.stdout.write(f"  Username: {USERNAME}")
        self.stdout.write(f"  Password: {password}")
        self.stdout.write("It is shown only now; run this command again for a new one.")
