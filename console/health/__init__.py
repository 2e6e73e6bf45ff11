"""The console's own health: a log of its errors the administrator can read, and what it costs while idle."""
