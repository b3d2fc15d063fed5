"""Generated from ui/*.ui by scripts/ui — do not edit."""
