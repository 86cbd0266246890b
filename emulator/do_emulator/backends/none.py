"""The backend that stands for nothing: public addresses from the whole benchmarking range, no machines."""

import ipaddress

PUBLIC_RANGE = ipaddress.ip_network("198.18.0.0/15")


class NoBackend:
    name = "none"

    def public_pool(self, req):
        return PUBLIC_RANGE

    def check_droplets(self, req, plan):
        pass

    def database_hosts(self, req, engine, vpc):
        return None

    def power_state(self, droplet_id):
        return None

    def sync(self, store, events=()):
        pass

    def reset(self):
        pass

    def close(self):
        pass

    def describe(self):
        return {"backend": self.name}
