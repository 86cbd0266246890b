#!/usr/bin/env bash
# Makes a working Docker engine, the Molecule test image and the droplet image (the emulator's docker backend:
# scripts/droplet-image/, built on the test image) available on this machine.
# Idempotent: installs docker.io/debootstrap only when missing, starts dockerd only when it is not answering,
# builds the test image only when `docker image inspect` does not find it, and the droplet image only when it is
# missing or its build inputs changed (scripts/droplet-image/build.sh compares the hash it is labelled with).
set -euo pipefail
IMAGE="${TIDE_TEST_IMAGE:-tide-debian12-systemd:latest}"
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"

# openssh-client and curl: the scenarios verify from the host (ssh into ufw_safe_ssh, curl to nginx_proxy).
if ! command -v dockerd >/dev/null 2>&1 || ! command -v debootstrap >/dev/null 2>&1 || ! command -v ssh >/dev/null 2>&1 || ! command -v curl >/dev/null 2>&1; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq docker.io debootstrap openssh-client curl >/dev/null
fi

if ! docker info >/dev/null 2>&1; then
  $SUDO bash -c 'nohup dockerd >/var/log/dockerd.log 2>&1 &'
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
  docker info >/dev/null 2>&1 || { echo "dockerd did not start; see /var/log/dockerd.log" >&2; exit 1; }
fi

build_test_image() {
# No registry is reachable: the image is a debootstrapped Debian 12 with systemd, imported as a tarball.
ROOTFS="$(mktemp -d /var/tmp/tide-rootfs.XXXXXX)"
trap '$SUDO rm -rf "$ROOTFS"' EXIT
$SUDO debootstrap --variant=minbase \
  --include=python3,sudo,systemd,systemd-sysv,iproute2,procps,ca-certificates \
  bookworm "$ROOTFS" http://deb.debian.org/debian >/tmp/debootstrap.log 2>&1 \
  || { tail -n 30 /tmp/debootstrap.log >&2; exit 1; }
cat <<'SOURCES' | $SUDO tee "$ROOTFS/etc/apt/sources.list" >/dev/null
deb http://deb.debian.org/debian bookworm main
deb http://deb.debian.org/debian bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main
SOURCES
# The machine's own CA certificates (a TLS-intercepting proxy may sit in front of the package mirrors):
# copied in at build time only, never committed.
if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
  $SUDO cp /usr/local/share/ca-certificates/*.crt "$ROOTFS/usr/local/share/ca-certificates/"
  $SUDO chroot "$ROOTFS" update-ca-certificates >/dev/null
fi
# The host's apt settings for its mirrors (proxy, snapshot validity), if any, so that roles can install
# packages inside the containers the same way the host does.
for conf in /etc/apt/apt.conf.d/*proxy* /etc/apt/apt.conf.d/99artifact-registry; do
  [ -f "$conf" ] && $SUDO cp "$conf" "$ROOTFS/etc/apt/apt.conf.d/"
done
$SUDO chroot "$ROOTFS" apt-get clean
$SUDO tar -C "$ROOTFS" -c . | docker import --change 'CMD ["/sbin/init"]' - "$IMAGE" >/dev/null
echo "built test image $IMAGE"
}

if docker image inspect "$IMAGE" >/dev/null 2>&1; then
  echo "test image $IMAGE present"
else
  build_test_image
fi

# TIDE_DROPLET_IMAGE names it (default tide-droplet:latest).
TIDE_TEST_IMAGE="$IMAGE" bash "$(dirname "$0")/droplet-image/build.sh"
