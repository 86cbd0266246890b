"""bench/results/fleet.png: requests and wall time per step and side, beside the physical minimum (matplotlib, from
requirements-bench.txt)."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from .steps import NOOP, SIDES, STEPS

COLORS = {"tide": "#1f77b4", "tide_next": "#2ca02c", "tide_loop": "#9ecae1", "tide_loop_each": "#c6dbef",
          "community": "#d62728"}


def panel(axis, run, steps, key, title, minimum=None):
    """Grouped bars, one group per step: each side's figure (none where the side did not run the step) and the
    physical minimum."""
    sides = [side for side in SIDES if side.key in run]
    width = 0.8 / (len(sides) + (1 if minimum else 0))
    groups = [(side.label, COLORS[side.key], [run[side.key].get(step.key, {}).get(key) for step in steps])
              for side in sides]
    if minimum:
        groups.append(("physical minimum", "#bbbbbb", [minimum(step) for step in steps]))
    for i, (label, color, values) in enumerate(groups):
        shown = [(x, value) for x, value in enumerate(values) if value is not None]
        bars = axis.bar([x + i * width for x, _ in shown], [value for _, value in shown], width, label=label,
                        color=color)
        axis.bar_label(bars, fmt="%.0f", fontsize=7)
    axis.set_xticks([x + width * (len(groups) - 1) / 2 for x in range(len(steps))], [step.label for step in steps])
    axis.set_yscale("symlog")
    axis.set_title(title)


def draw(results, path):
    n, seconds = results["droplets"], results["action_seconds"]
    limited = results.get("limited")
    figure, axes = plt.subplots(1, 3 if limited else 2, figsize=(18 if limited else 12, 5))
    run = results["unlimited"]
    panel(axes[0], run, [*STEPS, NOOP], "requests", "requests (N=%d)" % n, lambda s: s.minimum_requests(n))
    panel(axes[1], run, [*STEPS, NOOP], "wall_s", "wall seconds (actions %.0f s)" % seconds,
          lambda s: s.minimum_wall(seconds))
    if limited:
        per_minute = results["per_minute"]
        panel(axes[2], limited, STEPS, "wall_s", "wall seconds at %d requests/min" % per_minute,
              lambda s: s.minimum_wall(seconds, s.minimum_requests(n), per_minute))
    figure.suptitle("tide.digitalocean vs community.digitalocean 1.27: a fleet of %d droplets (log scale)" % n)
    figure.legend(*axes[0].get_legend_handles_labels(), loc="lower center", ncol=6, frameon=False)
    figure.tight_layout(rect=(0, 0.06, 1, 1))
    figure.savefig(path, dpi=100)
    plt.close(figure)
