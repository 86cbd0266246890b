"""Droplet <-> volume attachments: the one link kept on both sides, `volume.droplet_ids` and
`droplet.volume_ids`; this module is the one place that writes it (the attach and detach actions, a Droplet
created with `volumes`, a Droplet deleted). A volume counts as attached to a Droplet only when both sides say so
and the Droplet exists.
"""

from . import droplets, volumes


def droplet_ids(req, volume):
    """The droplets the volume is attached to now: recorded on the volume, still existing and holding it."""
    attached = []
    for droplet_id in volume.get("droplet_ids") or ():
        droplet = droplets.get(req, droplet_id)
        if droplet is not None and volume["id"] in (droplet.get("volume_ids") or ()):
            attached.append(droplet_id)
    return attached


def volumes_of(req, droplet):
    """The stored volumes attached to the droplet now (read-only)."""
    return [v for v in volumes.VOLUMES.all(req) if droplet["id"] in droplet_ids(req, v)]


def attach(req, droplet, attached):
    """Attaches the volumes (private copies) to the droplet (a private copy): writes the droplet and each volume."""
    droplet["volume_ids"] = [*(droplet.get("volume_ids") or []), *(v["id"] for v in attached)]
    droplets.save(req, droplet)
    for volume in attached:
        volume["droplet_ids"] = [droplet["id"]]
        volumes.save(req, volume)


def detach(req, droplet, volume):
    """Detaches the volume from the droplet (private copies): writes both."""
    droplet["volume_ids"] = [v for v in droplet.get("volume_ids") or [] if v != volume["id"]]
    droplets.save(req, droplet)
    volume["droplet_ids"] = [d for d in volume.get("droplet_ids") or [] if d != droplet["id"]]
    volumes.save(req, volume)


def release(req, droplet):
    """A droplet is being deleted: its volumes no longer name it (read from the droplet's side, so a droplet
    without volumes costs nothing)."""
    for volume_id in droplet.get("volume_ids") or ():
        volume = volumes.get(req, volume_id)
        if volume is not None and droplet["id"] in (volume.get("droplet_ids") or ()):
            volume["droplet_ids"] = [d for d in volume["droplet_ids"] if d != droplet["id"]]
            volumes.save(req, volume)
