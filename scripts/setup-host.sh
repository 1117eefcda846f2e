#!/usr/bin/env bash
# Host set-up for Skiff on Debian/Ubuntu, run as root:
#   the Docker engine, the CNI plugins, busybox-static (for locally built images),
#   iptables, iproute2 and Chromium (for the GUI tests); then starts dockerd if none runs.
# Idempotent: when everything is present it only checks, and returns in about a second.
set -euo pipefail

log() { printf 'setup-host: %s\n' "$*"; }

if [ "$(id -u)" -ne 0 ]; then
  echo "setup-host: must run as root (try: sudo $0)" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup-host: this script supports Debian/Ubuntu (apt-get not found)" >&2
  exit 1
fi

# package -> a file it installs, to tell quickly whether it is there
declare -A probe=(
  [docker.io]=/usr/sbin/dockerd
  [containernetworking-plugins]=/usr/lib/cni/bridge
  [busybox-static]=/bin/busybox
  [iptables]=/usr/sbin/iptables
  [iproute2]=/usr/sbin/ip
  [chromium]=/usr/bin/chromium
)
missing=()
for pkg in "${!probe[@]}"; do
  [ -e "${probe[$pkg]}" ] || missing+=("$pkg")
done

if [ "${#missing[@]}" -gt 0 ]; then
  log "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  log "installed"
else
  log "packages present"
fi

docker_up() { docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

if docker_up; then
  log "dockerd running ($(docker version --format '{{.Server.Version}}'))"
  exit 0
fi

if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  systemctl start docker || true
fi
if ! docker_up; then
  log "starting dockerd"
  mkdir -p /var/log
  nohup dockerd >/var/log/skiff-dockerd.log 2>&1 &
fi
for i in $(seq 1 60); do
  if docker_up; then
    log "dockerd running ($(docker version --format '{{.Server.Version}}'))"
    exit 0
  fi
  sleep 0.5
done
echo "setup-host: dockerd did not come up in 30 s; see /var/log/skiff-dockerd.log" >&2
tail -n 20 /var/log/skiff-dockerd.log >&2 || true
exit 1
