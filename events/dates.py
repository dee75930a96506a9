"""How an event's dates are written in one line, in the active language."""

from home.templatetags.language_tags import local_date


def date_range(performances):
    """ "onsdag 20. januar 2027, 19:30" for one performance; "20. januar
    2027 – 3. februar 2027" for several; "" for none."""
    if not performances:
        return ""
    first, last = performances[0].start, performances[-1].start
    if len(performances) == 1:
        return local_date(first, "weekday_date_time")
    return f"{local_date(first, 'date')} – {local_date(last, 'date')}"
