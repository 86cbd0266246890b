# -*- coding: utf-8 -*-
# Copyright: tide.digitalocean contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    DOCUMENTATION = r"""
options:
  token:
    description:
      - DigitalOcean API token.
      - If not set, the environment variables E(DIGITALOCEAN_TOKEN), E(DIGITALOCEAN_ACCESS_TOKEN)
        and E(DO_API_TOKEN) are tried in that order.
      - Set it once for all modules of the collection with C(module_defaults) and the
        C(group/tide.digitalocean.all) action group.
    type: str
    aliases: [api_token, oauth_token]
  api_url:
    description:
      - Base URL of the DigitalOcean API.
      - If not set, the environment variable E(DIGITALOCEAN_API_URL) is used, else the real API.
      - Plain C(http) is accepted only for a loopback host (for example a local API emulator),
        so the token never travels unencrypted over a network.
    type: str
    default: https://api.digitalocean.com
  timeout:
    description:
      - Seconds one API call may take, including its retries after rate limiting (HTTP 429),
        server errors (5xx) and dropped connections.
    type: int
    default: 60
  validate_certs:
    description:
      - Verify the API's TLS certificate. Only turn this off for a test endpoint.
    type: bool
    default: true
requirements:
  - pydo (pip install pydo; brings azure-core)
notes:
  - Requests that failed with HTTP 429 are retried after the time the API asks for;
    5xx and connection errors are retried with jittered exponential backoff. A request that
    creates something is never resent blindly; the module first looks the resource up by its
    identity, so a retry never creates a duplicate.
"""
