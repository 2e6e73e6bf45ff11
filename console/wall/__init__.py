"""The wall display (指挥大屏): what a room of people sees at a distance, read from the database.

:func:`console.wall.snapshot.read_snapshot` reads one :class:`~console.wall.snapshot.WallSnapshot`
(the active incidents with their level, state and next deadline, the map's areas and routes, the
latest events in the timeline's words, today's figures); :mod:`console.wall.figures` is the
registry of the figures it shows. Qt-free and read-only: nothing here writes.
"""
