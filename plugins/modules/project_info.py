#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: tide.digitalocean contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: project_info
short_description: List DigitalOcean projects, optionally with the resources they hold
version_added: 0.1.0
description:
  - Returns projects, following the API's pagination to the end (200 a request).
  - With O(id), one request; with O(name), the project of that name; without either, every project.
  - With O(resources), each project also carries the URNs of the resources it holds (one listing per project).
extends_documentation_fragment:
  - tide.digitalocean.auth
  - tide.digitalocean.info
options:
  name:
    description: Only the project with this exact name.
    type: str
  id:
    description: Only the project with this id (an empty list when it does not exist).
    type: str
  default:
    description: Only the account's default project.
    type: bool
    default: false
  resources:
    description: Add C(resources), the URNs of the resources each project holds.
    type: bool
    default: false
"""

EXAMPLES = r"""
- name: The app's project and what it holds
  tide.digitalocean.project_info:
    name: app
    resources: true
  register: app_project

- name: Its droplet ids
  ansible.builtin.debug:
    msg: "{{ app_project.projects[0].resources | select('match', 'do:droplet:') | list }}"
"""

RETURN = r"""
projects:
  description: The matching projects as the API describes them, with C(resources) when O(resources) is set.
  returned: always
  type: list
  elements: dict
  sample:
    - id: 4e1bfbc3-dc3e-41f2-a18f-1b4d7ba71679
      name: app
      purpose: Web Application
      environment: Production
      description: the app
      is_default: false
      resources: ["do:droplet:3164444"]
"""

from ansible_collections.tide.digitalocean.plugins.module_utils.info import run_info
from ansible_collections.tide.digitalocean.plugins.module_utils.lookup import matching
from ansible_collections.tide.digitalocean.plugins.module_utils.pages import list_all


def matching_projects(api, params):
    if params["id"] is not None:
        body = api.call("projects.get", project_id=params["id"], missing_ok=True)
        projects = [body["project"]] if body else []
    elif params["default"]:
        projects = [api.call("projects.get_default")["project"]]
    else:
        projects = list_all(api, "projects.list", "projects")
    return matching(projects, name=params["name"] or None)


def with_resources(api, project):
    result = dict(project)
    listed = list_all(api, "projects.list_resources", "resources", project_id=project["id"])
    result["resources"] = sorted(item["urn"] for item in listed)
    return result


def found_projects(api, params):
    projects = matching_projects(api, params)
    if params["resources"]:
        projects = [with_resources(api, project) for project in projects]
    return projects


def main():
    run_info(
        "projects",
        dict(
            name=dict(type="str"),
            id=dict(type="str"),
            default=dict(type="bool", default=False),
            resources=dict(type="bool", default=False),
        ),
        found_projects,
        mutually_exclusive=[("id", "name", "default")],
    )


if __name__ == "__main__":
    main()
