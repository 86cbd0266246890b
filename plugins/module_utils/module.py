# -*- coding: utf-8 -*-
# Copyright: tide.digitalocean contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""``DigitalOceanModule``: AnsibleModule plus the shared options and the API client.

A module declares only its own options::

    module = DigitalOceanModule(argument_spec=dict(name=dict(required=True)), wait=True,
                                supports_check_mode=True)
    try:
        ...  # module.api.call(...), ResourceState(module).run(...)
    except DigitalOceanError as error:
        module.fail_from_error(error)

The auth options (``token``, ``api_url``, ``timeout``, ``validate_certs``; documented by the
``tide.digitalocean.auth`` doc fragment) are always merged in; ``wait=True`` adds ``wait``
and ``wait_timeout`` (``tide.digitalocean.wait``). ``module.api`` is built on first use,
so input validation that needs no API call can fail before any request.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils.basic import AnsibleModule, _load_params, env_fallback
from ansible_collections.tide.digitalocean.plugins.module_utils.client import (
    API_URL_ENV_VAR,
    DEFAULT_API_URL,
    TOKEN_ENV_VARS,
    api_from_options,
    missing_pydo,
)
from ansible_collections.tide.digitalocean.plugins.module_utils.errors import DigitalOceanError

AUTH_ARGUMENT_SPEC = dict(
    token=dict(
        type="str", no_log=True, aliases=["api_token", "oauth_token"], fallback=(env_fallback, list(TOKEN_ENV_VARS))
    ),
    api_url=dict(type="str", default=DEFAULT_API_URL, fallback=(env_fallback, [API_URL_ENV_VAR])),
    timeout=dict(type="int", default=60),
    validate_certs=dict(type="bool", default=True),
)

WAIT_ARGUMENT_SPEC = dict(
    wait=dict(type="bool", default=True),
    wait_timeout=dict(type="int", default=300),
)


class DigitalOceanModule(AnsibleModule):
    """AnsibleModule with the auth (and optionally wait) options merged into ``argument_spec``."""

    def __init__(self, argument_spec, wait=False, **kwargs):
        spec = dict(AUTH_ARGUMENT_SPEC)
        if wait:
            spec.update(WAIT_ARGUMENT_SPEC)
        spec.update(argument_spec)
        super(DigitalOceanModule, self).__init__(argument_spec=spec, **kwargs)
        missing = missing_pydo()
        if missing:
            self.fail_json(msg="%s (missing: %s)" % (self.missing_pydo_message(), missing))
        self._api = None

    def given(self, name):
        """True when the task set option ``name`` (or an alias) explicitly, even to null.

        ``self.params`` cannot tell ``option: null`` from an omitted option; modules where
        null means something (``volume``'s ``droplet: null`` detaches) ask this instead.
        """
        names = [name, *(self.argument_spec[name].get("aliases") or [])]
        return any(key in _load_params() for key in names)

    @staticmethod
    def missing_pydo_message():
        return "This module needs the Python packages pydo and azure-core on the managed host: pip install pydo"

    @property
    def api(self):
        """The ``DigitalOceanAPI`` for this task (built once; fails the task on bad auth options)."""
        if self._api is None:
            try:
                self._api = api_from_options(self.params.get)
            except DigitalOceanError as error:
                self.fail_from_error(error)
            self._api.check_mode = self.check_mode
            # Ansible's remote temporary directory (remote_tmp, ~/.ansible/tmp by default) outlives the task.
            self._api.cache_dir = getattr(self, "_remote_tmp", None)
        return self._api

    def fail_from_error(self, error, **result):
        """Fail the task with ``error``'s message plus those of status, error_id, request_id, operation that are
        known. ``changed`` defaults to whether a write of this task may have taken effect (a batch failing after
        its first write reports changed: true)."""
        result.update(error.to_result())
        if "changed" not in result:
            api = getattr(self, "_api", None)
            result["changed"] = bool(api is not None and api.wrote)
        self.fail_json(msg=str(error), **result)

    def warn_assumptions(self):
        """One warning per referenced resource that check mode assumed (see ``lookup.assume``)."""
        api = getattr(self, "_api", None)
        if api is not None:
            for assumption in api.assumptions:
                self.warn(assumption)
            api.assumptions = []

    def exit_json(self, **kwargs):
        """AnsibleModule.exit_json, after warning about what check mode assumed."""
        self.warn_assumptions()
        super(DigitalOceanModule, self).exit_json(**kwargs)
