"""Parse CAP 1.2 documents safely and validate them against the OASIS schema we ship.

The schema is ``resources/cap/CAP-v1.2.xsd`` (the OASIS text, unchanged). Parsing never
resolves entities, never loads a DTD and never touches the network; a document that carries a
DOCTYPE at all is refused, so neither an external entity (XXE) nor an entity expansion bomb
gets anywhere. The same schema checks what ``warning.cap`` exports (tests/server/test_cap.py).
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from lxml import etree

NS = "urn:oasis:names:tc:emergency:cap:1.2"
ALERT = f"{{{NS}}}alert"


class CapError(ValueError):
    """The document is not a CAP 1.2 alert we can read; the message says why, in one line."""


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=False, remove_comments=True,
                           remove_pis=True)


@cache
def schema() -> etree.XMLSchema:
    """The OASIS CAP 1.2 schema (parsed once)."""
    text = files("resources.cap").joinpath("CAP-v1.2.xsd").read_bytes()
    return etree.XMLSchema(etree.fromstring(text, _parser()))


def parse(xml: str | bytes) -> etree._Element:
    """The ``<alert>`` root of a CAP 1.2 document that passes the schema; else CapError."""
    data = xml.encode("utf-8") if isinstance(xml, str) else xml
    try:
        tree = etree.fromstring(data, _parser()).getroottree()
    except etree.XMLSyntaxError as exc:
        raise CapError(f"not well-formed XML: {exc}") from None
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise CapError("a CAP message may not carry a DOCTYPE (no DTDs or entities)")
    root = tree.getroot()
    if root.tag != ALERT:
        raise CapError(f"not a CAP 1.2 alert: the root element is {root.tag!r}, "
                       f"expected <alert> in the namespace {NS}")
    validate(root)
    return root


def validate(root: etree._Element) -> None:
    """Raise CapError naming the first schema violation."""
    checker = schema()
    if not checker.validate(root):
        err = checker.error_log.last_error
        raise CapError(f"not valid CAP 1.2 (line {err.line}): {err.message}")


def errors(xml: str | bytes) -> list[str]:
    """Every schema violation of a document (empty: valid); for tests and the feed tool."""
    data = xml.encode("utf-8") if isinstance(xml, str) else xml
    root = etree.fromstring(data, _parser())
    checker = schema()
    checker.validate(root)
    return [f"line {e.line}: {e.message}" for e in checker.error_log]
