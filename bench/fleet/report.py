"""The fleet benchmark's printed table and goals (figures, not pass/fail: the goals are printed as met or not)."""

from math import ceil

from .steps import LOOP_SIDES, NOOP, SIDES, STEPS

LABELS = {side.key: side.label for side in SIDES}


def ok(figures):
    return bool(figures) and "skipped" not in figures and figures["rc"] == 0 and not figures["timed_out"]


def too_many(figures):
    return figures.get("statuses", {}).get("429", 0)


def ratio(tide, community, key):
    if not (ok(tide) and ok(community)) or not community[key]:
        return "-"
    return "%.2f" % (tide[key] / community[key])


def table(run, n, action_seconds, per_minute=None):
    head = ("step", "side", "requests", "reads/writes", "429", "wall s", "CPU s", "peak MiB", "req t/c", "wall t/c",
            "min req", "min wall s")
    rows = []
    for step in STEPS + ([] if per_minute else [NOOP]):
        minimum = step.minimum_requests(n)
        for key in ("tide", "tide_next", *LOOP_SIDES, "community"):
            figures = run.get(key, {}).get(step.key)
            if figures is None:
                continue
            if "skipped" in figures:
                rows.append((step.label, LABELS[key], "skipped") + ("",) * 9)
                continue
            state = "" if ok(figures) else (" timed out" if figures["timed_out"] else " FAILED")
            community = run.get("community", {}).get(step.key, {}) if key != "community" else {}
            rows.append((
                step.label, LABELS[key], "%d%s" % (figures["requests"], state),
                "%d/%d" % (figures["reads"], figures["writes"]), str(too_many(figures)),
                "%.1f" % figures["wall_s"], "%.1f" % figures["cpu_s"], "%.0f" % figures["peak_rss_mib"],
                ratio(figures, community, "requests") if community else "", ratio(figures, community, "wall_s")
                if community else "", str(minimum),
                "%.0f" % step.minimum_wall(action_seconds, minimum, per_minute)))
    widths = [max(len(str(row[i])) for row in [head, *rows]) for i in range(len(head))]
    lines = ["  ".join(str(cell).ljust(width) for cell, width in zip(row, widths)).rstrip() for row in [head, *rows]]
    return "\n".join([lines[0], "-" * len(lines[0]), *lines[1:]])


def finished_or_failed(figures):
    """Figures that count as a lower bound of what the step costs: a run that finished, or failed on its way."""
    return bool(figures) and "skipped" not in figures


def within(mine, theirs, key, factor=1):
    """Whether tide's finished step costs at most 1/factor of community's. A community step that failed or was
    stopped counts with what it had spent until then: finishing would have cost it at least that much."""
    return ok(mine) and finished_or_failed(theirs) and mine[key] * factor <= theirs[key]


def loop_floors(results, n):
    """(step, seconds ansible-core alone spends on the step's tasks run as loop items), from the measured floor."""
    floor = results.get("loop_floor")
    if not floor or floor.get("rc") or not floor["items"]:
        return []
    play = floor.get("play_wall_s", 0.0)
    per_item = (floor["wall_s"] - play) / floor["items"]
    return [(step, play + per_item * step.loop(n)[0]) for step in STEPS]


def goal(name, met, detail):
    mark = {True: "met", False: "NOT met", None: "info"}[met]
    print("  [%-7s] %s: %s" % (mark, name, detail))
    return {"goal": name, "met": met, "detail": detail}


def loop_goal(run, n, action_seconds):
    """A loop of T tasks: at most the writes its resources need, a read per task, and polls shared through a
    listing (one page per action time of the run)."""
    lines, met = [], True
    for step in STEPS:
        figures = run.get("tide_loop", {}).get(step.key)
        if not ok(figures):
            lines.append("%s did not finish" % step.key)
            met = False
            continue
        tasks, writes = step.loop(n)
        polls = ceil(n / 200) * ceil(figures["wall_s"] / action_seconds) if step.action_waits else 0
        good = figures["writes"] <= writes and figures["reads"] <= tasks + polls
        met = met and good
        lines.append("%s %d/%d reads/writes (budget %d/%d)" % (step.key, figures["reads"], figures["writes"],
                                                              tasks + polls, writes))
    return goal("loops: T tasks <= their writes + T reads + polls through a listing", met, "; ".join(lines))


def goals(results, action_seconds):
    run, n = results["unlimited"], results["droplets"]
    community = run.get("community", {})
    best = [key for key in ("tide", "tide_next") if key in run]
    found = []
    for key in best:
        tide = run[key]
        build = sum(tide[k]["requests"] for k in ("create", "site") if ok(tide.get(k)))
        built = all(ok(tide.get(k)) for k in ("create", "site"))
        found.append(goal("%s: build (steps 1+3) <= 250 requests" % LABELS[key], built and build <= 250,
                          "%d (minimum %d)" % (build, sum(s.minimum_requests(n) for s in STEPS
                                                          if s.key in ("create", "site")))))
        delete = tide.get("delete", {})
        found.append(goal("%s: delete (step 4) <= 150 requests" % LABELS[key], ok(delete) and
                          delete["requests"] <= 150,
                          "%s (minimum %d)" % (delete.get("requests", "-"), STEPS[3].minimum_requests(n))))
    if "tide_loop" in run:
        found.append(loop_goal(run, n, action_seconds))
    unfinished = [s.key for s in [*STEPS, NOOP] if finished_or_failed(community.get(s.key)) and
                  not ok(community[s.key])]
    against = " (community's %s failed: against what it had spent until then)" % ", ".join(unfinished) \
        if unfinished else ""
    for key in [k for k in ("tide", "tide_next", *LOOP_SIDES) if k in run and community]:
        worse = [s.key for s in [*STEPS, NOOP] if s.key in run[key] and
                 not within(run[key][s.key], community.get(s.key), "requests")]
        found.append(goal("%s: no step costs more requests than community's" % LABELS[key], not worse,
                          ("more (or unfinished) in: %s" % ", ".join(worse) if worse else "every step") + against))
        slow = [s.key for s in STEPS if not within(run[key].get(s.key), community.get(s.key), "wall_s", 3)]
        beyond = [(step, floor) for step, floor in loop_floors(results, n) if key in LOOP_SIDES and
                  step.key in slow and finished_or_failed(community.get(step.key)) and
                  floor * 3 > community[step.key]["wall_s"]]
        found.append(goal("%s: every step's wall <= 1/3 of community's" % LABELS[key], not slow,
                          ("not in: %s" % ", ".join(slow) if slow else "every step") + against + "".join(
                              "; %s out of reach: ansible-core alone spends %.1f s on its %d tasks as loop items "
                              "(ansible.builtin.ping), more than 1/3 of community's %.1f s" % (
                                  step.key, floor, step.loop(n)[0], community[step.key]["wall_s"])
                              for step, floor in beyond)))
    theirs = community.get("noop", {})
    for key in best:
        mine = run[key].get("noop", {})
        if ok(mine) and ok(theirs):
            found.append(goal(
                "%s: per-task overhead <= community's (no-op droplet_info)" % LABELS[key],
                mine["seconds_per_task"] <= theirs["seconds_per_task"] and
                mine["module_rss_mib"] <= theirs["module_rss_mib"],
                "tide %.2f s, %.2f CPU s, module %.0f MiB a task; community %.2f s, %.2f CPU s, module %.0f MiB" % (
                    mine["seconds_per_task"], mine["cpu_per_task"], mine["module_rss_mib"],
                    theirs["seconds_per_task"], theirs["cpu_per_task"], theirs["module_rss_mib"])))
    limited = results.get("limited", {})
    per_minute = results.get("per_minute")
    for key in [k for k in ("tide", "tide_next") if k in limited]:
        done = [s.key for s in STEPS if ok(limited[key].get(s.key)) and not limited[key][s.key]["failed_tasks"]]
        found.append(goal("%s: at %d requests a minute, every step finished with 0 failures" % (
            LABELS[key], per_minute), len(done) == len(STEPS), describe(limited[key])))
    if "community" in limited:
        found.append(goal("community.digitalocean at %d requests a minute" % per_minute, None,
                          describe(limited["community"])))
    return found


def describe(side):
    parts = []
    for step in STEPS:
        figures = side.get(step.key, {})
        if "skipped" in figures or not figures:
            parts.append("%s not run (an earlier step failed)" % step.key)
        elif figures["timed_out"]:
            parts.append("%s did not finish within %.0f min (%d requests, %d 429s)" % (
                step.key, figures["wall_s"] / 60, figures["requests"], too_many(figures)))
        else:
            parts.append("%s %s in %.0f s, %d requests, %d 429s, %s failed tasks" % (
                step.key, "done" if figures["rc"] == 0 else "FAILED", figures["wall_s"], figures["requests"],
                too_many(figures), figures["failed_tasks"]))
    return "; ".join(parts)


def routes(run):
    """What each side sent per step, the busiest routes first."""
    lines = []
    for step in [*STEPS, NOOP]:
        for key in [k for k in ("tide", "tide_next", *LOOP_SIDES, "community") if step.key in run.get(k, {})]:
            sent = run[key][step.key].get("routes", {})
            busiest = sorted(sent.items(), key=lambda item: (-item[1], item[0]))
            lines.append("  %-12s %-24s %s" % (step.label, LABELS[key], ", ".join(
                "%d %s" % (count, route) for route, count in busiest[:6]) + (", ..." if len(busiest) > 6 else "")))
    return "\n".join(lines)


def print_all(results, action_seconds):
    n = results["droplets"]
    print("\nN=%d droplets, actions %.0f s, the emulator's default limit (250 requests a minute)" % (n, action_seconds))
    print(table(results["unlimited"], n, action_seconds))
    print("\nrequests by route")
    print(routes(results["unlimited"]))
    if results.get("limited"):
        print("\nat %d requests a minute, beside the run above (min wall: + (requests - %d) s)" % (
            results["per_minute"], results["per_minute"]))
        print(table(results["limited"], n, action_seconds, results["per_minute"]))
    floor = results.get("loop_floor")
    if floor:
        play = " (the play around them %.1f s)" % floor["play_wall_s"] if "play_wall_s" in floor else ""
        print("\nansible-core's own cost of a loop: %d items of ansible.builtin.ping, %.1f s wall%s, %.1f s CPU" % (
            floor["items"], floor["wall_s"], play, floor["cpu_s"]))
    print("\ngoals")
    return goals(results, action_seconds)
