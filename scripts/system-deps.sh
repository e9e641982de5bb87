#!/usr/bin/env bash
# Install the system programs the test suite uses (as root, on Debian/Ubuntu).
# Without root it only reports what is missing: the tests that need those programs say so.
set -euo pipefail

packages=(nix-bin btrfs-progs gdisk fdisk dosfstools openssh-server openssh-client e2fsprogs util-linux git fish zsh)
# fdisk brings sfdisk, which writes the hybrid MBR of a board's disk (disko's gpt `hybrid`).
# strace kills `host add` at every rename, link and fsync in the crash-safety tests.
packages+=(strace)
# promtool (prometheus) and amtool (prometheus-alertmanager) check the alert rules and the
# generated Prometheus and Alertmanager configurations; jq and openssl run panther-facts,
# shellcheck checks it as the NixOS build will.
packages+=(prometheus prometheus-alertmanager jq openssl shellcheck)
# Debian splits venv support out of python3; only ask for it when this python lacks it.
python3 -c 'import ensurepip, venv' 2>/dev/null || packages+=(python3-venv)

missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "system-deps: missing ${missing[*]}; install them as root (apt-get install ...)" >&2
  echo "system-deps: tests that need them will be skipped with the reason" >&2
  exit 0
fi
echo "system-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
