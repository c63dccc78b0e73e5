"""Hazard tracks (a typhoon's path and forecast cone): publish and update, province only.

The province's duty officers enter or import the weather service's bulletin: the fixes
observed so far (oldest first) and the latest forecast. A track is consistent or refused
whole: times strictly increase through the fixes and on into the forecast, and it has at
least one point. An update appends new fixes and replaces the forecast.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import msgspec

from protocol import rules
from protocol.commands import TrackPublish, TrackUpdate
from protocol.entities import HazardTrack, TrackFix, TrackForecast
from protocol.limits import keep_newest

from .api import Tx, result_of
from .authz import require
from .checks import bad_request, new_id, require_text


def _require_order(observed: Sequence[TrackFix], forecast: Sequence[TrackForecast]) -> None:
    if not observed and not forecast:
        raise bad_request("a hazard track needs at least one fix or forecast point")
    times: list[datetime] = [p.at for p in observed] + [p.at for p in forecast]
    for earlier, later in zip(times, times[1:], strict=False):
        if later <= earlier:
            raise bad_request(
                f"track times must increase, fixes first, then the forecast: {later.isoformat()}"
                f" does not follow {earlier.isoformat()}")


def publish(tx: Tx, args: TrackPublish) -> dict[str, Any]:
    require(rules.track(tx.actor))
    _require_order(args.observed, args.forecast)
    track = HazardTrack(
        id=new_id(), name=require_text(args.name, "name"), hazard=args.hazard,
        observed=list(args.observed), forecast=list(args.forecast), exercise=args.exercise,
        issued_by=tx.actor.user,
    )
    return result_of(tx.put("track.publish", track))


def update(tx: Tx, args: TrackUpdate) -> dict[str, Any]:
    track = tx.get(HazardTrack, args.id)
    require(rules.track(tx.actor, track))
    tx.check_version(track)
    observed = [*track.observed, *args.observed]
    if args.forecast is None:  # kept, less the points the new fixes have overtaken
        last = observed[-1].at if observed else None
        forecast = [p for p in track.forecast if last is None or p.at > last]
    else:
        forecast = list(args.forecast)
    _require_order(observed, forecast)
    changed = msgspec.structs.replace(
        track, observed=keep_newest(HazardTrack, "observed", observed), forecast=forecast)
    return result_of(tx.put("track.update", changed))
