#!/usr/bin/env bash
# Builds the droplet image (every droplet of the emulator's docker backend is a container of it) on top of the
# Molecule base image, from the files of this folder: install.sh runs in a throwaway container started from the
# base image, which is then committed. Idempotent: the image carries two labels,
#   tide.droplet-image.inputs  sha256 of this folder's files (names and contents; not *.md)
#   tide.droplet-image.base    the id of the base image it was built on
# and is rebuilt only when it is missing or either differs, so a rerun costs a second.
# Env: TIDE_DROPLET_IMAGE (default tide-droplet:latest), TIDE_TEST_IMAGE (the base, tide-debian12-systemd:latest).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
BASE="${TIDE_TEST_IMAGE:-tide-debian12-systemd:latest}"
IMAGE="${TIDE_DROPLET_IMAGE:-tide-droplet:latest}"

inputs=$(cd "$HERE" && find . -type f ! -path '*/__pycache__/*' ! -name '*.pyc' ! -name '*.md' -print0 | LC_ALL=C sort -z \
  | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)
base_id=$(docker image inspect --format '{{.Id}}' "$BASE" 2>/dev/null) \
  || { echo "base image $BASE is missing: run scripts/setup-docker.sh" >&2; exit 1; }
have=$(docker image inspect --format \
  '{{index .Config.Labels "tide.droplet-image.inputs"}} {{index .Config.Labels "tide.droplet-image.base"}}' \
  "$IMAGE" 2>/dev/null || true)
if [ "$have" = "$inputs $base_id" ]; then
  echo "droplet image $IMAGE present"
  exit 0
fi
old_id=$(docker image inspect --format '{{.Id}}' "$IMAGE" 2>/dev/null || true)
[ -z "$old_id" ] || echo "droplet image $IMAGE is out of date, rebuilding"

started=$SECONDS
name="tide-droplet-build-$$"
log="$(mktemp /tmp/tide-droplet-build.XXXXXX.log)"
trap 'docker rm -f "$name" >/dev/null 2>&1 || true' EXIT
# The stop signal is set on the container (docker commit --change has no STOPSIGNAL): commit keeps it.
docker create --name "$name" --stop-signal SIGRTMIN+3 "$BASE" bash /tmp/droplet-image/install.sh >/dev/null
docker cp "$HERE/." "$name:/tmp/droplet-image"
docker start -a "$name" >"$log" 2>&1 || { tail -n 40 "$log" >&2; echo "droplet image build failed; see $log" >&2; exit 1; }
docker commit \
  --change 'CMD ["/sbin/init"]' \
  --change "LABEL tide.droplet-image.inputs=$inputs tide.droplet-image.base=$base_id" \
  "$name" "$IMAGE" >/dev/null
rm -f "$log"
# The replaced image, unless a container still uses it.
if [ -n "$old_id" ] && [ "$old_id" != "$(docker image inspect --format '{{.Id}}' "$IMAGE")" ]; then
  docker image rm "$old_id" >/dev/null 2>&1 || true
fi
echo "built droplet image $IMAGE in $((SECONDS - started)) s"
