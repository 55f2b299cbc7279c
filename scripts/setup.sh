#!/usr/bin/env bash
# Installs what fedqnn needs on a Debian machine: a JDK 17, Maven, Debian's Fashion-MNIST, the
# fonts the headless chart renderer draws with, and iproute2 (ip and tc, for scripts/netns-run.sh).
# Idempotent: packages already present are left alone. Runs apt-get as root (or through sudo).
set -euo pipefail

packages=(openjdk-17-jdk-headless maven dataset-fashion-mnist fontconfig fonts-dejavu-core iproute2)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
as_root=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "setup: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  as_root=(sudo)
fi
echo "setup: installing ${missing[*]}" >&2
"${as_root[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
