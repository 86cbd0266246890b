# -*- coding: utf-8 -*-
# Copyright: tide.digitalocean contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # Modules that can return secrets and run behind plugin_utils/secret_guard.py's action plugin.
    # (ansible-core wants options or attributes in every fragment; this one adds none.)
    DOCUMENTATION = r"""
options: {}
notes:
  - B(Secrets.) An action plugin of the same name removes every password, URI, access key and access
    certificate from the result on the controller unless the task sets C(no_log=true), also when
    C(no_target_syslog) is on (which makes the module itself believe it runs with C(no_log)), and warns
    when it did. Async is not supported, as an async result would bypass that plugin.
"""
