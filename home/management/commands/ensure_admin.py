import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from home.site_url import site_url

DEFAULT_EMAIL = "admin@kulturhus.example"


class Command(BaseCommand):
    help = (
        "Create the admin superuser, or reset the password of the existing one, "
        "and print the login. Without --password a new random password is made."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--email",
            default=DEFAULT_EMAIL,
            help=f"Email address to sign in with (default: {DEFAULT_EMAIL}).",
        )
        parser.add_argument(
            "--password",
            help="Password to set (default: a new random one, printed).",
        )

    def handle(self, *args, email, password=None, **options):
        password = password or secrets.token_urlsafe(12)
        User = get_user_model()
        with transaction.atomic():
            user = User.objects.filter(email__iexact=email).first()
            created = user is None
            if created:
                user = User.objects.create_superuser(email=email, password=password)
            else:
                user.set_password(password)
                user.is_active = True
                user.is_staff = True
                user.is_superuser = True
                user.save()
        action = "Created" if created else "Reset"
        self.stdout.write(self.style.SUCCESS(f"{action} admin user."))
        self.stdout.write(f"  address:  {site_url()}/admin/")
        self.stdout.write(f"  email:    {user.email}")
        self.stdout.write(f"  password: {password}")
