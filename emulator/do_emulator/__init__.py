"""A stateful DigitalOcean API v2 emulator, served on loopback for offline tests and demos."""

__version__ = "0.1.0"
