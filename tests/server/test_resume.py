"""server.resume.resumption: replay or snapshot, one row per case."""

from __future__ import annotations

import pytest

from protocol.messages import Resume
from server.resume import Resumption, Why, resumption

HERE = "srv-a"


@pytest.mark.parametrize(
    ("cursor", "pruned", "current", "changed", "picture", "expected"),
    [
        (None, 0, 100, 0, 50, Resumption(False, Why.NO_CURSOR)),
        (Resume(server_id="srv-b", last_seq=90), 0, 100, 3, 50,
         Resumption(False, Why.OTHER_SERVER)),
        (Resume(server_id=HERE, last_seq=9), 10, 100, 3, 50, Resumption(False, Why.PRUNED)),
        (Resume(server_id=HERE, last_seq=10), 10, 100, 3, 50, Resumption(True, Why.CHANGES)),
        (Resume(server_id=HERE, last_seq=101), 0, 100, 0, 50, Resumption(False, Why.AHEAD)),
        (Resume(server_id=HERE, last_seq=100), 0, 100, 0, 50, Resumption(True, Why.CHANGES)),
        (Resume(server_id=HERE, last_seq=0), 0, 100, 26, 50,
         Resumption(False, Why.MOST_CHANGED)),
        (Resume(server_id=HERE, last_seq=40), 0, 100, 25, 50, Resumption(True, Why.CHANGES)),
        (Resume(server_id=HERE, last_seq=0), 0, 0, 0, 0, Resumption(True, Why.CHANGES)),
    ],
    ids=["no resume", "other server id", "older than retained log", "at the pruned seq",
         "ahead of current", "up to date", "most of the picture changed", "half changed",
         "empty log"],
)
def test_resumption(cursor: Resume | None, pruned: int, current: int, changed: int, picture: int,
                    expected: Resumption) -> None:
    got = resumption(cursor, server_id=HERE, pruned_through=pruned, current_seq=current,
                     changed=changed, picture=picture)
    assert got == expected
