# -*- coding: utf-8 -*-
# Copyright: tide.digitalocean contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Runs tide.digitalocean.database_info; its secrets reach the result only when the task sets no_log: true."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.tide.digitalocean.plugins.plugin_utils.secret_guard import SecretGuardAction


class ActionModule(SecretGuardAction):
    pass
