"""Reports a duty officer hands over and sends up, without Qt: the situation report (灾情和应急
工作专报) for a jurisdiction and a moment, and the duty handover report (值班交接) for a shift
window.

:mod:`.model` builds a :class:`~.model.Report` (numbered sections of paragraphs, tables, charts
and a map) from what the server sent: a Replica, the principal, the ``stats.losses`` and
``stats.due`` answers (:mod:`.answers`) and the window's events (:mod:`.window_events`).
:mod:`.markdown` and :mod:`.pdf` render one. Every word is chosen at build time, in the
report's language, so rendering reads no translator and may run on any thread.
"""
