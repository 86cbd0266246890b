"""Run-time settings of one emulator instance (what the command line sets)."""

from dataclasses import dataclass, field
from typing import Optional


@dataclass
class Config:
    host: str = "127.0.0.1"
    port: int = 8765
    state: Optional[str] = None  # SQLite file; None keeps state in memory
    action_seconds: float = 1.0  # how long actions stay in-progress and droplets stay "new"
    rate_limit_per_minute: int = 250
    tokens: list[str] = field(default_factory=list)  # empty: any non-empty bearer token is accepted
    backend: str = "none"  # none | docker
    instance: str = "box"  # names and labels everything the docker backend makes
    droplet_image: str = "tide-droplet:latest"
    box_dir: Optional[str] = None  # the docker backend's files (volumes); default: a temporary directory
    tls_cert: Optional[str] = None
    tls_key: Optional[str] = None
