"""A short, readable name for the browser and system in a User-Agent
header ("Firefox on Windows"), for the sign-in lists on my page. Only the
common families are named; anything else is shown as an unknown browser."""

from django.utils.translation import gettext as _

# Checked in order: Edge and Opera also say "Chrome", Chrome also says
# "Safari".
BROWSERS = [
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("SamsungBrowser/", "Samsung Internet"),
    ("Firefox/", "Firefox"),
    ("FxiOS/", "Firefox"),
    ("CriOS/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
]
SYSTEMS = [
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("Macintosh", "macOS"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
]


def _first(user_agent, table):
    for marker, name in table:
        if marker in user_agent:
            return name
    return None


def describe_user_agent(user_agent):
    user_agent = user_agent or ""
    browser = _first(user_agent, BROWSERS)
    system = _first(user_agent, SYSTEMS)
    if browser and system:
        return _("%(browser)s on %(system)s") % {"browser": browser, "system": system}
    if browser or system:
        return browser or system
    return _("Unknown browser")
