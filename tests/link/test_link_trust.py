"""Trust on a link: credentials, jurisdiction, quarantine, version skew, clock skew, logs."""

from __future__ import annotations

import asyncio
import logging
import shutil
import ssl
import subprocess
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import msgspec
import pytest
from websockets.asyncio.client import connect

from protocol.entities import Incident
from protocol.errors import CLOSE_UNAUTHORIZED
from protocol.link import LinkEvent, LinkEvents, LinkHello
from protocol.messages import PROTOCOL_VERSION, Ack
from server.app import run_server
from server.link import read_credential
from server.storage.links import LinkStore
from tests.conftest import TEST_SETTINGS, ServerUnderTest
from tests.fixtures.client import WireClient
from tests.link.conftest import CHILD, LINK_SETTINGS, Linked, add_child, child_platform, gap_free
from tests.link.test_link_basics import RUIAN_INCIDENT

_enc = msgspec.json.Encoder()


def _incident(id: str, jurisdiction: str) -> Incident:
    now = datetime.now(UTC)
    return Incident(id=id, version=1, updated_at=now, number=f"ZJ-X-{id}", type_code="11A01",
                    title="t", lon=120.6, lat=27.8, jurisdiction=jurisdiction,
                    reported_at=now)


async def _raw_link(linked: Linked, credential: str) -> Any:
    ws = await connect(linked.parent.url, compression=None, max_size=None)
    await ws.send(_enc.encode(LinkHello(protocol=PROTOCOL_VERSION, platform=CHILD,
                                        credential=credential)).decode())
    return ws


async def _frames_until(ws: Any, kind: str, within: float = 10.0) -> dict[str, Any]:
    async with asyncio.timeout(within):
        while True:
            frame = msgspec.json.decode(await ws.recv())
            if frame.get("type") == kind:
                return frame  # type: ignore[no-any-return]


async def test_a_wrong_or_revoked_credential_is_refused(linked: Linked) -> None:
    ws = await _raw_link(linked, "not-the-credential")
    frame = msgspec.json.decode(await ws.recv())
    assert frame["type"] == "error" and frame["code"] == "unauthorized"
    await ws.wait_closed()
    assert ws.close_code == CLOSE_UNAUTHORIZED
    # revoked: the child's live link closes and it cannot come back
    assert await LinkStore(linked.parent.srv.store).remove_platform(CHILD)
    await linked.parent.srv.links.refresh_children()  # (the status loop does it within 1 s)
    ws = await _raw_link(linked, read_credential(str(linked.credential_file)).credential)
    frame = msgspec.json.decode(await ws.recv())
    assert frame["code"] == "unauthorized"
    await linked.parent.srv.coordinator.flush_audit()
    rows = await linked.parent.srv.store.audit_rows()
    assert any(r.what == "link" and r.outcome == "unauthorized" for r in rows)


async def test_an_event_outside_the_jurisdiction_is_quarantined_and_later_ones_flow(
        linked: Linked, caplog: pytest.LogCaptureFixture) -> None:
    linked.proxy.cut()  # the real child stays away; we speak for it
    cred = read_credential(str(linked.credential_file)).credential
    caplog.set_level(logging.DEBUG)
    ws = await _raw_link(linked, cred)
    await _frames_until(ws, "link_ready")
    epoch = "e" * 32
    bad, good = _incident("bad1", "330324"), _incident("good1", CHILD)  # Yongjia: not ours
    batch = LinkEvents(epoch=epoch, through=2, events=[
        LinkEvent(seq=1, origin=CHILD, ts=bad.updated_at, actor="ra", op="incident.create",
                  entity=bad),
        LinkEvent(seq=2, origin=CHILD, ts=good.updated_at, actor="ra", op="incident.create",
                  entity=good)])
    # version skew: a field this server does not know, in the frame and in the entity
    raw = msgspec.json.decode(_enc.encode(batch))
    raw["future_field"] = 1
    raw["events"][1]["entity"]["drone_feed"] = "rtsp://x"
    await ws.send(_enc.encode(raw).decode())
    ack = await _frames_until(ws, "link_ack")
    assert ack["seq"] == 2
    state = linked.parent.srv.coordinator.state
    assert state.get(Incident, "good1") is not None
    assert state.get(Incident, "bad1") is None
    refused = await linked.parent.srv.links.store.quarantined()
    assert [(r.entity_id, r.seq) for r in refused] == [("bad1", 1)]
    assert "outside platform 330381" in refused[0].reason
    await linked.parent.srv.coordinator.flush_audit()
    rows = await linked.parent.srv.store.audit_rows()
    assert any(r.what == "link.refused" and "bad1" in r.detail for r in rows)
    # the same batch again (a resend after a cut): nothing applied twice
    seq = state.seq
    await ws.send(_enc.encode(raw).decode())
    await _frames_until(ws, "link_ack")
    assert state.seq == seq
    await ws.close()
    await gap_free(linked.parent.srv)
    # credentials and link frames never reach a log
    assert cred not in caplog.text
    assert "drone_feed" not in caplog.text


async def test_a_child_may_not_forward_commands_of_users_above_it(linked: Linked) -> None:
    linked.proxy.cut()
    cred = read_credential(str(linked.credential_file)).credential
    ws = await _raw_link(linked, cred)
    await _frames_until(ws, "link_ready")
    frame = {"type": "link_commands", "commands": [{
        "id": "forged-1", "op": "incident.create", "origin": CHILD,
        "args": {**RUIAN_INCIDENT, "jurisdiction": "330324"},
        "actor": {"user": "prov", "role": "province", "jurisdiction": "330000"}}]}
    await ws.send(_enc.encode(frame).decode())
    out = await _frames_until(ws, "link_outcomes")
    assert out["outcomes"][0]["outcome"]["code"] == "forbidden"
    assert not [i for i in linked.parent.srv.coordinator.state.all(Incident)]
    await ws.close()


async def test_an_hour_of_clock_skew_changes_nothing(linked: Linked) -> None:
    """The child's clock an hour ahead, the parent's an hour behind: cursors are seqs, so
    a cut and a heal lose and double nothing."""
    linked.child.coordinator.clock = lambda: datetime.now(UTC) + timedelta(hours=1)
    linked.parent.srv.coordinator.clock = lambda: datetime.now(UTC) - timedelta(hours=1)
    ra = await linked.child_login("ra")
    first = (await ra.ok("incident.create", RUIAN_INCIDENT)).result["id"]
    prov = await linked.parent.login("prov")
    await prov.wait_replica(lambda r: r.get_typed(Incident, first) is not None)
    linked.proxy.cut()
    ids = [(await ra.ok("incident.create", {**RUIAN_INCIDENT, "title": f"t{i}"})).result["id"]
           for i in range(20)]
    grade = await prov.send_command("incident.grade", {"id": first, "grade": "IV"})
    await prov.read_until(lambda m: grade in prov.queued)
    linked.proxy.heal()
    assert isinstance(await prov.outcome(grade, within=20), Ack)
    await linked.converged()
    assert all(linked.parent.srv.coordinator.state.get(Incident, i) for i in ids)
    graded = linked.child.coordinator.state.get(Incident, first)
    assert graded is not None and [e.what for e in graded.timeline].count("graded") == 1


def _cert(openssl: str, directory: Path, name: str, cn: str) -> tuple[Path, Path]:
    cert, key = directory / f"{name}.pem", directory / f"{name}.key"
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", f"/CN={cn}", "-addext", f"subjectAltName=IP:{cn}",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True,
                   timeout=60)
    return cert, key


async def test_the_link_over_wss_with_mutual_tls(tmp_path: Path) -> None:
    """The parent serves wss and requires a client certificate it trusts; the child links
    with its certificate and the parent's CA; a child without a certificate is refused at the
    TLS handshake."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl is not installed: no certificate to test TLS with")
    server_cert, server_key = _cert(openssl, tmp_path, "province", "127.0.0.1")
    child_cert, child_key = _cert(openssl, tmp_path, "ruian", "127.0.0.1")
    both = tmp_path / "ruian-both.pem"
    both.write_text(child_cert.read_text() + child_key.read_text())
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(server_cert, server_key)
    ctx.load_verify_locations(child_cert)
    ctx.verify_mode = ssl.CERT_REQUIRED
    async with run_server(f"sqlite+aiosqlite:///{tmp_path / 'p.db'}",
                          settings=replace(TEST_SETTINGS, **LINK_SETTINGS), ssl=ctx) as parent:
        cred = await add_child(parent, CHILD, tmp_path)
        url = parent.url.replace("ws://", "wss://")
        assert url.startswith("wss://")
        async with child_platform(f"sqlite+aiosqlite:///{tmp_path / 'c.db'}", CHILD, url, cred,
                                  link_ca=str(server_cert), link_cert=str(both)) as child:
            await Linked.link_up_of(child)
            ra = await WireClient.login(child.url, "ra", "ra-pass")
            iid = (await ra.ok("incident.create", RUIAN_INCIDENT)).result["id"]
            await ra.close()
            lk = Linked(ServerUnderTest(parent), child, None, cred)  # type: ignore[arg-type]
            await lk.converged()
            assert parent.coordinator.state.get(Incident, iid) is not None
        async with child_platform(f"sqlite+aiosqlite:///{tmp_path / 'd.db'}", CHILD, url, cred,
                                  link_ca=str(server_cert)) as stranger:
            assert stranger.links is not None and stranger.links.uplink is not None
            with pytest.raises(TimeoutError):
                await Linked.link_up_of(stranger, within=2.0)
