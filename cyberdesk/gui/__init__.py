"""The Qt desktop app: the main window, the settings and the interview wizard.

Only this package imports Qt. Heavy parts (the wizard, PDF, printing) are imported when first
used so that the window appears quickly.
"""

from cyberdesk.gui.refcounts import protect_singletons

protect_singletons()  # before any Qt call: PySide6 6.12 leaks references to None/True/False
