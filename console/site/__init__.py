"""The site: the centre this console serves — its jurisdiction (行政区划代码) and name, kept with
the database and used everywhere (map, bounds checks, default plans), and the first-run state."""

from console.site.settings import Site, SiteError, SiteSettings, checked_division

__all__ = ["Site", "SiteError", "SiteSettings", "checked_division"]
