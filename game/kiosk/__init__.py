"""Kiosk mode: the unattended touchscreen version of the game (attract loop, walk-away reset, hidden admin)."""
