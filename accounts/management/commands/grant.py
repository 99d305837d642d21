"""Create or update an account with a role, from the shell.

The bootstrap for the first coordinator, and a tool for operations:

    manage.py grant alice --role coordinator --email alice@example.org
    manage.py grant bob --role focal-point --country AL --country XK
    manage.py grant bob --role focal-point --country AL --revoke

A new account has no usable password; the command prints a one-time link to set one.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.approval import set_password_link
from accounts.roles import ROLE_GROUPS
from countries.models import Country, FocalPointAssignment
from countries.scope import COORDINATORS, FOCAL_POINTS


class Command(BaseCommand):
    help = "Create or update an account and give (or, with --revoke, take away) a role."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=sorted(ROLE_GROUPS))
        parser.add_argument(
            "--country", action="append", default=[], metavar="XX", help="ISO code; repeat for several countries."
        )
        parser.add_argument("--email", help="The official email address of the account.")
        parser.add_argument("--revoke", action="store_true", help="Take the role (or the given countries) away.")
        parser.add_argument(
            "--totp",
            action="store_true",
            help="Give the account a new TOTP device and print its provisioning URI (for the first coordinator).",
        )

    def handle(self, *args, username, role, country, email, revoke, totp, **options):
        countries = self._countries(country)
        if role == "focal-point" and not revoke and not countries:
            raise CommandError("A focal point needs at least one --country.")
        if country and role != "focal-point":
            raise CommandError("--country goes with --role focal-point only.")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                raise CommandError(f"{email!r} is not a valid email address.") from None
        User = get_user_model()
        group = Group.objects.get(name=ROLE_GROUPS[role])
        with transaction.atomic():
            if revoke:
                user = User.objects.filter(username=username).first()
                if user is None:
                    raise CommandError(f"No account named {username!r}.")
                self._revoke(user, group, countries)
                return
            user, created = User.objects.get_or_create(username=username)
            if created:
                user.set_unusable_password()
            if email:
                user.email = email
            user.is_active = True
            user.groups.add(group)
            for country_obj in countries:
                FocalPointAssignment.objects.get_or_create(user=user, country=country_obj)
            user.is_staff = user.groups.filter(name__in=[FOCAL_POINTS, COORDINATORS]).exists()
            user.save()
        verb = "Created" if created else "Updated"
        where = f" for {', '.join(c.name for c in countries)}" if countries else ""
        self.stdout.write(f"{verb} {username}: {ROLE_GROUPS[role]}{where}.")
        if created or not user.has_usable_password():
            self.stdout.write(f"One-time link to set the password: {set_password_link(user)}")
        if totp:
            TOTPDevice.objects.filter(user=user).delete()
            device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
            self.stdout.write("Add this to an authenticator app (it replaces any earlier device):")
            self.stdout.write(device.config_url)

    def _countries(self, codes):
        found = []
        for code in codes:
            country = Country.objects.filter(code=code.upper()).first()
            if country is None:
                raise CommandError(f"Unknown country code {code!r}.")
            found.append(country)
        return found

    def _revoke(self, user, group, countries):
        if countries:
            FocalPointAssignment.objects.filter(user=user, country__in=countries).delete()
            if not user.focal_point_assignments.exists():
                user.groups.remove(group)
        else:
            user.groups.remove(group)
            if group.name == FOCAL_POINTS:
                user.focal_point_assignments.all().delete()
        user.is_staff = user.is_superuser or user.groups.filter(name__in=[FOCAL_POINTS, COORDINATORS]).exists()
        user.save()
        self.stdout.write(
            f"Revoked from {user.username}: {group.name}" + (f" for {len(countries)} countries." if countries else ".")
        )
