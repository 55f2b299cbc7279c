#!/usr/bin/env bash
# Writes the two Secrets of deploy/k8s as YAML, from a folder made by `fedqnn certs`:
#   fedqnn-server-tls   ca.pem, server.pem, server-key.pem, crl.pem (the base station's)
#   fedqnn-device-tls   ca.pem and, for every device NAME in DIR/devices, NAME.pem and
#                       NAME-key.pem (each device pod picks its own by its Job index)
# The CA's key (ca-key.pem) stays out. Every device pod sees every device key of the
# Secret: for one Secret per device, run the devices as one Job each.
#
# Usage: deploy/k8s/secrets.sh CERTS_DIR [--namespace NS] > secrets.yaml; kubectl apply -f secrets.yaml
set -euo pipefail
namespace=fedqnn
dir=""
while [ $# -gt 0 ]; do
  case "$1" in
    --namespace) namespace="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) echo "secrets.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) [ -z "$dir" ] || { echo "secrets.sh: one CERTS_DIR only" >&2; exit 2; }; dir="$1"; shift ;;
  esac
done
[ -n "$dir" ] || { echo "secrets.sh: give the folder fedqnn certs made (see --help)" >&2; exit 2; }
for f in ca.pem server.pem server-key.pem crl.pem; do
  [ -f "$dir/$f" ] || { echo "secrets.sh: $dir/$f not found; make it with: bin/fedqnn certs --out $dir --devices ... --server-host fedqnn-server.$namespace.svc" >&2; exit 2; }
done
shopt -s nullglob
device_certs=()
for cert in "$dir"/devices/*.pem; do
  case "$cert" in *-key.pem) continue ;; esac
  key="${cert%.pem}-key.pem"
  [ -f "$key" ] || { echo "secrets.sh: $cert has no key $key (revoked, or made elsewhere?)" >&2; exit 2; }
  device_certs+=("$cert")
done
[ ${#device_certs[@]} -gt 0 ] || { echo "secrets.sh: no device certificates in $dir/devices (fedqnn certs --devices dev-0,dev-1,...)" >&2; exit 2; }

entry() { printf '  %s: %s\n' "$1" "$(base64 -w0 < "$2")"; }
header() {
  printf -- '---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: %s\n  namespace: %s\n' "$1" "$namespace"
  printf '  labels:\n    app.kubernetes.io/part-of: fedqnn\ntype: Opaque\ndata:\n'
}
echo "# Made by deploy/k8s/secrets.sh from $(basename "$dir"); holds private keys: do not commit."
header fedqnn-server-tls
for f in ca.pem server.pem server-key.pem crl.pem; do entry "$f" "$dir/$f"; done
header fedqnn-device-tls
entry ca.pem "$dir/ca.pem"
for cert in "${device_certs[@]}"; do
  name="$(basename "$cert" .pem)"
  entry "$name.pem" "$cert"
  entry "$name-key.pem" "$dir/devices/$name-key.pem"
done
