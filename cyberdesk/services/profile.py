"""The agent's profile (agency, code, name, phone), kept in the settings: printed on every
proposal, and filled into each new interview."""

from __future__ import annotations

from dataclasses import fields

from cyberdesk.model.interview import Agent
from cyberdesk.store.store import AGENT_PROFILE, Store


def stored_agent(store: Store) -> Agent:
    """The agent profile from the settings (empty fields when never filled)."""
    profile = store.setting(AGENT_PROFILE) or {}
    return Agent(**{f.name: str(profile.get(f.name, "")) for f in fields(Agent)})
