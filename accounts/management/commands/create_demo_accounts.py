"""Create (or reset) the demonstration accounts that `make run` prints.

An official (who sees the contacts reserved for officials, and no admin), a coordinator and two
focal points for different countries, each with a fresh random password printed once. Refuses to
run with DEBUG off: demo accounts have no place in production.
"""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from countries.models import Country, FocalPointAssignment
from countries.scope import COORDINATORS, FOCAL_POINTS, OFFICIALS

DEMO_ACCOUNTS = [
    # username, group, country code of a focal point
    ("demo-official", OFFICIALS, None),
    ("demo-coordinator", COORDINATORS, None),
    ("demo-focal-al", FOCAL_POINTS, "AL"),
    ("demo-focal-rs", FOCAL_POINTS, "RS"),
]


class Command(BaseCommand):
    help = "Create or reset the demo official, coordinator and two focal points, and print their passwords."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo accounts are for development only; DEBUG is off.")
        User = get_user_model()
        lines = []
        with transaction.atomic():
            for username, group, code in DEMO_ACCOUNTS:
                password = secrets.token_urlsafe(12)
                user, _ = User.objects.get_or_create(username=username, defaults={"email": f"{username}@example.org"})
                user.is_staff = group != OFFICIALS
                user.set_password(password)
                user.save()
                user.groups.add(Group.objects.get(name=group))
                if code:
                    country = Country.objects.get(code=code)
                    FocalPointAssignment.objects.get_or_create(user=user, country=country)
                    role = f"focal point for {country.name}"
                else:
                    role = "official (sees officials-only contacts)" if group == OFFICIALS else "coordinator"
                lines.append(f"  {username:<18} {password:<18} {role}")
        self.stdout.write("Demo accounts (passwords are new on every run):")
        self.stdout.write("  username           password           role")
        for line in lines:
            self.stdout.write(line)
