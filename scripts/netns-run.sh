#!/usr/bin/env bash
# A federated run over real, rate-limited links (docs/network-namespaces.md): the base station
# and each device JVM in its own Linux network namespace, the devices' namespaces joined to the
# server's by veth pairs on a bridge, each device's uplink (its egress) shaped by tc tbf at the
# rate of its profile (profiles.csv of the run folder), loopback-style 127.x addresses only. At
# the end it prints, per accepted update, the measured upload time next to the modelled one
# (device-times.csv), and each link's bytes on the wire next to the gRPC bytes the server read.
# Needs root, ip and tc. Everything it made (namespaces, links, processes) goes when it exits,
# however it exits; namespaces left by a run that was killed are removed by the next one.
#
#   scripts/netns-run.sh [--devices N] [--scenario S] [--rounds R] [--out DIR] [--port P]
#                        [--burst BYTES] [--tls] [--device-arg ARG ...] [-- more options of `fedqnn server`]
#   scripts/netns-run.sh --check     # exit 0 if this machine allows it, else 77 with the reason
#   scripts/netns-run.sh --cleanup   # only remove namespaces left by runs that are gone
#
# Device k is named netns-device<k>; each --device-arg ARG goes to every `fedqnn device`, with
# {k} in it replaced by k (for example a certificate per device). With --tls the links carry
# mutual TLS: `fedqnn certs` makes a run CA, the server's certificate for its bridge address and
# one certificate per device name in DIR/certs, and the server and every device get --tls-dir.
#
# The JVMs run bin/fedqnn (build first: mvn -q -DskipTests package), or, with FEDQNN_CLASSPATH
# set, java (FEDQNN_JAVA, default java) on that class path. FEDQNN_JAVA_OPTS: each JVM's options
# (default -Xmx2g). Exit status: the server's (0 when the run completed), 77 when skipped.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

devices=3
scenario=tiers
rounds=3
port=50051
burst=4096
out=""
mode=run
tls=false
extra=()
device_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --devices|--scenario|--rounds|--port|--burst|--out|--device-arg)
      [ $# -ge 2 ] || { echo "netns-run: $1 needs a value" >&2; exit 2; } ;;
  esac
  case "$1" in
    --devices) devices="$2"; shift 2 ;;
    --scenario) scenario="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --burst) burst="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --device-arg) device_args+=("$2"); shift 2 ;;
    --tls) tls=true; shift ;;
    --check) mode=check; shift ;;
    --cleanup) mode=cleanup; shift ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "netns-run: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
case "$devices" in ''|*[!0-9]*) echo "netns-run: --devices must be a whole number >= 1, got '$devices'" >&2; exit 2 ;; esac
[ "$devices" -ge 1 ] && [ "$devices" -le 60000 ] \
  || { echo "netns-run: --devices must be in 1..60000, got $devices" >&2; exit 2; }
case "$burst" in ''|*[!0-9]*) echo "netns-run: --burst must be bytes, got '$burst'" >&2; exit 2 ;; esac

# Namespaces are named fqnn-<pid of this script>-s (the server) and fqnn-<pid>-d<k> (device k).
prefix="fqnn-$$-"
server_ns="${prefix}s"
server_addr=127.1.0.1
pids=()

skip() {
  echo "netns-run: skipped: $*" >&2
  exit 77
}

# The address of device k on the bridge's 127.1.0.0/16: 127.1.0.10 onwards.
device_addr() {
  local i=$(( $1 + 10 ))
  echo "127.1.$(( i / 256 )).$(( i % 256 ))"
}

# Stops the processes in namespace $1 (only ours run there) and deletes it.
remove_ns() {
  local p
  for p in $(ip netns pids "$1" 2>/dev/null); do kill -9 "$p" 2>/dev/null || true; done
  ip netns del "$1" 2>/dev/null || true
}

# Namespaces fqnn-<pid>-* whose script is no longer running.
remove_stale() {
  local ns pid
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep -E '^fqnn-[0-9]+-' || true); do
    pid="${ns#fqnn-}"; pid="${pid%%-*}"
    if [ "$pid" != "$$" ] && ! kill -0 "$pid" 2>/dev/null; then
      echo "netns-run: removing $ns, left by a run that is gone"
      remove_ns "$ns"
    fi
  done
}

check_machine() {
  [ "$(id -u)" = 0 ] || skip "needs root (network namespaces, veth and tc), running as uid $(id -u)"
  command -v ip >/dev/null || skip "no 'ip' command (iproute2)"
  command -v tc >/dev/null || skip "no 'tc' command (iproute2)"
  local probe="${prefix}probe" why
  why=$(ip netns add "$probe" 2>&1) || skip "'ip netns add' failed: $why"
  if ! why=$( { ip -n "$probe" link add a0 type veth peer name a1 \
         && ip netns exec "$probe" sysctl -q -w net.ipv4.conf.all.route_localnet=1 \
         && tc -n "$probe" qdisc add dev a0 root tbf rate 1mbit burst 4096 limit 1048576; } 2>&1); then
    ip netns del "$probe" 2>/dev/null || true
    skip "veth, route_localnet or tc tbf not allowed in a namespace: $why"
  fi
  ip netns del "$probe"
}

if [ "$mode" = cleanup ]; then
  remove_stale
  exit 0
fi
check_machine
if [ "$mode" = check ]; then
  echo "netns-run: this machine allows network namespaces, veth, route_localnet and tc tbf"
  exit 0
fi

if [ -n "${FEDQNN_CLASSPATH:-}" ]; then
  launcher=("${FEDQNN_JAVA:-java}" --add-modules=jdk.incubator.vector -Dorg.bytedeco.javacpp.platform.extension=-onednn)
  # shellcheck disable=SC2206 # options are words
  launcher+=(${FEDQNN_JAVA_OPTS:--Xmx2g} -cp "$FEDQNN_CLASSPATH" org.fedqnn.cli.Main)
else
  [ -f "$root/cli/target/fedqnn-cli.jar" ] \
    || { echo "netns-run: build first: (cd $root && mvn -B -q -DskipTests package)" >&2; exit 2; }
  export FEDQNN_JAVA_OPTS="${FEDQNN_JAVA_OPTS:--Xmx2g}"
  launcher=("$root/bin/fedqnn")
fi
threads=$(( $(nproc) / (devices + 1) )); [ "$threads" -ge 1 ] || threads=1
export OMP_NUM_THREADS="$threads"
out="${out:-runs/netns-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

cleanup() {
  local rc=$? p k
  trap - EXIT INT TERM
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do
    for k in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$p" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$p" 2>/dev/null || true
  done
  for k in $(seq 0 $(( devices - 1 ))); do remove_ns "${prefix}d$k"; done
  remove_ns "$server_ns"
  echo "netns-run: removed namespaces ${prefix}*"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

remove_stale
if [ "$tls" = true ]; then
  names=()
  for k in $(seq 0 $(( devices - 1 ))); do names+=("netns-device$k"); done
  (IFS=,; "${launcher[@]}" certs --out "$out/certs" --devices "${names[*]}" --server-host "$server_addr") \
    > "$out/certs.log" 2>&1 || { echo "netns-run: fedqnn certs failed:" >&2; cat "$out/certs.log" >&2; exit 1; }
  extra=(--tls-dir "$out/certs" "${extra[@]}")
  device_args=(--tls-dir "$out/certs" "${device_args[@]}")
  echo "netns-run: mutual TLS, certificates in $out/certs"
fi
echo "netns-run: namespaces ${prefix}s and ${prefix}d0..$(( devices - 1 )), run folder $out"

# Each namespace: loopback up with 127.0.0.1/32 only (its usual 127.0.0.0/8 would claim every
# 127.x address as local), and route_localnet so 127.x addresses may cross its links.
make_ns() {
  ip netns add "$1"
  ip netns exec "$1" sysctl -q -w net.ipv4.conf.all.route_localnet=1 net.ipv4.conf.default.route_localnet=1
  ip -n "$1" link set lo up
  ip -n "$1" addr del 127.0.0.1/8 dev lo
  ip -n "$1" addr add 127.0.0.1/32 dev lo
}
make_ns "$server_ns"
ip -n "$server_ns" link add br0 type bridge
ip netns exec "$server_ns" sysctl -q -w net.ipv4.conf.br0.route_localnet=1
ip -n "$server_ns" addr add "$server_addr/16" dev br0
ip -n "$server_ns" link set br0 up
for k in $(seq 0 $(( devices - 1 ))); do
  ns="${prefix}d$k"
  make_ns "$ns"
  ip link add up0 netns "$ns" type veth peer name "d$k" netns "$server_ns"
  ip -n "$server_ns" link set "d$k" master br0 up
  ip netns exec "$ns" sysctl -q -w net.ipv4.conf.up0.route_localnet=1
  ip -n "$ns" addr add "$(device_addr "$k")/16" dev up0
  ip -n "$ns" link set up0 up
done

ip netns exec "$server_ns" "${launcher[@]}" server --host "$server_addr" --port "$port" --devices "$devices" \
  --per-round "$devices" --rounds "$rounds" --scenario "$scenario" --out "$out" "${extra[@]}" \
  > "$out/server.log" 2>&1 < /dev/null &
server_pid=$!
pids+=("$server_pid")

# Waits until file $2 holds a line matching $3, while process $1 lives; at most $4 seconds.
await_line() {
  local waited=0
  until grep -q -- "$3" "$2" 2>/dev/null; do
    kill -0 "$1" 2>/dev/null || { echo "netns-run: the process writing $2 ended early:" >&2; tail -20 "$2" >&2; exit 1; }
    [ "$waited" -lt $(( $4 * 10 )) ] || { echo "netns-run: no '$3' in $2 within $4 s" >&2; tail -20 "$2" >&2; exit 1; }
    sleep 0.1; waited=$(( waited + 1 ))
  done
}
await_line "$server_pid" "$out/server.log" "^listening" 300
[ -f "$out/profiles.csv" ] || { echo "netns-run: the server wrote no profiles.csv" >&2; exit 1; }

# Device k registers k-th (each waits for the one before), so it is device index k and its
# link gets profile k's rate. tbf: the rate, a burst of $burst bytes, and a queue of at least
# 1 MiB (2 s at the rate when more), so TCP fills the queue without drops.
for k in $(seq 0 $(( devices - 1 ))); do
  ns="${prefix}d$k"
  rate=$(awk -F, -v k="$k" 'NR > 1 && $1 == k { printf "%.0f", $2 }' "$out/profiles.csv")
  [ -n "$rate" ] || { echo "netns-run: no profile for device $k in $out/profiles.csv" >&2; exit 1; }
  limit=$(( rate / 4 > 1048576 ? rate / 4 : 1048576 ))
  tc -n "$ns" qdisc replace dev up0 root tbf rate "${rate}bit" burst "$burst" limit "$limit"
  echo "netns-run: device $k in $ns at $(device_addr "$k"): uplink tbf rate ${rate} bit/s, burst $burst B, limit $limit B"
  args=()
  for a in "${device_args[@]}"; do args+=("${a//\{k\}/$k}"); done
  ip netns exec "$ns" "${launcher[@]}" device --server "$server_addr:$port" --name "netns-device$k" "${args[@]}" \
    > "$out/device-$k.log" 2>&1 < /dev/null &
  pids+=("$!")
  await_line "$!" "$out/device-$k.log" "registered as device" 300
  grep -q "registered as device $k of" "$out/device-$k.log" \
    || { echo "netns-run: device $k registered under another index:" >&2; grep registered "$out/device-$k.log" >&2; exit 1; }
done

set +e
wait "$server_pid"
server_rc=$?
set -e
for p in "${pids[@]:1}"; do
  for k in $(seq 1 60); do kill -0 "$p" 2>/dev/null || break; sleep 0.5; done
done
tail -3 "$out/server.log"

echo
echo "Upload time per accepted update: measured at the server (stream start to last chunk) vs modelled"
echo "(bits received over the profile's rate), from device-times.csv:"
awk -F, '
  FNR == 1 { for (i = 1; i <= NF; i++) col[FILENAME, $i] = i; next }
  FILENAME ~ /profiles.csv$/ { rate[$1] = $col[FILENAME, "uplink_bit_per_s"]; next }
  FILENAME ~ /device-rounds.csv$/ { bytes[$1 "," $2] = $col[FILENAME, "bytes_received"]; next }
  {
    r = $1; k = $2
    m = $col[FILENAME, "modelled_upload_s"]; s = $col[FILENAME, "measured_upload_s"]
    if (!header++) printf "%5s %6s %10s %10s %12s %12s %9s\n", "round", "device", "Mbit/s", "bytes", "modelled s", "measured s", "measured/modelled"
    printf "%5d %6d %10.4g %10d %12.4f %12.4f %9.3f\n", r, k, rate[k] / 1e6, bytes[r "," k], m, s, (m > 0 ? s / m : 0)
  }' "$out/profiles.csv" "$out/device-rounds.csv" "$out/device-times.csv" | tee "$out/netns-uploads.txt"

echo
echo "Bytes on each device's link (tc: every frame the device sent, Ethernet, IP and TCP headers"
echo "included, also its polls and ACKs) vs the gRPC message bytes the server read (bytes_received):"
printf "%6s %14s %14s %9s\n" device "link bytes" "message bytes" overhead | tee "$out/netns-links.txt"
for k in $(seq 0 $(( devices - 1 ))); do
  sent=$(tc -n "${prefix}d$k" -s qdisc show dev up0 | awk '/Sent/ { print $2; exit }')
  msg=$(awk -F, -v k="$k" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
                           $2 == k { s += $c["bytes_received"] } END { printf "%d", s }' "$out/device-rounds.csv")
  awk -v k="$k" -v a="$sent" -v b="$msg" \
    'BEGIN { printf "%6d %14d %14d %8.1f%%\n", k, a, b, (b > 0 ? 100 * (a - b) / b : 0) }' | tee -a "$out/netns-links.txt"
done
echo "run folder  $out"
exit "$server_rc"
