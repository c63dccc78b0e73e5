"""Administrative codes (adcodes): levels and ancestry, computed from the code alone."""

from __future__ import annotations

PROVINCE = "330000"


def level_of(adcode: str) -> str:
    """'province', 'city' or 'county' for a 6-digit adcode."""
    if adcode.endswith("0000"):
        return "province"
    if adcode.endswith("00"):
        return "city"
    return "county"


def parent_of(adcode: str) -> str | None:
    lvl = level_of(adcode)
    if lvl == "province":
        return None
    if lvl == "city":
        return adcode[:2] + "0000"
    return adcode[:4] + "00"


def ancestors(adcode: str) -> list[str]:
    """The code itself then each ancestor up to the province."""
    out = [adcode]
    p = parent_of(adcode)
    while p is not None:
        out.append(p)
        p = parent_of(p)
    return out


def is_within(adcode: str, scope: str) -> bool:
    """True when ``adcode`` is ``scope`` or lies inside it."""
    lvl = level_of(scope)
    if lvl == "province":
        return adcode[:2] == scope[:2]
    if lvl == "city":
        return adcode[:4] == scope[:4]
    return adcode == scope


def common_parent(a: str, b: str) -> str:
    """The lowest jurisdiction that contains both codes."""
    anc_b = set(ancestors(b))
    for code in ancestors(a):
        if code in anc_b:
            return code
    return PROVINCE
