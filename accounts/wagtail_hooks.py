"""The accounts app's admin hooks live in their own modules; importing them
here registers them."""

from . import admin_rectification  # noqa: F401
