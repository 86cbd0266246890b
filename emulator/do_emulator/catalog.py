"""The static catalogue every account sees: regions, droplet sizes and public distribution images.

Figures follow DigitalOcean's published catalogue closely enough for planning and capacity checks: memory in MiB,
disk in GiB, transfer in TiB, prices in USD. nyc2, ams2 and sfo1 exist but accept no new resources, as on the API.
"""

_REGION_NAMES = [
    ("nyc1", "New York 1", True), ("nyc2", "New York 2", False), ("nyc3", "New York 3", True),
    ("ams2", "Amsterdam 2", False), ("ams3", "Amsterdam 3", True), ("sfo1", "San Francisco 1", False),
    ("sfo2", "San Francisco 2", True), ("sfo3", "San Francisco 3", True), ("sgp1", "Singapore 1", True),
    ("lon1", "London 1", True), ("fra1", "Frankfurt 1", True), ("tor1", "Toronto 1", True),
    ("blr1", "Bangalore 1", True), ("syd1", "Sydney 1", True), ("atl1", "Atlanta 1", True),
]
_FEATURES = ["backups", "ipv6", "metadata", "install_agent", "storage", "image_transfer"]

# slug, memory MiB, vcpus, disk GiB, transfer TiB, monthly USD, description
_SIZES = [
    ("s-1vcpu-512mb-10gb", 512, 1, 10, 0.5, 4.0, "Basic"),
    ("s-1vcpu-1gb", 1024, 1, 25, 1.0, 6.0, "Basic"),
    ("s-1vcpu-2gb", 2048, 1, 50, 2.0, 12.0, "Basic"),
    ("s-2vcpu-2gb", 2048, 2, 60, 3.0, 18.0, "Basic"),
    ("s-2vcpu-4gb", 4096, 2, 80, 4.0, 24.0, "Basic"),
    ("s-4vcpu-8gb", 8192, 4, 160, 5.0, 48.0, "Basic"),
    ("s-8vcpu-16gb", 16384, 8, 320, 6.0, 96.0, "Basic"),
    ("c-2", 4096, 2, 25, 4.0, 42.0, "CPU-Optimized"),
    ("c-4", 8192, 4, 50, 5.0, 84.0, "CPU-Optimized"),
    ("g-2vcpu-8gb", 8192, 2, 25, 4.0, 63.0, "General Purpose"),
    ("m-2vcpu-16gb", 16384, 2, 50, 4.0, 84.0, "Memory-Optimized"),
]

# id, slug, name, distribution, category ("distribution" or "application": what GET /v2/images?type= filters on),
# min_disk_size GiB, size_gigabytes
_IMAGES = [
    (129211873, "ubuntu-22-04-x64", "22.04 (LTS) x64", "Ubuntu", "distribution", 7, 2.28),
    (160232537, "ubuntu-24-04-x64", "24.04 (LTS) x64", "Ubuntu", "distribution", 7, 2.44),
    (145988494, "debian-12-x64", "12 x64", "Debian", "distribution", 7, 1.33),
    (155522342, "docker-20-04", "Docker on Ubuntu 22.04", "Ubuntu", "application", 25, 3.2),
]

AVAILABLE_REGIONS = [slug for slug, _, available in _REGION_NAMES if available]


def _size(slug, memory, vcpus, disk, transfer, monthly, description):
    return {
        "slug": slug, "memory": memory, "vcpus": vcpus, "disk": disk, "transfer": transfer,
        "price_monthly": monthly, "price_hourly": round(monthly / 672.0, 5),
        "regions": list(AVAILABLE_REGIONS), "available": True, "description": description,
        "disk_info": [{"type": "local", "size": {"amount": disk, "unit": "gib"}}],
    }


SIZES = [_size(*s) for s in _SIZES]
REGIONS = [
    {"slug": slug, "name": name, "available": available, "features": list(_FEATURES) if available else [],
     "sizes": [s["slug"] for s in SIZES] if available else []}
    for slug, name, available in _REGION_NAMES
]
# The spec's image `regions` enum predates atl1, so images do not list it (droplets may still be created there).
IMAGE_REGIONS = [slug for slug in AVAILABLE_REGIONS if slug != "atl1"]
# Public images all have type "base" (the spec's image type enum has no "application"); the category of each
# image is kept apart for the ?type= filter.
IMAGES = [
    {"id": image_id, "name": name, "type": "base", "distribution": distro, "slug": slug, "public": True,
     "regions": list(IMAGE_REGIONS), "created_at": "2024-05-01T12:00:00Z", "min_disk_size": min_disk,
     "size_gigabytes": size_gb, "description": "%s %s" % (distro, name), "tags": [], "status": "available",
     "error_message": ""}
    for image_id, slug, name, distro, _, min_disk, size_gb in _IMAGES
]
IMAGE_CATEGORY = {image_id: category for image_id, _, _, _, category, _, _ in _IMAGES}

_REGIONS_BY_SLUG = {r["slug"]: r for r in REGIONS}
_SIZES_BY_SLUG = {s["slug"]: s for s in SIZES}
_IMAGES_BY_KEY = {**{i["slug"]: i for i in IMAGES}, **{str(i["id"]): i for i in IMAGES}}


def region(slug):
    """The region dict for a slug, or None."""
    return _REGIONS_BY_SLUG.get(slug)


def available_region(slug):
    """The region dict if new resources can be created there, else None."""
    r = _REGIONS_BY_SLUG.get(slug)
    return r if r and r["available"] else None


def size(slug):
    return _SIZES_BY_SLUG.get(slug)


def image(slug_or_id):
    """A public image by slug or numeric id (int or digit string), or None."""
    if isinstance(slug_or_id, bool) or not isinstance(slug_or_id, (int, str)):
        return None
    return _IMAGES_BY_KEY.get(str(slug_or_id))
