"""Real-database fixtures shared by the incident-records features."""

from tests.records_fixtures import *  # noqa: F401,F403
