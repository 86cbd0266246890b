# -*- coding: utf-8 -*-
# Copyright: tide.digitalocean contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Runs tide.digitalocean.database_user; its secrets reach the result only when the task sets no_log: true."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils.parsing.convert_bool import boolean
from ansible_collections.tide.digitalocean.plugins.plugin_utils.secret_guard import SecretGuardAction

REFUSED_RESET = (
    "reset_password: true without no_log: true on the task is refused before rotating: the new password could "
    "not be returned, and the application's current one would stop working. Set no_log: true on the task."
)


class ActionModule(SecretGuardAction):
    hint = "Set no_log: true and reset_password: true on the task to get a new password."

    def run(self, tmp=None, task_vars=None):
        """Refuses ``reset_password: true`` on a task without ``no_log`` before the module runs (the module
        refuses it too, but cannot tell the task's no_log from ``no_target_syslog``)."""
        args = self._task.args
        resetting = boolean(args.get("reset_password", False), strict=False)
        if resetting and args.get("state", "present") == "present" and not self._task.no_log:
            return {"failed": True, "changed": False, "msg": REFUSED_RESET}
        return super(ActionModule, self).run(tmp, task_vars)
