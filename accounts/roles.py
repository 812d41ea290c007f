"""Account roles, and the actor who changes accounts (an admin, or the CLI when it creates the first one)."""

from __future__ import annotations

from dataclasses import dataclass

ROLES: tuple[str, ...] = ("establishment", "facilitator", "coordinator", "national", "ars", "admin")
SITE_ROLES = frozenset({"establishment", "facilitator"})  # act for the sites they belong or are assigned to
REGION_ROLES = frozenset({"coordinator", "ars"})  # work within their regions


@dataclass(frozen=True)
class Actor:
    """Who performs an account operation, as written in the audit log."""

    name: str
    role: str
    user_id: str | None = None

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


CLI_ADMIN = Actor("continuum admin", "admin")
