"""Date fields in the admin that keep what the editor typed.

Wagtail's date pickers (jQuery xdsoft datetimepicker) check the text when
the field loses focus, and text that does not match the one display format
(``WAGTAIL_DATETIME_FORMAT``, 20.01.2027 19:30) is replaced with the
current date and time, silently: "2027-01-20 19:30" became now. These
widgets turn that check off, so the text goes to the server as typed, where
the form field reads every format of the language (Django's nb formats and
venue/formats/en take both 20.01.2027 19:30 and 2027-01-20 19:30), and
anything else is refused with a message instead of being replaced."""

from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput


class EditorDateInput(AdminDateInput):
    def get_config(self):
        return {**super().get_config(), "validateOnBlur": False}


class EditorDateTimeInput(AdminDateTimeInput):
    def get_config(self):
        return {**super().get_config(), "validateOnBlur": False}


def register():
    """Use these for every date and date-time field of Wagtail's model
    forms (pages, snippets, settings, inline panels)."""
    from django.db import models
    from wagtail.admin.forms.models import register_form_field_override

    register_form_field_override(models.DateField, override={"widget": EditorDateInput})
    register_form_field_override(
        models.DateTimeField, override={"widget": EditorDateTimeInput}
    )
