"""Keys, secrets and protection: the laptop's signing key, the keychain and its fallback, the
database key, IT's deployment file, and the audit trail's hash chain."""
