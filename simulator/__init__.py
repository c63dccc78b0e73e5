"""The Watchfloor simulator: field terminals for the demo teams and scenario drivers, a plain
protocol client (``watchfloor sim``). Pure parts: ``movement``, ``field_team``, ``scenario``,
``driver``, ``scenarios``; over the wire: ``desk`` and ``runner``."""
