"""The `cyberdesk` command. Each sub-command lives in its own module and imports what it needs
only when it runs, so that `validate` or `list` never load Qt or reportlab."""
