"""The droplet module's pure checks: the UFW-next-to-Tailscale warning on user data."""

import pytest
from ansible_collections.tide.digitalocean.plugins.modules.droplet import user_data_warning

SHELL_RACE = "#!/bin/bash\napt-get install -y tailscale\ntailscale up --authkey=tskey\nufw --force enable\n"
CLOUD_CONFIG_RACE = "#cloud-config\nruncmd:\n  - [ufw, enable]\n  - tailscale up --ssh\n"


@pytest.mark.parametrize("user_data", [SHELL_RACE, CLOUD_CONFIG_RACE, "UFW ENABLE\nTailscale up"])
def test_ufw_enabled_next_to_tailscale_is_warned_about(user_data):
    warning = user_data_warning(user_data)
    assert warning and "tailscale0" in warning and "ufw_safe_ssh" in warning


@pytest.mark.parametrize("user_data", [
    None,
    "",
    "#!/bin/bash\nufw --force enable\n",  # UFW alone
    "#!/bin/bash\ntailscale up\n",  # Tailscale alone
    "#!/bin/bash\ntailscale up\nufw allow in on tailscale0\n",  # a rule, not enabling UFW
])
def test_other_user_data_is_not_warned_about(user_data):
    assert user_data_warning(user_data) is None
