#!/usr/bin/env bash
# Builds the container images of the base station (fedqnn-server) and of a device
# (fedqnn-device) without a container daemon or registry, into an OCI layout:
#
#   layer 1  a Debian root file system from Debian packages (mmdebstrap --variant=extract,
#            the packages of base-packages.txt and their dependencies; no apt, no package
#            database to speak of)
#   layer 2  a Java runtime made by jlink from the installed JDK 17 (modules of jre-modules.txt)
#   layer 3  the CLI's jars (cli/target, from `mvn -DskipTests package`), the launcher and the
#            entry points (rootfs/), the user fedqnn (10001)
#
# The two images share the three layers and differ in their entry point. Output, under
# deploy/build/images (not committed):
#   oci/                    the OCI layout, tags server and device (umoci)
#   fedqnn-server.oci.tar   one image each, named localhost/fedqnn-server:VERSION (and device),
#   fedqnn-device.oci.tar   for `ctr images import`, `kind load image-archive` or `podman load`
#   sizes.txt               the layers' and images' compressed sizes, and the build's times
#
# Usage: deploy/images/build.sh [--out DIR] [--suite SUITE] [--rebuild-base]
# Needs root (mmdebstrap's root mode), and Debian's mmdebstrap, umoci and jq; the JDK's jmods.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$root/deploy/build/images"
suite="$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")"
rebuild_base=0
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --suite) suite="$2"; shift 2 ;;
    --rebuild-base) rebuild_base=1; shift ;;
    -h|--help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "build.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

die() { echo "build.sh: $*" >&2; exit 2; }
[ "$(id -u)" = 0 ] || die "needs root (mmdebstrap makes the base layer in root mode)"
for tool in mmdebstrap umoci jq tar; do
  command -v "$tool" >/dev/null || die "$tool not found; Debian: apt-get install --no-install-recommends mmdebstrap umoci jq"
done
java_home="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac || command -v java)")")")}"
[ -x "$java_home/bin/jlink" ] || die "no jlink in $java_home (set JAVA_HOME to a JDK 17)"
[ -f "$java_home/jmods/java.base.jmod" ] || die "$java_home has no jmods, which jlink needs (Debian: openjdk-17-jmods)"
jar="$root/cli/target/fedqnn-cli.jar"
[ -f "$jar" ] && [ -d "$root/cli/target/lib" ] || die "$jar or cli/target/lib missing; build first: mvn -B -q -DskipTests package"
version="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$root/pom.xml" | head -1)"
epoch="${SOURCE_DATE_EPOCH:-$(git -C "$root" log -1 --format=%ct 2>/dev/null || date +%s)}"

mkdir -p "$out"
work="$out/work"
rm -rf "$work" "$out/oci" "$out"/*.oci.tar
mkdir -p "$work"
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
t0=$(now)

# Writes the folder $1 as the layer tar $2: sorted names, fixed times, numeric owners.
layer_tar() {
  tar --sort=name --numeric-owner --mtime="@$epoch" -C "$1" -cf "$2" .
}

# Layer 1: the Debian base, kept between builds while base-packages.txt and the suite are the same.
packages="$(grep -v '^#' "$here/base-packages.txt" | grep -v '^$' | paste -sd, -)"
key="$(printf '%s %s' "$suite" "$packages" | sha256sum | cut -c1-16)"
base="$out/base-$suite-$key.tar"
if [ "$rebuild_base" = 1 ] || [ ! -f "$base" ]; then
  rm -f "$out"/base-*.tar
  echo "base layer: mmdebstrap $suite with $packages"
  # The apt sources are the host's (mmdebstrap reads them when no mirror is given).
  SOURCE_DATE_EPOCH="$epoch" mmdebstrap --quiet --format=tar --variant=extract --include="$packages" \
    "$suite" "$base.part"
  # documentation, manual pages and translations: about 23 MB that nothing in the image reads;
  # the packages' copyright files stay (the extract variant runs no dpkg, so dpkg's path-exclude
  # options do not apply)
  tar tf "$base.part" | grep -E '^\./usr/share/(doc|man|info|locale|lintian)/.' | grep -v -e '/copyright$' -e '/$' \
    > "$out/base-drop.txt" || true
  [ ! -s "$out/base-drop.txt" ] || tar --delete -f "$base.part" -T "$out/base-drop.txt"
  rm -f "$out/base-drop.txt"
  mv "$base.part" "$base"
else
  echo "base layer: $base (kept; --rebuild-base to make it again)"
fi
t1=$(now)

# Layer 2: the Java runtime.
modules="$(grep -v '^#' "$here/jre-modules.txt" | grep -v '^$' | paste -sd, -)"
mkdir -p "$work/jre/opt/fedqnn"
"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --compress=2 --output "$work/jre/opt/fedqnn/jre"
layer_tar "$work/jre" "$work/jre.tar"
t2=$(now)

# Layer 3: the application. ND4J's plain native jar is left out where the oneDNN one is there:
# the launcher loads the oneDNN build only (-Dorg.bytedeco.javacpp.platform.extension=-onednn).
app="$work/app"
mkdir -p "$app/opt/fedqnn/lib" "$app/var/lib/fedqnn" "$app/etc/fedqnn/tls"
cp -a "$here/rootfs/." "$app/"
cp "$jar" "$app/opt/fedqnn/fedqnn-cli.jar"
for j in "$root"/cli/target/lib/*.jar; do
  case "$(basename "$j")" in
    nd4j-native-*-linux-x86_64.jar)
      onednn="${j%.jar}-onednn.jar"
      [ -f "$onednn" ] && continue ;;
  esac
  cp "$j" "$app/opt/fedqnn/lib/"
done
chown -R 0:0 "$app"
chmod -R u=rwX,go=rX "$app"
chmod 755 "$app"/opt/fedqnn/bin/*
mkdir -p "$app/proc" "$app/sys" "$app/dev" "$app/tmp"
chmod 1777 "$app/tmp"
chown 10001:10001 "$app/var/lib/fedqnn"
layer_tar "$app" "$work/app.tar"
t3=$(now)

# The images.
oci="$out/oci"
created="$(date -u -d "@$epoch" +%Y-%m-%dT%H:%M:%SZ)"
umoci init --layout "$oci"
umoci new --image "$oci:base"
for l in "$base" "$work/jre.tar" "$work/app.tar"; do
  umoci raw add-layer --image "$oci:base" --history.created "$created" \
    --history.created_by "deploy/images/build.sh: $(basename "$l")" "$l"
done
common=(--created "$created" --author fedqnn --config.user 10001:10001 --config.workingdir /var/lib/fedqnn
  --config.env PATH=/opt/fedqnn/bin:/usr/local/bin:/usr/bin:/bin --config.env JAVA_HOME=/opt/fedqnn/jre
  --config.env HOME=/var/lib/fedqnn --config.env FEDQNN_NATIVE_CACHE=/tmp/javacpp
  --config.label "org.opencontainers.image.version=$version")
umoci config --image "$oci:base" --tag server "${common[@]}" \
  --config.entrypoint /opt/fedqnn/bin/fedqnn-server-entry --config.exposedports 50051/tcp \
  --config.volume /var/lib/fedqnn --config.label org.opencontainers.image.title=fedqnn-server
umoci config --image "$oci:base" --tag device "${common[@]}" \
  --config.entrypoint /opt/fedqnn/bin/fedqnn-device-entry --config.label org.opencontainers.image.title=fedqnn-device
umoci rm --image "$oci:base"
umoci gc --layout "$oci"

# One archive per image, named for containerd (io.containerd.image.name) and others (ref.name).
for role in server device; do
  name="localhost/fedqnn-$role:$version"
  dir="$work/archive-$role"
  mkdir -p "$dir"
  cp "$oci/oci-layout" "$dir/"
  cp -al "$oci/blobs" "$dir/blobs"
  jq --arg role "$role" --arg name "$name" '.manifests |= [.[]
      | select(.annotations["org.opencontainers.image.ref.name"] == $role)
      | .annotations = {"org.opencontainers.image.ref.name": $name, "io.containerd.image.name": $name}]' \
    "$oci/index.json" > "$dir/index.json"
  tar --sort=name --numeric-owner --owner=0 --group=0 --mtime="@$epoch" -C "$dir" \
    -cf "$out/fedqnn-$role.oci.tar" oci-layout index.json blobs
done
t4=$(now)

# Sizes (compressed, as stored and pulled) and times.
blob() { echo "$oci/blobs/${1%%:*}/${1#*:}"; }
{
  echo "fedqnn images $version, built $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(uname -m), suite $suite"
  for role in server device; do
    manifest="$(jq -r --arg r "$role" '.manifests[] | select(.annotations["org.opencontainers.image.ref.name"] == $r) | .digest' "$oci/index.json")"
    total=0
    i=0
    for d in $(jq -r '.layers[].digest' "$(blob "$manifest")"); do
      size=$(stat -c %s "$(blob "$d")")
      total=$((total + size))
      i=$((i + 1))
      printf '  %-7s layer %d  %7.1f MB  %s\n' "$role" "$i" "$(echo "$size" | awk '{print $1 / 1e6}')" "$d"
    done
    printf '%-7s image (compressed layers) %7.1f MB; archive %s %7.1f MB\n' "$role" \
      "$(echo "$total" | awk '{print $1 / 1e6}')" "fedqnn-$role.oci.tar" \
      "$(stat -c %s "$out/fedqnn-$role.oci.tar" | awk '{print $1 / 1e6}')"
  done
  printf 'unpacked: base %.1f MB, runtime %.1f MB, application %.1f MB\n' \
    "$(stat -c %s "$base" | awk '{print $1 / 1e6}')" "$(stat -c %s "$work/jre.tar" | awk '{print $1 / 1e6}')" \
    "$(stat -c %s "$work/app.tar" | awk '{print $1 / 1e6}')"
  echo "times (s): base $(secs "$t0" "$t1"), runtime $(secs "$t1" "$t2"), application $(secs "$t2" "$t3"), images and archives $(secs "$t3" "$t4"), total $(secs "$t0" "$t4")"
} | tee "$out/sizes.txt"
rm -rf "$work"
echo "images: $oci (tags server, device); archives: $out/fedqnn-server.oci.tar, $out/fedqnn-device.oci.tar"
