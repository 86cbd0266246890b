"""What the fleet benchmark runs: the sides (tide.digitalocean in its best form and as loops, community.digitalocean
1.27), the steps (each a playbook of bench/fleet/<collection>/), and the physical minimum of each step.

The physical minimum is what any client must send to the API for the step, given N droplets, the API's documented
bounds (10 names per droplet create, 200 items per list page) and actions that take A seconds:
- a page  = ceil(N / 200): one listing of N things; every kind is read once to learn what exists;
- step 1 (create): ceil(N/10) creates + a page to find the droplets + a page to see them active after A seconds;
- step 2 (rerun):  a page;
- step 3 (site):   volumes: a page + N creates + N attach actions + a page of actions to see them completed
                   (the API has no batch volume create or attach); firewall: a listing + a create; cluster: a
                   listing + a create + a read when it is online; its database, user and pool: a listing + a
                   create each;
- step 4 (delete): droplets: a page + one delete by tag (which detaches their volumes); volumes: a page + N
                   deletes (no batch delete); firewall and cluster: a listing + a delete each;
- step 5 (no-op):  one read per task.
Wall: A for steps 1 and 3 (one action's time: the creates, attaches and the cluster overlap), 0 otherwise. With a
rate limit of L requests a minute (a sliding window), R requests take at least (R - L) * 60 / L seconds more.
"""

from math import ceil
from pathlib import Path

HERE = Path(__file__).resolve().parent


class Side:
    def __init__(self, key, label, collection, extra_vars=None):
        self.key, self.label, self.collection = key, label, collection
        self.extra_vars = extra_vars or {}

    def playbook(self, step):
        return HERE / self.collection / ("%s.yml" % step.playbook)


SIDES = [
    Side("tide", "tide (best form)", "tide", {"form": "best"}),
    # the best form again, on another collection path (--collections): the main branch's modules, say
    Side("tide_next", "tide (best, main)", "tide", {"form": "best"}),
    Side("community", "community.digitalocean", "community"),
    # loops whose items do not wait where one later task can wait for them all through a listing ...
    Side("tide_loop", "tide (loops)", "tide", {"form": "loop"}),
    # ... and loops whose every item waits for itself
    Side("tide_loop_each", "tide (loops, each waits)", "tide", {"form": "loop_each"}),
]
LOOP_SIDES = ("tide_loop", "tide_loop_each")


class Step:
    """`loop(n)`: the (tasks, writes) of the step as the tide_loop side writes it, for the loop goal: N tasks cost
    at most the writes their resources need, a read per task, and polls shared through a listing (a page per A
    seconds). A task is a loop's item or a task of its own (the one waiting for a loop's droplets, the one reading
    the droplets' ids)."""

    def __init__(self, key, label, playbook, minimum, action_waits, loop):
        self.key, self.label, self.playbook = key, label, playbook
        self._minimum, self.action_waits, self.loop = minimum, action_waits, loop

    def minimum_requests(self, n):
        return self._minimum(n, ceil(n / 200))

    def minimum_wall(self, action_seconds, requests=None, per_minute=None):
        wall = action_seconds * self.action_waits
        if per_minute and requests:
            wall += max(0, requests - per_minute) * 60 / per_minute
        return wall


STEPS = [
    # the loop and the task waiting for its droplets
    Step("create", "1 create", "create", lambda n, page: ceil(n / 10) + 2 * page, 1, lambda n: (n + 1, n)),
    Step("rerun", "2 rerun", "create", lambda n, page: page, 0, lambda n: (n + 1, 0)),
    # the droplets' ids, the loop and the task waiting for its attaches; volumes: create + attach each; firewall,
    # cluster, database, user, pool: a create each
    Step("site", "3 site", "site", lambda n, page: (page + 2 * n + page) + 2 + 3 + 3 * 2, 1,
         lambda n: (n + 7, 2 * n + 5)),
    # droplets and volumes one by one, firewall, cluster
    Step("delete", "4 delete", "delete", lambda n, page: (page + 1) + (page + n) + 2 + 2, 0,
         lambda n: (2 * n + 2, 2 * n + 2)),
]
NOOP_TASKS = 20
NOOP = Step("noop", "5 no-op x%d" % NOOP_TASKS, "noop", lambda n, page: NOOP_TASKS, 0, lambda n: (NOOP_TASKS, 0))
