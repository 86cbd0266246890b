# -*- coding: utf-8 -*-
# Copyright: tide.digitalocean contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The controller-side guard for modules that can return secrets (passwords, connection URIs, access keys).

A module decides what to return from ``module.no_log``, but ansible-core also sets that flag for a task
without ``no_log`` when ``no_target_syslog`` is on (ansible.cfg or ANSIBLE_NO_TARGET_SYSLOG), and only
the task's own ``no_log`` makes Ansible censor the result. The action plugin knows the task, so it
removes every secret from the result unless the task sets ``no_log: true``.

* ``without_secrets(value)`` (from ``module_utils.secrets``, the one scrubber the modules use too): a copy of a
  result without any key named in ``SECRET_KEYS`` at any depth, and the dotted paths of what was removed.
* ``SecretGuardAction``: runs the module like ansible.builtin.normal, then applies ``without_secrets``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.plugins.action.normal import ActionModule as NormalAction
from ansible_collections.tide.digitalocean.plugins.module_utils.secrets import without_secrets

__all__ = ["SecretGuardAction", "without_secrets"]


class SecretGuardAction(NormalAction):
    """Runs the module of the same name; without ``no_log: true`` on the task, returns no secret.

    Async is refused: an async job's result is fetched later by async_status, past this guard.
    """

    _supports_async = False
    # Appended to the warning when something was removed (a subclass can say how to get it back).
    hint = "Set no_log: true on the task to receive them."

    def run(self, tmp=None, task_vars=None):
        result = super(SecretGuardAction, self).run(tmp, task_vars)
        if self._task.no_log:
            return result
        clean, removed = without_secrets(result)
        if removed:
            clean.setdefault("warnings", []).append(
                "left out of the result because the task does not set no_log: true and they would be "
                "printed: %s. %s" % (", ".join(removed), self.hint)
            )
        return clean
