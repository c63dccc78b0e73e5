"""Hazard tracks (a typhoon's path and cone) through real websockets: the province publishes
and updates; every operator and unit sees it; others are refused and nothing changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from protocol.entities import HazardTrack
from protocol.errors import ErrorCode
from protocol.messages import Error

T0 = datetime(2026, 9, 10, 0, 0, tzinfo=UTC)


def _at(hours: float) -> str:
    return (T0 + timedelta(hours=hours)).isoformat()


def haiyan(**extra: Any) -> dict[str, Any]:
    return {
        "name": "Haiyan-D", "hazard": "typhoon", "exercise": True,
        "observed": [{"at": _at(0), "lon": 126.0, "lat": 24.0, "wind_ms": 45, "pressure_hpa": 950},
                     {"at": _at(6), "lon": 125.0, "lat": 25.0}],
        "forecast": [{"at": _at(12), "lon": 124.0, "lat": 26.0, "radius_km": 60},
                     {"at": _at(24), "lon": 121.5, "lat": 27.6, "radius_km": 120}],
        **extra,
    }


async def test_the_province_publishes_and_updates_a_track_everyone_sees(server) -> None:
    prov, ra, field = [await server.login(n) for n in ("prov", "ra", "field")]
    ack = await prov.ok("track.publish", haiyan())
    tid = ack.result["id"]
    for client in (prov, ra, field):  # a county and a field terminal far from the sea alike
        await client.wait_replica(lambda r: r.get("hazard_track", tid) is not None)
    track = ra.replica.get("hazard_track", tid)
    assert isinstance(track, HazardTrack) and track.exercise and track.issued_by == "prov"
    assert [p.lon for p in track.observed] == [126.0, 125.0] and len(track.forecast) == 2
    assert track.observed[0].wind_ms == 45 and track.observed[1].pressure_hpa is None

    # a new fix overtakes the first forecast point; the rest of the forecast stays
    await prov.ok("track.update", {"id": tid, "observed": [
        {"at": _at(12), "lon": 123.8, "lat": 26.1}]}, expected_version=track.version)
    await ra.wait_replica(lambda r: len(r.get("hazard_track", tid).observed) == 3)
    track = ra.replica.get("hazard_track", tid)
    assert [p.at for p in track.forecast] == [T0 + timedelta(hours=24)]
    await prov.ok("track.update", {"id": tid, "forecast": [
        {"at": _at(18), "lon": 122.6, "lat": 27.0, "radius_km": 50}]})
    await ra.wait_replica(lambda r: r.get("hazard_track", tid).forecast[0].radius_km == 50)


async def test_only_the_province_enters_a_track_and_bad_tracks_change_nothing(server) -> None:
    prov, wz, liaison = [await server.login(n) for n in ("prov", "wz", "liaison")]
    seq = server.coordinator.state.seq
    for client in (wz, liaison):
        out = await client.command("track.publish", haiyan())
        assert isinstance(out, Error) and out.code == ErrorCode.FORBIDDEN, out
    backwards = haiyan(observed=[{"at": _at(6), "lon": 125, "lat": 25},
                                 {"at": _at(0), "lon": 126, "lat": 24}])
    empty = haiyan(observed=[], forecast=[])
    late = haiyan(forecast=[{"at": _at(3), "lon": 124, "lat": 26, "radius_km": 10}])
    wide = haiyan(forecast=[{"at": _at(12), "lon": 124, "lat": 26, "radius_km": 99999}])
    for bad in (backwards, empty, late, wide, haiyan(hazard="dragons")):
        out = await prov.command("track.publish", bad)
        assert isinstance(out, Error) and out.code == ErrorCode.BAD_REQUEST, out
    assert server.coordinator.state.seq == seq
    tid = (await prov.ok("track.publish", haiyan())).result["id"]
    out = await wz.command("track.update", {"id": tid, "observed": []})
    assert isinstance(out, Error) and out.code == ErrorCode.FORBIDDEN
    out = await prov.command("track.update", {"id": tid, "observed": [
        {"at": _at(1), "lon": 125.5, "lat": 24.5}]})  # before the last fix
    assert isinstance(out, Error) and out.code == ErrorCode.BAD_REQUEST
    out = await prov.command("track.update", {"id": "nope", "observed": []})
    assert isinstance(out, Error) and out.code == ErrorCode.NOT_FOUND
    assert server.coordinator.state.seq == seq + 1
