"""System checks of where private files go (``manage.py check --deploy``):
a private bucket must not grant anything to everyone."""

from django.core import checks

PUBLIC_GRANTEES = (
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
)


@checks.register(checks.Tags.security, deploy=True)
def private_bucket_is_private(app_configs=None, **kwargs):
    """The bucket behind the ``private`` and ``backups`` storages grants no
    group of strangers any access (no public reading or listing). Asked of
    the bucket itself, with the site's credentials."""
    from django.conf import settings
    from django.core.files.storage import storages

    try:
        from .s3 import PrivateS3Storage
    except ImportError:  # django-storages without boto3: nothing to ask
        return []
    buckets = {}
    for alias in ("private", "backups"):
        if alias not in settings.STORAGES:
            continue
        storage = storages[alias]
        if isinstance(storage, PrivateS3Storage):
            buckets.setdefault(storage.bucket_name, storage)
    found = []
    for name, storage in buckets.items():
        try:
            grants = storage.connection.meta.client.get_bucket_acl(Bucket=name)[
                "Grants"
            ]
        except Exception as error:  # noqa: BLE001 - any failure is reported
            found.append(
                checks.Warning(
                    f"Could not read the access list of the private bucket "
                    f"{name!r}: {error}",
                    hint="Check AWS_PRIVATE_BUCKET_NAME, the endpoint and the "
                    "credentials (s3:GetBucketAcl).",
                    id="privacy.W001",
                )
            )
            continue
        public = sorted(
            {
                f"{grant['Grantee']['URI'].rsplit('/', 1)[-1]}: {grant['Permission']}"
                for grant in grants
                if grant.get("Grantee", {}).get("URI") in PUBLIC_GRANTEES
            }
        )
        if public:
            found.append(
                checks.Error(
                    f"The private bucket {name!r} holds data exports and "
                    f"backups but grants access to strangers "
                    f"({', '.join(public)}).",
                    hint="Make the bucket private (canned ACL 'private') and "
                    "block public access.",
                    id="privacy.E001",
                )
            )
    return found
