# -*- coding: utf-8 -*-
# Copyright: tide.digitalocean contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # Something named inside a managed database cluster (a user, a database, a pool): the options of
    # module_utils/databases.py's CHILD_ARGUMENT_SPEC. A module documents its own O(name).
    DOCUMENTATION = r"""
options:
  cluster:
    description:
      - The cluster, by name or by id (uuid). A name costs one paginated listing of the clusters.
    type: str
    required: true
  state:
    description:
      - V(present) it exists (as described), V(absent) it does not exist.
      - With V(absent), a cluster that does not exist counts as nothing to delete.
    type: str
    choices: [present, absent]
    default: present
"""
