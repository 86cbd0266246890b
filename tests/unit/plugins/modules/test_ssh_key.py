"""ssh_key: the fingerprint is DigitalOcean's (MD5 of the key blob) and bad keys are refused before any request."""

import pytest
from ansible_collections.tide.digitalocean.plugins.module_utils.errors import DigitalOceanError
from ansible_collections.tide.digitalocean.plugins.modules.ssh_key import parse_public_key

ED25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA5gsFOFBdwREanKZikEu+1qJOOAjFKDZavX6SicLt2l it-ed25519"
ECDSA = (
    "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBPmhpofhDLRn252V3QUGR2fIexVFo/1oF7Jq"
    "f4oCcmNwUAJpnCLYzRvmrvhhBeqoqWe9N6xGNLKyb7rrp9eJ+U8= it-ecdsa"
)


@pytest.mark.parametrize(
    ("key", "fingerprint"),
    [
        # as `ssh-keygen -l -E md5` prints them
        (ED25519, "25:98:80:c5:96:b5:8b:99:c2:6e:15:29:d6:3f:cb:d3"),
        (ECDSA, "40:53:af:5a:3d:04:d2:17:2a:2a:a6:e2:ec:fc:7e:d3"),
    ],
)
def test_fingerprint_matches_ssh_keygen_md5(key, fingerprint):
    assert parse_public_key(key) == (key, fingerprint)


def test_comment_and_surrounding_whitespace_do_not_change_the_fingerprint():
    line, fingerprint = parse_public_key("  " + ED25519.rsplit(" ", 1)[0] + " someone else\n")
    assert line == ED25519.rsplit(" ", 1)[0] + " someone else"
    assert fingerprint == parse_public_key(ED25519)[1]


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("", "is empty"),
        ("~/.ssh/id_ed25519.pub", "not a supported key type"),
        ("ssh-dss AAAAB3NzaC1kc3M=", "not a supported key type"),
        ("ssh-ed25519", "no key data"),
        ("ssh-ed25519 not*base64", "not valid base64"),
        ("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA", "not valid base64"),  # a length without its field
        ("ssh-rsa " + ED25519.split()[1], "does not hold a ssh-rsa key"),
        ("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5", "not a complete ssh-ed25519 key"),
        ("ecdsa-sha2-nistp384 " + ECDSA.split()[1], "does not hold a ecdsa-sha2-nistp384 key"),
        (ED25519 + "\n" + ECDSA, "several lines"),
        ("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjE=\n-----END OPENSSH PRIVATE KEY-----", "private key"),
    ],
)
def test_not_a_public_key_is_refused_with_its_reason(key, reason):
    with pytest.raises(DigitalOceanError, match=reason) as raised:
        parse_public_key(key)
    assert raised.value.status is None
    assert "b3BlbnNzaC1rZXktdjE" not in str(raised.value)
