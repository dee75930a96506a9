from django import template
from django.template.loader import render_to_string

from ..devices import describe_user_agent

register = template.Library()


@register.filter
def device_name(user_agent):
    """``{{ session.user_agent|device_name }}``: "Firefox on Windows"."""
    return describe_user_agent(user_agent)


@register.simple_tag(takes_context=True)
def my_page_section(context, section, section_context):
    """Render one registered section of my page with its own context."""
    return render_to_string(
        section.template_name, section_context, request=context.get("request")
    )
