"""The trainer's session: the room's vote, the phone vote server, the session summary.

Everything here except the projector screens (run.py and the pygame scenes) works
without pygame, so it can be tested and reused headless.
"""
