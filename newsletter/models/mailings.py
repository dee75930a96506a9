"""Issues of the newsletter, their sending and SMS announcements."""

__all__ = []
