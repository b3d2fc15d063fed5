"""Japanese text: input normalisation (全角, 万/億), dates with 和暦, money, honorifics, the print
font's glyph coverage, phrase boundaries for wrapping, and postal codes."""
