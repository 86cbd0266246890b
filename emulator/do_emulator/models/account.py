"""The emulated team's account (GET /v2/account; projects name it as their owner)."""

ACCOUNT = {
    "droplet_limit": 25000,
    "floating_ip_limit": 100,
    "volume_limit": 1000,
    "email": "emulator@example.com",
    "name": "Emulator User",
    "uuid": "b6fr89dbf6d9156cace5f3c78dc9851d957381ef",
    "email_verified": True,
    "status": "active",
    "status_message": "",
    "team": {"uuid": "5df3e3004a17e242b7c20ca6c9fc25b701a47ece", "name": "Emulator Team"},
}
