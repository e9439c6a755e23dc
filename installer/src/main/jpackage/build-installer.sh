#!/usr/bin/env bash
# Builds the MDA Workbench app-image and, on Debian/Ubuntu, the .deb with jpackage (JDK 17), from what
# `mvn package` left in app/target (mda-app.jar + lib/). Run by `./mvnw -Pinstaller package`; by hand:
#   installer/src/main/jpackage/build-installer.sh [OUT_DIR] [VERSION]
# Output: OUT_DIR/image/mda-workbench (app-image) and OUT_DIR/mda-workbench_VERSION_ARCH.deb.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../../.." && pwd)"
out="${1:-$root/installer/target}"
version="${2:-0.1.0}"
version="${version%%-*}"               # jpackage wants numbers only: 0.1.0-SNAPSHOT -> 0.1.0
app="$root/app/target"
name=mda-workbench

[ -f "$app/mda-app.jar" ] && [ -d "$app/lib" ] || { echo "build-installer: $app/mda-app.jar or lib/ is missing; run mvn package first" >&2; exit 2; }
for tool in jdeps jlink jpackage; do
  command -v "$tool" >/dev/null || { echo "build-installer: $tool not found (needs a full JDK 17 with jmods)" >&2; exit 2; }
done

rm -rf "$out/input" "$out/runtime" "$out/image" "$out/jpackage-tmp"
mkdir -p "$out/input" "$out/image"
# The jar's manifest names lib/*.jar; jpackage copies input/ to lib/app/ so the same layout holds there.
cp "$app/mda-app.jar" "$out/input/"
cp -r "$app/lib" "$out/input/lib"

# A trimmed runtime. bin/java stays (no --strip-native-commands): workers and the libtorch probe are child JVMs.
cp_jars="$(find "$out/input/lib" -name '*.jar' | sort | tr '\n' ':')"
modules="$(jdeps --print-module-deps --ignore-missing-deps --multi-release 17 --class-path "$cp_jars" \
  "$out/input/mda-app.jar")"
modules="$modules,java.naming,jdk.zipfs,jdk.crypto.ec"
echo "build-installer: runtime modules $modules"
jlink --add-modules "$modules" --strip-debug --no-man-pages --no-header-files --compress=2 \
  --output "$out/runtime"

# The same JVM options as the ./mda script: offline DJL on PyTorch, no usage tracking.
java_opts=(--java-options "-Xmx8g" --java-options "-Dai.djl.offline=true"
  --java-options "-Dai.djl.default_engine=PyTorch" --java-options "-DOPT_OUT_TRACKING=true")

jpackage --type app-image --name "$name" --app-version "$version" \
  --vendor "MDA Workbench" --description "Mechanistic Data Attribution workbench" \
  --input "$out/input" --main-jar mda-app.jar --main-class mda.app.cli.Main --arguments gui \
  --runtime-image "$out/runtime" --icon "$here/$name.png" "${java_opts[@]}" \
  --add-launcher "mda=$here/mda-cli.properties" \
  --dest "$out/image"
echo "build-installer: app-image $out/image/$name"

if [ "$(uname -s)" = Linux ] && command -v dpkg-deb >/dev/null && command -v fakeroot >/dev/null; then
  # JavaFX's natives sit inside jars, so jpackage's own dependency scan cannot see GTK and GL: name them.
  jpackage --type deb --app-image "$out/image/$name" --name "$name" --app-version "$version" \
    --vendor "MDA Workbench" --description "Mechanistic Data Attribution workbench" \
    --icon "$here/$name.png" --license-file "$here/LICENSE-NOTICE.txt" \
    --resource-dir "$here/deb" \
    --linux-package-name "$name" --linux-deb-maintainer "mda-workbench@users.noreply.github.com" \
    --linux-menu-group "Science" --linux-app-category science --linux-shortcut \
    --linux-package-deps "libgtk-3-0, libgl1, libxxf86vm1" \
    --temp "$out/jpackage-tmp" --dest "$out"
  echo "build-installer: $(ls "$out"/*.deb)"
else
  echo "build-installer: no dpkg-deb/fakeroot here; skipping the .deb (see installer/README.md for other systems)"
fi
