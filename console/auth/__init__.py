"""Users, roles and permissions (Qt-free)."""

from console.auth.accounts import AccountService, LoginFailed, User
from console.auth.roles import ROLE_TITLES, check_action, check_command, may_command

__all__ = ["ROLE_TITLES", "AccountService", "LoginFailed", "User", "check_action", "check_command", "may_command"]
