"""CyberDesk: the interview and proposal desk for サイバープロテクター with the IT業務特約."""

__version__ = "0.1.0"
