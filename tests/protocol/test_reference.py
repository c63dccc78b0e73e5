"""The committed protocol reference (docs/protocol.md, docs/asyncapi.yaml) is what the types
generate; regenerate with ``python -m protocol.reference`` when this fails."""

from __future__ import annotations

import json

import yaml

from protocol.commands import OPS
from protocol.messages import CLIENT_MESSAGES, SERVER_MESSAGES
from protocol.reference import DOCS, asyncapi, generate


def test_committed_docs_match_a_fresh_generation() -> None:
    for name, text in generate().items():
        committed = (DOCS / name).read_text(encoding="utf-8")
        assert committed == text, f"docs/{name} is stale: run python -m protocol.reference"


def test_asyncapi_yaml_parses_to_the_document() -> None:
    text = generate()["asyncapi.yaml"]
    assert yaml.safe_load(text) == json.loads(json.dumps(asyncapi()))


def test_reference_covers_every_message_and_op() -> None:
    doc = generate()["protocol.md"]
    for cls in (*CLIENT_MESSAGES, *SERVER_MESSAGES):
        assert f"### {cls.__name__}\n" in doc
    for op in OPS:
        assert f"### `{op}`" in doc
    schemas = asyncapi()["components"]["schemas"]
    assert {c.__name__ for c in (*CLIENT_MESSAGES, *SERVER_MESSAGES)} <= set(schemas)
