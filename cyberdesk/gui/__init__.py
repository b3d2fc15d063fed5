"""The Qt desktop app: the main window, the settings and the interview wizard.

Only this package imports Qt. Heavy parts (the wizard, PDF, printing) are imported when first
used so that the window appears quickly.
"""
