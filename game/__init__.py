"""Not Alone: a scam-simulation game against "online kidnapping" (see README.md)."""

__version__ = "0.1.0"
