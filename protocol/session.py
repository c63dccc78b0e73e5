"""The client side of a session, sans-I/O: what to send on connect, what each frame means.

Drive it from any transport, in this order per connection:

1. ``session.hello()`` -> send it as the first frame;
2. for every frame received, ``session.receive(decode_server(frame))`` -> a :class:`Received`
   telling what the replica changed, which commands were answered, and whether the picture is
   now live;
3. once ``session.live`` is True, send commands (and again after every reconnect the ones that
   were never answered: the server's idempotency makes resending safe); to sign out, send
   ``session.logout()``;
4. on disconnect, ``session.disconnected(close_code)``; it returns False when trying again is
   pointless (credentials refused, protocol version unsupported). After a ``rate_limited``
   refusal (too many failed logins) it returns True and ``retry_after`` says how many seconds
   to wait first.

The first hello carries user and password; later ones carry the session token the server
handed out, and a resume cursor ``{server_id, last_seq}`` from the replica so that the server
replays only what was missed. No sockets, no clock, no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .entities import Principal
from .errors import CLOSE_UNAUTHORIZED, CLOSE_UNSUPPORTED_VERSION, ErrorCode
from .messages import (
    PROTOCOL_VERSION,
    Ack,
    Error,
    Event,
    Events,
    Hello,
    LinkStatus,
    Logout,
    Positions,
    Queued,
    Resume,
    ServerMessage,
    Snapshot,
    Welcome,
)
from .replica import Changes, Replica


@dataclass
class Received:
    """What one server frame meant."""

    changes: Changes = field(default_factory=Changes)
    answers: list[Ack | Error] = field(default_factory=list)  # answers to commands (by id)
    welcome: Welcome | None = None
    became_live: bool = False  # this frame completed the snapshot / handshake
    refused: Error | None = None  # the hello itself was refused (no command id)
    queued: list[Queued] = field(default_factory=list)  # held for another platform (not final)
    link_status: LinkStatus | None = None  # the platform's links, when they changed


class ClientSession:
    def __init__(
        self,
        user: str,
        password: str | None = None,
        token: str | None = None,
        replica: Replica | None = None,
        client: str = "",
    ) -> None:
        self.user = user
        self.password = password
        self.token = token
        self.replica = replica if replica is not None else Replica()
        self.client = client
        self.principal: Principal | None = None
        self.live = False
        self._welcomed = False
        self._refusal: ErrorCode | None = None
        self.retry_after: float | None = None  # set by a rate_limited refusal of the hello
        self.link_status: LinkStatus | None = None  # the newest, from a linked platform

    def hello(self) -> Hello:
        """The first frame of a connection. Resets the per-connection state."""
        self.live = False
        self._welcomed = False
        self._refusal = None
        self.retry_after = None
        resume = None
        if self.replica.server_id and self.replica.seq > 0:
            resume = Resume(server_id=self.replica.server_id, last_seq=self.replica.seq)
        if self.token:
            return Hello(
                protocol=PROTOCOL_VERSION, token=self.token, resume=resume, client=self.client
            )
        return Hello(
            protocol=PROTOCOL_VERSION,
            user=self.user,
            password=self.password,
            resume=resume,
            client=self.client,
        )

    def logout(self) -> Logout:
        """The frame that signs out (the server revokes the token and closes with 1000).
        Forgets the token and the password: this session will not log in again."""
        self.token = None
        self.password = None
        self.live = False
        return Logout()

    def receive(self, msg: ServerMessage) -> Received:
        out = Received()
        if isinstance(msg, Welcome):
            self._welcomed = True
            self.token = msg.session_token
            self.principal = msg.principal
            out.welcome = msg
            out.changes = self.replica.apply_welcome(msg)
            if msg.resumed:
                self.live = out.became_live = True
        elif isinstance(msg, Snapshot):
            out.changes = self.replica.apply_snapshot(msg)
            if msg.final and not self.live:
                self.live = out.became_live = True
        elif isinstance(msg, (Event, Events, Positions)):
            out.changes = self.replica.apply(msg)
        elif isinstance(msg, Ack):
            out.answers.append(msg)
        elif isinstance(msg, Queued):
            out.queued.append(msg)
        elif isinstance(msg, LinkStatus):
            self.link_status = out.link_status = msg
        elif isinstance(msg, Error):
            if msg.id is not None:
                out.answers.append(msg)
            elif not self._welcomed:
                out.refused = msg
                self._refusal = msg.code
                if msg.code == ErrorCode.RATE_LIMITED:
                    self.retry_after = msg.retry_after
        return out

    def disconnected(self, close_code: int | None) -> bool:
        """Note a lost connection; False when reconnecting cannot succeed."""
        self.live = False
        refusal, self._refusal = self._refusal, None
        if refusal == ErrorCode.RATE_LIMITED:
            return True  # the credentials were not even checked: try again after retry_after
        if close_code == CLOSE_UNSUPPORTED_VERSION:
            refusal = ErrorCode.UNSUPPORTED_VERSION
        elif close_code == CLOSE_UNAUTHORIZED:
            refusal = ErrorCode.UNAUTHORIZED
        return self._on_refused(refusal) if refusal is not None else True

    def _on_refused(self, code: ErrorCode) -> bool:
        if code == ErrorCode.UNSUPPORTED_VERSION:
            return False
        if code == ErrorCode.UNAUTHORIZED:
            if self.token is not None and self.password:
                self.token = None  # the token expired or the server forgot it: log in again
                return True
            self.password = None
            return False
        return True

    @property
    def can_retry(self) -> bool:
        """False once the credentials are known to be refused."""
        return bool(self.token or self.password)
