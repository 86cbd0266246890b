"""Backends: what stands behind the API. The API layer decides and records; a backend makes it so.

`none` (the default) stands for nothing: the API behaves on its own. `docker` puts a container behind every
droplet, a docker network behind the public network and every VPC that holds droplets, a loop device behind every
attached volume and iptables rules behind every cloud firewall (see docker_box.py).

The interface every backend offers (NoBackend defines it and does nothing):
- `public_pool(req)`: the network public IPv4 addresses are handed out from;
- `check_droplets(req, plan)`: refuses a droplet create the backend could not honour, before anything is stored;
- `database_hosts(req, engine, vpc)`: {"public": address, "private": address} for a new cluster the backend runs
  (its connections then name these addresses), or None (the API's hostnames, nothing behind them);
- `power_state(droplet_id)`: "running", "stopped" or None (nothing to say), which the droplet's status follows;
- `sync(store, events)`: makes the world match the state after a request committed; `events` name what the state
  cannot say (a reboot, a power_on, a resize, a rebuild) as (kind, droplet_id) pairs;
- `reset()`: removes everything the backend made; `close()`: the emulator stops.
"""

from .none import NoBackend


def create(config):
    if config.backend == "docker":
        from .docker_box import DockerBackend  # only the docker backend needs docker on the machine

        return DockerBackend(config)
    return NoBackend()
