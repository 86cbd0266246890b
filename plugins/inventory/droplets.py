# -*- coding: utf-8 -*-
# Copyright: tide.digitalocean contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: droplets
short_description: DigitalOcean droplets as an Ansible inventory
description:
  - Reads droplets from the DigitalOcean API (through the collection's pydo client, with the same
    authentication, retries and pagination as the modules) and makes them inventory hosts.
  - The configuration file name must end with C(.do.yml), C(.do.yaml), C(.digitalocean.yml),
    C(.digitalocean.yaml), or be C(digitalocean.yml), C(digitalocean.yaml), C(droplets.yml) or C(droplets.yaml).
  - Every host gets the droplet's attributes as variables with a C(do_) prefix, so no droplet attribute can
    overwrite a variable Ansible or the user relies on; C(ansible_host) is the only other variable set.
    O(variables) can leave some of them out. They are C(do_id), C(do_name), C(do_status), C(do_region) (slug),
    C(do_size) (slug), C(do_memory), C(do_vcpus), C(do_disk), C(do_image) (slug, or id for a snapshot),
    C(do_image_distribution), C(do_tags), C(do_networks), C(do_public_ipv4), C(do_private_ipv4), C(do_public_ipv6),
    C(do_vpc_uuid), C(do_volume_ids), C(do_features) and C(do_created_at).
  - Every value from the API, the host name included, is marked unsafe, so it is never templated. A droplet name
    or tag that looks like a Jinja template stays text in O(compose), O(keyed_groups), O(groups), O(filters)
    and plays, on every ansible-core version the collection supports.
  - Unless O(default_groups=false), every host joins C(tag_<tag>) for each of its tags, C(region_<slug>) and
    C(status_<status>); characters that are not valid in a group name become C(_).
author:
  - tide.digitalocean maintainers (@tide)
extends_documentation_fragment:
  - tide.digitalocean.auth.plugin
  - constructed
  - inventory_cache
options:
  plugin:
    description: Marks the file as a configuration of this plugin.
    type: str
    required: true
    choices: [tide.digitalocean.droplets]
  tags:
    description:
      - Only droplets with these tags. The API filters by tag, so only matching droplets are transferred.
      - With O(tag_match=any), one listing per tag is made; with O(tag_match=all), only the first tag is
        listed and the others are checked locally, so put the most selective tag first.
      - Empty means every droplet of the account.
    type: list
    elements: str
    default: []
  tag_match:
    description: Whether a droplet needs C(any) or C(all) of O(tags).
    type: str
    choices: [any, all]
    default: any
  regions:
    description: Only droplets in these regions (slugs such as C(fra1)). Empty means every region.
    type: list
    elements: str
    default: []
  filters:
    description:
      - Jinja2 expressions evaluated with the host's C(do_*) variables; a droplet becomes a host only if
        every expression is true.
      - An expression that fails to evaluate excludes the host, or fails the inventory with O(strict=true).
    type: list
    elements: str
    default: []
  hostname:
    description:
      - The inventory host name of a droplet. C(name) is the droplet name, C(id) its numeric id,
        C(name_region) the name and region slug joined by C(_).
      - Two selected droplets never share a host name. When they would, each of them is named
        C(<hostname>_<id>) instead and a warning lists them (droplet names cannot contain C(_)).
    type: str
    choices: [name, id, name_region]
    default: name
  ip:
    description:
      - Which IPv4 address becomes C(ansible_host). C(private) is the droplet's VPC address, for hosts
        reached through a bastion or a VPN.
      - A droplet without such an address gets no C(ansible_host) (a warning names it).
      - O(compose) can still override C(ansible_host).
    type: str
    choices: [public, private]
    default: public
  default_groups:
    description: Add the C(tag_*), C(region_*) and C(status_*) groups.
    type: bool
    default: true
  variables:
    description:
      - Which C(do_*) variables every host gets; by default all of them.
      - O(compose), O(groups), O(keyed_groups) and O(filters) see every C(do_*) variable whatever this says,
        and C(ansible_host) is set either way; V([]) keeps the groups, the host names and the connection, and
        leaves out only the C(do_*) variables plays would read.
      - Each variable costs ansible-core time for every host (it copies and checks every value it is given, and
        C(ansible-inventory --list) writes it out), so with thousands of droplets a short list such as
        V([do_id, do_name, do_region, do_tags]) loads the inventory noticeably faster
        (C(bench/results/inventory.json) in the collection's repository has the figures).
    type: list
    elements: str
    choices: [do_id, do_name, do_status, do_region, do_size, do_memory, do_vcpus, do_disk, do_image,
              do_image_distribution, do_tags, do_networks, do_public_ipv4, do_private_ipv4, do_public_ipv6,
              do_vpc_uuid, do_volume_ids, do_features, do_created_at]
    default: [do_id, do_name, do_status, do_region, do_size, do_memory, do_vcpus, do_disk, do_image,
              do_image_distribution, do_tags, do_networks, do_public_ipv4, do_private_ipv4, do_public_ipv6,
              do_vpc_uuid, do_volume_ids, do_features, do_created_at]
notes:
  - With O(cache=true) the droplet listing is kept in the cache plugin and the next run makes no API request
    as long as O(cache_timeout) has not passed; the built-in C(memory) cache only lives for one run, use
    C(ansible.builtin.jsonfile) with O(cache_connection) to keep it between runs. C(--flush-cache) refreshes it.
    A change of O(api_url), O(tags) or O(tag_match) is a cache miss.
  - API failures (bad token, unreachable API, invalid options) end the source with one line naming the problem.
"""

EXAMPLES = r"""
# inventory/web.do.yml: the droplets tagged "web", reached on their VPC address through a bastion.
plugin: tide.digitalocean.droplets
tags: [web]
ip: private

---
# inventory/prod.digitalocean.yml: droplets tagged both "prod" and "db", in fra1 or ams3,
# grouped by size and image, cached on disk for an hour.
plugin: tide.digitalocean.droplets
tags: [db, prod]
tag_match: all
regions: [fra1, ams3]
filters:
  - do_status == "active"
hostname: name_region
keyed_groups:
  - key: do_size
    prefix: size
  - key: do_image
    prefix: image
compose:
  ansible_user: "'root'"
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: ~/.cache/tide-digitalocean-inventory
cache_timeout: 3600
"""

import gc
import re
from contextlib import contextmanager

from ansible import constants as C
from ansible.errors import AnsibleError, AnsibleParserError
from ansible.module_utils.common.text.converters import to_native
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable
from ansible.utils.unsafe_proxy import AnsibleUnsafe, wrap_var
from ansible_collections.tide.digitalocean.plugins.module_utils.client import api_from_options
from ansible_collections.tide.digitalocean.plugins.module_utils.droplets import with_addresses
from ansible_collections.tide.digitalocean.plugins.module_utils.errors import DigitalOceanError
from ansible_collections.tide.digitalocean.plugins.module_utils.lookup import region_slug
from ansible_collections.tide.digitalocean.plugins.module_utils.pages import list_all

CONFIG_SUFFIXES = (".do.yml", ".do.yaml", ".digitalocean.yml", ".digitalocean.yaml")
CONFIG_NAMES = ("digitalocean.yml", "digitalocean.yaml", "droplets.yml", "droplets.yaml")
VAR_PREFIX = "do_"
ADDRESS_KEYS = {"public": "public_ipv4", "private": "private_ipv4"}
# ansible-core 2.16 to 2.18 template any plain string an inventory plugin hands them, so every value from the API is
# wrapped as unsafe there. From 2.19 on, no string an inventory plugin sets is trusted as a template (the plugin's
# trusted_by_default is false) and wrap_var only returns a plain copy, which set_variable copies once more: wrapping
# would double that work for nothing (5,000 droplets: some tenths of a CPU second). Decided by what wrap_var returns.
WRAPS_UNSAFE = isinstance(wrap_var(""), AnsibleUnsafe)


def unsafe(value):
    """``value`` never to be templated: wrapped where ansible-core needs it (before 2.19), as it is from 2.19 on."""
    return wrap_var(value) if WRAPS_UNSAFE else value


def fetch_droplets(api, tags, tag_match):
    """The droplets the API has to send: all of them, or those carrying the tags (filtered server side).

    ``any`` lists every tag once (a droplet with several of them comes back once per tag and is kept
    once); ``all`` lists only the first tag, the others are checked by ``select``.
    """
    if not tags:
        return list_all(api, "droplets.list", "droplets")
    listed_tags = tags[:1] if tag_match == "all" else tags
    by_id = {}
    for tag in listed_tags:
        for droplet in list_all(api, "droplets.list", "droplets", tag_name=tag):
            by_id.setdefault(droplet["id"], droplet)
    return list(by_id.values())


def select(droplets, tags, tag_match, regions):
    """The droplets that satisfy the tag and region options (what the API could not filter)."""
    wanted_tags = set(tags)
    wanted_regions = set(regions)
    selected = []
    for droplet in droplets:
        droplet_tags = set(droplet.get("tags") or [])
        if wanted_tags:
            matched = wanted_tags <= droplet_tags if tag_match == "all" else wanted_tags & droplet_tags
            if not matched:
                continue
        if wanted_regions and region_slug(droplet) not in wanted_regions:
            continue
        selected.append(droplet)
    return selected


def host_vars(droplet):
    """The ``do_*`` variables of one droplet, every string in them marked unsafe.

    What the API sends is data, never a template: a droplet name or tag such as ``{{ lookup('pipe', ...) }}``
    must not run on the controller when ``compose``, ``keyed_groups``, ``filters`` or a play reads it.
    ansible-core 2.19 treats inventory plugin data as untrusted anyway; 2.16 to 2.18 template a plain string
    wherever it is used, so it is wrapped here (``wrap_var`` is the interface all of these versions share).
    """
    droplet = with_addresses(droplet)
    image = droplet.get("image") or {}
    plain = {
        "id": droplet.get("id"),
        "name": droplet.get("name"),
        "status": droplet.get("status"),
        "region": region_slug(droplet),
        "size": droplet.get("size_slug") or (droplet.get("size") or {}).get("slug"),
        "memory": droplet.get("memory"),
        "vcpus": droplet.get("vcpus"),
        "disk": droplet.get("disk"),
        "image": image.get("slug") or image.get("id"),
        "image_distribution": image.get("distribution"),
        "tags": list(droplet.get("tags") or []),
        "networks": droplet.get("networks") or {},
        "public_ipv4": droplet.get("public_ipv4"),
        "private_ipv4": droplet.get("private_ipv4"),
        "public_ipv6": droplet.get("public_ipv6"),
        "vpc_uuid": droplet.get("vpc_uuid"),
        "volume_ids": list(droplet.get("volume_ids") or []),
        "features": list(droplet.get("features") or []),
        "created_at": droplet.get("created_at"),
    }
    return unsafe(dict((VAR_PREFIX + key, value) for key, value in plain.items()))


def base_hostname(droplet, scheme):
    if scheme == "id":
        return str(droplet["id"])
    if scheme == "name_region":
        return "%s_%s" % (droplet.get("name"), region_slug(droplet))
    return droplet.get("name") or str(droplet["id"])


def assign_hostnames(droplets, scheme):
    """The host name of each droplet (same order), and the names that had to be disambiguated.

    Droplets sharing a host name all become ``<hostname>_<id>``: keeping the bare name for one of them
    would let a play silently reach a different droplet than the one its author meant.
    """
    names = [base_hostname(droplet, scheme) for droplet in droplets]
    counts = {}
    for name in names:
        counts[name] = counts.get(name, 0) + 1
    unique = ["%s_%s" % (name, droplet["id"]) if counts[name] > 1 else name for name, droplet in zip(names, droplets)]
    # A host name comes from the API too, and ansible-core before 2.19 templates inventory_hostname.
    return [unsafe(name) for name in unique], sorted(name for name, count in counts.items() if count > 1)


@contextmanager
def collector_paused():
    """Python's cyclic garbage collector off for the block, then as it was.

    Adding thousands of hosts makes about a million objects (ansible-core copies and tags every value a plugin
    sets), and the collector walks the growing heap again and again while they are made: with 5,000 droplets it
    took about a fifth of the whole run's CPU. Any cycle made meanwhile is still collected once it is back on.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def abbreviated(names, shown=10):
    listed = ", ".join(names[:shown])
    return listed if len(names) <= shown else "%s and %d more" % (listed, len(names) - shown)


def one_line(text):
    return re.sub(r"\s+", " ", to_native(text)).strip()


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):
    NAME = "tide.digitalocean.droplets"
    # ansible-core 2.19 and later: no string this plugin sets is trusted as a template (the default, stated
    # because unsafe() relies on it). Earlier versions ignore the attribute.
    trusted_by_default = False

    def verify_file(self, path):
        if not super(InventoryModule, self).verify_file(path):
            return False
        basename = path.replace("\\", "/").rsplit("/", 1)[-1]
        if basename in CONFIG_NAMES or basename.endswith(CONFIG_SUFFIXES):
            return True
        self.display.vvv(
            "tide.digitalocean.droplets skips %s: the file name must end with %s or be one of %s"
            % (path, ", ".join(CONFIG_SUFFIXES), ", ".join(CONFIG_NAMES))
        )
        return False

    def parse(self, inventory, loader, path, cache=True):
        super(InventoryModule, self).parse(inventory, loader, path, cache)
        try:
            config = self._read_config_data(path)
        except AnsibleError as error:
            raise AnsibleParserError("invalid configuration in %s: %s" % (path, one_line(error))) from None
        self._refuse_unknown_options(path, config)

        with collector_paused():
            droplets = self._droplets(path, use_cache=cache)
            selected = select(
                droplets, self.get_option("tags"), self.get_option("tag_match"), self.get_option("regions")
            )
            self._populate(selected)

    def _refuse_unknown_options(self, path, config):
        """A misspelt option (``tag: web``) would otherwise be ignored and select every droplet."""
        definitions = C.config.get_configuration_definitions(self.plugin_type, self._load_name)
        known = set(definitions)
        for definition in definitions.values():
            known.update(definition.get("aliases") or [])
        unknown = sorted(key for key in config if key not in known)
        if unknown:
            raise AnsibleParserError(
                "invalid configuration in %s: unknown option(s) %s; valid options are %s"
                % (path, ", ".join(map(str, unknown)), ", ".join(sorted(definitions)))
            )

    def _option_value(self, name):
        """An option, templated when it is written as a template (token, api_url)."""
        value = self.get_option(name)
        if isinstance(value, str) and "{{" in value:
            self.templar.available_variables = {}
            value = self.templar.template(value)
        return value

    def _query(self):
        """What decides the API's answer; a cached listing made for another query is not reused."""
        return {
            "api_url": self._option_value("api_url"),
            "tags": list(self.get_option("tags")),
            "tag_match": self.get_option("tag_match"),
        }

    def _droplets(self, path, use_cache):
        query = self._query()
        cache_key = self.get_cache_key(path)
        caching = self.get_option("cache")
        if caching and use_cache:
            try:
                cached = self._cache[cache_key]
            except KeyError:
                cached = None
            if isinstance(cached, dict) and cached.get("query") == query:
                return cached["droplets"]
        droplets = self._fetch(query)
        if caching:
            self._cache[cache_key] = {"query": query, "droplets": droplets}
        return droplets

    def _fetch(self, query):
        try:
            api = api_from_options(self._option_value)
            droplets = fetch_droplets(api, query["tags"], query["tag_match"])
        except DigitalOceanError as error:
            raise AnsibleParserError("cannot list droplets from %s: %s" % (query["api_url"], one_line(error))) from None
        self.display.vvv(
            "tide.digitalocean.droplets: %d droplets in %d API requests" % (len(droplets), api.request_count)
        )
        return droplets

    def _passes_filters(self, hostname, variables):
        strict = self.get_option("strict")
        for expression in self.get_option("filters"):
            try:
                if not self._compose(expression, variables):
                    return False
            except Exception as error:  # noqa: BLE001  any template failure; strict decides its fate
                if strict:
                    raise AnsibleParserError(
                        "filter %r failed for host %s: %s" % (expression, hostname, one_line(error))
                    ) from None
                return False
        return True

    def _populate(self, droplets):
        strict = self.get_option("strict")
        compose = self.get_option("compose")
        address_key = VAR_PREFIX + ADDRESS_KEYS[self.get_option("ip")]
        candidates = []
        for droplet in droplets:
            variables = host_vars(droplet)
            if self._passes_filters(droplet.get("name"), variables):
                candidates.append((droplet, variables))
        hostnames, duplicates = assign_hostnames(
            [droplet for droplet, _vars in candidates], self.get_option("hostname")
        )
        if duplicates:
            self.display.warning(
                "tide.digitalocean.droplets: several droplets share the host name(s) %s; each of them is named "
                "<hostname>_<droplet id> instead" % ", ".join(duplicates)
            )

        default_groups = self.get_option("default_groups")
        composed_groups = self.get_option("groups")
        keyed_groups = self.get_option("keyed_groups")
        kept = self.get_option("variables")
        group_names = {}
        without_address = []
        for hostname, (_droplet, variables) in zip(hostnames, candidates):
            self.inventory.add_host(hostname)
            for key in kept:
                self.inventory.set_variable(hostname, key, variables[key])
            if variables[address_key]:
                self.inventory.set_variable(hostname, "ansible_host", variables[address_key])
            else:
                without_address.append(hostname)
            if default_groups:
                self._add_default_groups(hostname, variables, group_names)
            if compose:
                # Every do_ variable, also those the variables option leaves out; what the host has wins.
                host_vars_now = dict(variables, **self.inventory.get_host(hostname).get_vars())
                self._set_composite_vars(compose, host_vars_now, hostname, strict=strict)
            self._add_host_to_composed_groups(composed_groups, variables, hostname, strict=strict)
            self._add_host_to_keyed_groups(keyed_groups, variables, hostname, strict=strict)

        if without_address:
            self.display.warning(
                "tide.digitalocean.droplets: no %s IPv4 address, so no ansible_host, for %d host(s): %s"
                % (self.get_option("ip"), len(without_address), abbreviated(without_address))
            )

    def _add_default_groups(self, hostname, variables, group_names):
        """``group_names`` maps each wanted name to its inventory group, so every group is sanitised and added
        once per run rather than once per host."""
        names = ["tag_%s" % tag for tag in variables[VAR_PREFIX + "tags"]]
        names.append("region_%s" % variables[VAR_PREFIX + "region"])
        names.append("status_%s" % variables[VAR_PREFIX + "status"])
        for name in names:
            group = group_names.get(name)
            if group is None:
                group = group_names[name] = self.inventory.add_group(self._sanitize_group_name(name))
            self.inventory.add_child(group, hostname)
