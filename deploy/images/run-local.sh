#!/usr/bin/env bash
# Runs a short federated run through the images that build.sh made, on this machine, without a
# container daemon: the base station's image (its entry point, fedqnn-server-entry) and one
# container per device from the device image (fedqnn-device-entry, named by JOB_COMPLETION_INDEX
# as in the indexed Job of deploy/k8s), over mutual TLS, all in one network namespace of their
# own (like containers of one pod; the devices dial 127.0.0.1). Then it starts the server's
# image again on the same run folder, which must see that the run has ended and not run it again.
#
# The containers run under crun or runc where one works here (OCI bundles made by umoci unpack),
# else under unshare + chroot of the unpacked layers (--runtime chroot forces that).
#
# Usage: deploy/images/run-local.sh [--images DIR] [--devices N] [--rounds R] [--runtime crun|runc|chroot]
#        [--keep] [--check]
# --check exits 0 when this machine can run it, else 77 with the reason. Needs root, umoci,
# jq, ip (iproute2), and a build (bin/fedqnn certs makes the run's certificates).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
images="$root/deploy/build/images"
devices=2
rounds=2
runtime=""
keep=0
check=0
while [ $# -gt 0 ]; do
  case "$1" in
    --images) images="$2"; shift 2 ;;
    --devices) devices="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --runtime) runtime="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    --check) check=1; shift ;;
    -h|--help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "run-local.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
skip() { echo "run-local.sh: cannot run here: $*" >&2; exit 77; }
[ "$(id -u)" = 0 ] || skip "needs root (network namespace, containers)"
for tool in umoci jq ip unshare chroot; do
  command -v "$tool" >/dev/null || skip "$tool not found (Debian: umoci, jq, iproute2, util-linux, coreutils)"
done
[ -f "$images/oci/index.json" ] || skip "no images in $images/oci; build them first: deploy/images/build.sh"
[ -x "$root/bin/fedqnn" ] && [ -f "$root/cli/target/fedqnn-cli.jar" ] || skip "no build for bin/fedqnn certs (mvn -B -q -DskipTests package)"

work="$(mktemp -d /tmp/fedqnn-images.XXXXXX)"
ns="fqimg-$$"
ids=()
pids=()
cleanup() {
  for id in "${ids[@]}"; do
    [ "$runtime" = chroot ] || "$runtime" delete -f "$id" >/dev/null 2>&1 || true
  done
  for pid in "${pids[@]}"; do
    for c in $(pgrep -P "$pid"); do kill -KILL "$c" 2>/dev/null || true; done
  done
  ip netns del "$ns" 2>/dev/null || true
  if [ "$keep" = 1 ]; then echo "kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
ip netns add "$ns" || skip "cannot make a network namespace"
ip -n "$ns" link set lo up

# The runtime: the first of crun, runc that runs a container here.
probe() {
  local rt="$1" b="$work/probe"
  command -v "$rt" >/dev/null || return 1
  [ -d "$b/rootfs" ] || umoci unpack --image "$images/oci:device" "$b" >/dev/null
  jq '.process.terminal = false | .process.args = ["/bin/true"] | del(.linux.resources)' "$b/config.json" > "$b/c" \
    && mv "$b/c" "$b/config.json"
  timeout 60 "$rt" run -b "$b" "fqimg-probe-$$" >/dev/null 2>&1
  local rc=$?
  "$rt" delete -f "fqimg-probe-$$" >/dev/null 2>&1 || true
  return $rc
}
if [ -z "$runtime" ]; then
  for rt in crun runc; do
    if probe "$rt"; then runtime="$rt"; break; fi
  done
  runtime="${runtime:-chroot}"
fi
rm -rf "$work/probe"
if [ "$check" = 1 ]; then echo "run-local.sh: can run here with $runtime"; exit 0; fi
echo "runtime     $runtime"

# The run's certificates and the two Secrets' files, as deploy/k8s/secrets.sh lays them out.
names=""
for ((i = 0; i < devices; i++)); do names="$names${names:+,}dev-$i"; done
"$root/bin/fedqnn" certs --out "$work/certs" --devices "$names" >/dev/null
mkdir -p "$work/tls-server" "$work/tls-devices" "$work/run"
cp "$work/certs/"{ca.pem,server.pem,server-key.pem,crl.pem} "$work/tls-server/"
cp "$work/certs/ca.pem" "$work/certs/devices/"*.pem "$work/tls-devices/"
chown -R 10001:10001 "$work/tls-server" "$work/tls-devices" "$work/run"

# bundle NAME IMAGE: an OCI bundle (config.json + rootfs) of the image.
bundle() {
  local b="$work/$1"
  umoci unpack --image "$images/oci:$2" "$b" >/dev/null
}
# start ID BUNDLE TLS LOG ENV... -- ARGS...: runs the bundle's entry point in the background.
start() {
  local id="$1" b="$work/$2" tls="$3" log="$4"
  shift 4
  local env=() args=()
  while [ $# -gt 0 ] && [ "$1" != -- ]; do env+=("$1"); shift; done
  [ $# -gt 0 ] && shift
  args=("$@")
  if [ "$runtime" = chroot ]; then
    local rootfs="$b/rootfs" entry
    entry="$(jq -r '.process.args[0]' "$b/config.json")"
    local base_env
    mapfile -t base_env < <(jq -r '.process.env[]' "$b/config.json")
    ip netns exec "$ns" unshare --mount --pid --fork --kill-child --propagation private sh -c '
        set -e; r="$1"; tls="$2"; run="$3"; shift 3
        mkdir -p "$r/proc" "$r/dev" "$r/tmp" "$r/etc/fedqnn/tls"
        mount --rbind /dev "$r/dev"
        mount --bind "$tls" "$r/etc/fedqnn/tls"
        mount --bind "$run" "$r/var/lib/fedqnn"
        mount -t proc proc "$r/proc"
        mount -t tmpfs -o mode=1777 tmpfs "$r/tmp"
        exec chroot --userspec=10001:10001 "$r" "$@"' \
      sh "$rootfs" "$tls" "$work/run" /usr/bin/env -i "${base_env[@]}" "${env[@]}" "$entry" "${args[@]}" \
      > "$log" 2>&1 &
  else
    local extra
    extra="$(printf '%s\n' "${env[@]}" | jq -R . | jq -s 'map(select(. != ""))')"
    jq --argjson extra "$extra" --arg ns "/var/run/netns/$ns" --arg tls "$tls" --arg run "$work/run" \
      --argjson args "$(printf '%s\n' "${args[@]}" | jq -R . | jq -s 'map(select(. != ""))')" '
        .process.terminal = false
        | .process.args += $args
        | .process.env += $extra
        | del(.linux.resources)
        | .linux.namespaces = [.linux.namespaces[] | if .type == "network" then .path = $ns else . end]
        | .mounts += [
            {"destination": "/etc/fedqnn/tls", "type": "bind", "source": $tls, "options": ["rbind", "ro"]},
            {"destination": "/var/lib/fedqnn", "type": "bind", "source": $run, "options": ["rbind", "rw"]}]' \
      "$b/config.json" > "$b/config.run.json"
    mv "$b/config.run.json" "$b/config.json"
    "$runtime" run -b "$b" "$id" > "$log" 2>&1 &
  fi
  ids+=("$id")
  last_pid=$!
  pids+=("$last_pid")
}

echo "unpacking   the server and device images"
bundle server server
for ((i = 0; i < devices; i++)); do bundle "device-$i" device; done
bundle server-again server

t0=$(date +%s)
start "fqimg-server-$$" server "$work/tls-server" "$work/server.log" FEDQNN_JAVA_OPTS=-Xmx1g -- \
  --devices "$devices" --per-round "$devices" --rounds "$rounds" --model mlp --local-steps 5 --test-limit 2000
server_pid=$last_pid
device_pids=()
for ((i = 0; i < devices; i++)); do
  start "fqimg-device-$i-$$" "device-$i" "$work/tls-devices" "$work/device-$i.log" \
    FEDQNN_SERVER=127.0.0.1:50051 "JOB_COMPLETION_INDEX=$i" FEDQNN_JAVA_OPTS=-Xmx1g --
  device_pids+=("$last_pid")
done
status=0
for ((i = 0; i < devices; i++)); do
  if ! wait "${device_pids[$i]}"; then echo "device $i failed; its log:"; tail -20 "$work/device-$i.log"; status=1; fi
done
if ! wait "$server_pid"; then status=1; fi
echo "--- server (last lines)"
tail -8 "$work/server.log"
echo "--- device 0 (last lines)"
tail -3 "$work/device-0.log"
echo "run took  $(( $(date +%s) - t0 )) s (both sides' JVM starts included)"
[ -f "$work/run/run/model.fqnn" ] && [ -f "$work/run/run/summary.md" ] || { echo "no model.fqnn and summary.md in the run folder"; status=1; }
grep -q 'mutual TLS' "$work/run/run/manifest.json" || { echo "the manifest does not record mutual TLS"; status=1; }
[ "$status" = 0 ] || { echo "FAILED"; exit 1; }
echo "rounds.csv:"
cut -d, -f1-6 "$work/run/run/rounds.csv"

# The server's image again on the ended run: it must wait, not run it again.
start "fqimg-again-$$" server-again "$work/tls-server" "$work/again.log" --
again_pid=$last_pid
for _ in $(seq 1 30); do grep -q 'has ended' "$work/again.log" && break; sleep 1; done
if [ "$runtime" = chroot ]; then
  # unshare --fork passes no signal on; its child is the container's first process
  for c in $(pgrep -P "$again_pid"); do kill -KILL "$c" 2>/dev/null || true; done
else
  "$runtime" kill "fqimg-again-$$" KILL 2>/dev/null || true
fi
wait "$again_pid" 2>/dev/null || true
if ! grep -q 'has ended' "$work/again.log"; then echo "the server image started again on an ended run:"; cat "$work/again.log"; exit 1; fi
echo "restart on the ended run: $(head -1 "$work/again.log")"
echo "PASSED"
