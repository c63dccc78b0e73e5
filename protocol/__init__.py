"""Watchfloor wire contract: message types, codec, error codes, state machines, the replica.

Pure: the standard library and msgspec only; no I/O, no Qt, no SQLAlchemy.
"""

from .messages import PROTOCOL_VERSION

__all__ = ["PROTOCOL_VERSION"]
