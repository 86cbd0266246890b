# -*- coding: utf-8 -*-
# Copyright: tide.digitalocean contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # The tags a resource carries, reconciled by module_utils/tags.py's reconcile_tags.
    DOCUMENTATION = r"""
options:
  tags:
    description:
      - Tags the resource carries. Missing tags are added (and created in the account when it lacks them),
        tags not listed are removed.
      - Leave unset to not manage tags; set to V([]) to remove all.
    type: list
    elements: str
"""
