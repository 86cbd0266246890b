#!/usr/bin/env bash
# Runs inside a throwaway container started from the base image (tide-debian12-systemd), with this folder
# copied to /tmp/droplet-image; build.sh then commits the container as the droplet image. What it makes is a
# DigitalOcean debian-12-x64 droplet as far as the collection can tell: sshd (root by key only, host keys made
# at first boot), the packages the roles install already installed, and first-boot user data
# (tide-cloud-init, a small stand-in for cloud-init).
set -euo pipefail
SRC=/tmp/droplet-image
export DEBIAN_FRONTEND=noninteractive

# Nothing starts while packages are installed: there is no init in this container.
printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
chmod 755 /usr/sbin/policy-rc.d

# No translated package descriptions (12 MiB of lists nobody reads here), no documentation for the packages
# installed below (man pages, docs but their copyright files, translations): as Debian's slim images.
echo 'Acquire::Languages "none";' >/etc/apt/apt.conf.d/docker-no-languages
cat >/etc/dpkg/dpkg.cfg.d/tide-droplet-nodoc <<'DPKG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
DPKG

# The package lists stay in the image: `apt-get install` works at once, as on a fresh droplet, and the roles'
# `update_cache: true, cache_valid_time: 3600` skips the refresh in a droplet booted within an hour of the
# build (CI builds, then tests). The base image's main list is already in its own layer, so keeping the fresh
# ones costs ~3 MiB here. Older lists are refreshed by the roles anyway (cache_valid_time), and cloud-config
# `packages:` always runs apt-get update first, as cloud-init does.
apt-get update -qq
# --no-install-recommends: a droplet's recommends (man-db, xauth, ...) are nothing the roles use.
# acl: pm2_node installs it with nodejs (become_user to an unprivileged user needs setfacl).
apt-get install -y -qq --no-install-recommends -o Dpkg::Options::=--force-unsafe-io \
  openssh-server openssh-client \
  python3 python3-yaml python3-apt sudo \
  e2fsprogs util-linux iptables ufw nginx nodejs npm \
  curl ca-certificates iproute2 procps kmod less acl node-pg >/dev/null
# What the box runs behind managed services (load balancers: HAProxy; database clusters: PostgreSQL and PgBouncer):
# installed in the one image, disabled; the emulator's docker backend enables them in the containers it makes for
# those services, never in a droplet.
apt-get install -y -qq --no-install-recommends -o Dpkg::Options::=--force-unsafe-io \
  haproxy postgresql pgbouncer ssl-cert >/dev/null
systemctl disable haproxy.service postgresql.service pgbouncer.service >/dev/null 2>&1

# PM2 as pm2_node installs it (its pinned default), so the role finds it present.
NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt npm install -g --no-fund --no-audit --loglevel=error pm2@7.0.4
# (`pm2 --version` would start a PM2 daemon and leave /root/.pm2 in the image.)
npm ls -g pm2@7.0.4 >/dev/null && [ -x /usr/local/bin/pm2 ] || { echo "pm2 7.0.4 did not install" >&2; exit 1; }

# sshd: root by key only. The drop-in is read before the main file's own settings (first value wins).
install -m 0644 "$SRC/sshd_config.conf" /etc/ssh/sshd_config.d/50-tide-droplet.conf
# No host keys in the image: each container makes its own at first boot (tide-cloud-init init, before ssh).
rm -f /etc/ssh/ssh_host_*

install -m 0755 "$SRC/tide_cloud_init.py" /usr/local/sbin/tide-cloud-init
ln -sf /usr/local/sbin/tide-cloud-init /usr/bin/cloud-init
install -m 0644 "$SRC/tide-cloud-init-local.service" "$SRC/tide-cloud-init.service" /etc/systemd/system/
install -d -m 0755 /var/lib/cloud
install -d -m 0700 /var/lib/tide-cloud  # the user data may hold secrets
systemctl enable ssh.service tide-cloud-init-local.service tide-cloud-init.service >/dev/null 2>&1

# No background apt runs in the containers: they would take the dpkg lock while a role installs packages.
systemctl disable apt-daily.timer apt-daily-upgrade.timer >/dev/null 2>&1

# Each container gets its own machine id (systemd makes one at boot when the file is empty).
: >/etc/machine-id
rm -f /var/lib/dbus/machine-id

rm -f /usr/sbin/policy-rc.d
apt-get clean
npm cache clean --force >/dev/null 2>&1 || true
rm -rf /root/.npm /root/.pm2 /root/.cache /tmp/* /var/tmp/* /var/log/apt/* /var/log/dpkg.log /var/cache/debconf/*-old \
  /var/lib/cloud/* /var/log/cloud-init*.log
