"""Users, roles and permissions (Qt-free).

``console.auth.roles`` is imported by the incident service on every start; the account
service (argon2, the users table) is loaded only when something asks for it.
"""

from __future__ import annotations

from typing import Any

from console.auth.roles import ROLE_TITLES, check_action, check_command, may_command

__all__ = ["ROLE_TITLES", "AccountService", "Login", "LoginFailed", "User", "check_action", "check_command",
           "first_authenticated_seq", "may_command"]


def __getattr__(name: str) -> Any:
    if name in ("AccountService", "Login", "LoginFailed", "User", "first_authenticated_seq"):
        from console.auth import accounts

        return getattr(accounts, name)
    raise AttributeError(name)
