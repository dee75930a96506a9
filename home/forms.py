"""The contact form's fields: Wagtail's form builder with every field
capped like the site's other forms (comments, rights requests), so a
visitor cannot store or mail a message of any length."""

from django import forms
from wagtail.contrib.forms.forms import FormBuilder

# The longest answer each kind of field takes. A message as long as a
# rights request's details; a line as Wagtail's own single-line field.
LINE_MAX = 255
MESSAGE_MAX = 4000
EMAIL_MAX = 254
URL_MAX = 200
NUMBER_DIGITS = 20


class MessageField(forms.CharField):
    """Text with each line break counted once, as the browser counts them
    for ``maxlength`` (it sends each as two characters): a message that fits
    in the box is never refused for its length."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if value else value


class ContactFormBuilder(FormBuilder):
    """Wagtail's builder leaves a multi-line answer, an address, a web
    address and a number uncapped; each gets its limit here (the browser
    shows it as ``maxlength``, the server refuses more with a field error)."""

    def create_singleline_field(self, field, options):
        return forms.CharField(**options, max_length=LINE_MAX)

    def create_multiline_field(self, field, options):
        options.setdefault("widget", forms.Textarea)
        return MessageField(**options, max_length=MESSAGE_MAX)

    def create_email_field(self, field, options):
        return forms.EmailField(**options, max_length=EMAIL_MAX)

    def create_url_field(self, field, options):
        return forms.URLField(**options, max_length=URL_MAX, assume_scheme="https")

    def create_number_field(self, field, options):
        return forms.DecimalField(**options, max_digits=NUMBER_DIGITS)

    def create_hidden_field(self, field, options):
        options.setdefault("widget", forms.HiddenInput)
        return forms.CharField(**options, max_length=LINE_MAX)
