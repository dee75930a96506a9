"""Filters for the newsletter's mail templates."""

from django import template

from ..text import absolute_url

register = template.Library()


@register.filter
def absolute(url):
    """A path on this site as an absolute address, for mails."""
    return absolute_url(url)
