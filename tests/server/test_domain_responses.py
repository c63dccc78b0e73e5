from __future__ import annotations

from protocol.entities import Response
from protocol.enums import ResponseLevel, ResponseStatus
from protocol.errors import ErrorCode

from .domain_helpers import ADMIN, HANGZHOU, PROVINCE, WENZHOU, XIHU, World


def test_start_raise_lower_end_with_history() -> None:
    w = World()
    rid = w.run(PROVINCE, "response.start", headquarters="flood_drought", hazard="typhoon",
                level="IV", area=["330300", "331000"], note="台风海燕")["id"]
    other = w.run(PROVINCE, "response.start", headquarters="flood_drought",
                  hazard="maritime_typhoon", level="III")["id"]
    w.tick()
    w.run(PROVINCE, "response.raise", id=rid, level="II")
    w.run(PROVINCE, "response.lower", id=rid, level="III")
    w.run(PROVINCE, "response.end", id=rid, note="解除")
    resp = w.get(Response, rid)
    assert resp.status == ResponseStatus.ENDED and resp.ended_at == w.now
    assert [h.level for h in resp.history] == [ResponseLevel.IV, ResponseLevel.II,
                                               ResponseLevel.III, None]
    assert w.get(Response, other).status == ResponseStatus.ACTIVE  # several at once
    assert w.code(PROVINCE, "response.raise", id=rid, level="I") == ErrorCode.CONFLICT


def test_response_refusals() -> None:
    w = World()
    rid = w.run(HANGZHOU, "response.start", headquarters="forest_fire", hazard="forest_fire",
                level="III")["id"]
    assert w.get(Response, rid).jurisdiction == "330100"
    assert w.code(HANGZHOU, "response.raise", id=rid, level="IV") == ErrorCode.CONFLICT
    assert w.code(HANGZHOU, "response.raise", id=rid, level="III") == ErrorCode.CONFLICT
    assert w.code(HANGZHOU, "response.lower", id=rid, level="II") == ErrorCode.CONFLICT
    assert w.code(XIHU, "response.raise", id=rid, level="II") == ErrorCode.FORBIDDEN
    assert w.code(WENZHOU, "response.end", id=rid) == ErrorCode.FORBIDDEN
    assert w.code(HANGZHOU, "response.end", id="x") == ErrorCode.NOT_FOUND
    assert w.code(HANGZHOU, "response.end", expected_version=3, id=rid) == ErrorCode.CONFLICT
    assert w.code(HANGZHOU, "response.start", headquarters="forest_fire",
                  hazard="forest_fire", level="III", area=["330300"]) == ErrorCode.BAD_REQUEST
    assert w.code(HANGZHOU, "response.start", headquarters="forest_fire",
                  hazard="forest_fire", level="III", jurisdiction="330000") \
        == ErrorCode.FORBIDDEN
    assert w.code(HANGZHOU, "response.start", headquarters="forest_fire",
                  hazard="forest_fire", level="III", area=["12345"]) == ErrorCode.BAD_REQUEST
    assert w.code(ADMIN, "response.start", headquarters="forest_fire",
                  hazard="forest_fire", level="III") == ErrorCode.FORBIDDEN
