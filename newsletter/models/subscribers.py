"""Subscribers, their consents and the keyed hashes of addresses that never want mail again."""

__all__ = []
