"""The printed summary is always Japanese, whatever language the agent's screen uses.

Its own words go through this `_` (same catalogue, same placeholder check as `cyberdesk.i18n`);
product words come from the catalogue and are never translated.
"""

from cyberdesk.i18n import translator

_ = translator("ja")
