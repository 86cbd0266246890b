# -*- coding: utf-8 -*-
# Copyright: tide.digitalocean contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # The auth options in two variants (ansible-test wants each as a plain string literal, so the shared text
    # is written twice; change both together):
    # - DOCUMENTATION (tide.digitalocean.auth) for modules, whose argument spec (module_utils/module.py's
    #   AUTH_ARGUMENT_SPEC) falls back to the environment itself;
    # - PLUGIN (tide.digitalocean.auth.plugin) for plugins, whose options Ansible's configuration system reads,
    #   so the fallbacks are env entries. Ansible lets the LAST listed variable that is set win, hence the
    #   reverse of the modules' order (module_utils/client.py's TOKEN_ENV_VARS).
    # Both are read by module_utils/client.py's api_from_options.
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

    PLUGIN = r"""
options:
  token:
    description:
      - DigitalOcean API token.
      - If not set, the environment variables E(DIGITALOCEAN_TOKEN), E(DIGITALOCEAN_ACCESS_TOKEN)
        and E(DO_API_TOKEN) are tried in that order, exactly as the collection's modules do.
      - May be a template, for example C({{ lookup('ansible.builtin.env', 'MY_TOKEN') }}).
    type: str
    aliases: [api_token, oauth_token]
    env:
      - name: DO_API_TOKEN
      - name: DIGITALOCEAN_ACCESS_TOKEN
      - name: DIGITALOCEAN_TOKEN
  api_url:
    description:
      - Base URL of the DigitalOcean API.
      - Plain C(http) is accepted only for a loopback host (for example a local API emulator),
        so the token never travels unencrypted over a network.
    type: str
    default: https://api.digitalocean.com
    env:
      - name: DIGITALOCEAN_API_URL
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
    5xx and connection errors are retried with jittered exponential backoff.
"""
