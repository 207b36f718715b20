#!/usr/bin/env bash
# The build cost of generating at build time: cold and no-op `cargo build` of the client as it is
# (build.rs runs the generator) and of the same crate built from pre-generated files (no
# generator), each in a fresh target directory; then the rebuild after touching the spec.
#
#   bench/build-cost.sh [WORK_DIR]        (default: a new temporary directory)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$(mktemp -d)}
mkdir -p "$work"
rm -rf "$work/with" "$work/without" "$work/t-with" "$work/t-without"
git -C "$root" archive HEAD --prefix=with/ | tar -x -C "$work"
sed -i 's/^members = .*/members = [".", "generator"]/' "$work/with/Cargo.toml"

# Without: scripts/check-generated's crate, which includes pre-generated files.
"$root/scripts/check-generated" "$work/gen" "$root/spec/cloudforce-one.yaml" > /dev/null 2>&1
cp -r "$work/gen/ws/c_cloudforce_one" "$work/without"
sed -i 's/^name = .*/name = "cloudforce-one"/' "$work/without/Cargo.toml"
printf '[workspace]\n' >> "$work/without/Cargo.toml"
cp "$root/Cargo.lock" "$work/without/"

for side in with without; do
  cd "$work/$side"
  export CARGO_TARGET_DIR="$work/t-$side"
  cargo fetch --quiet
  /usr/bin/time -f "$side build.rs, cold build: %e s" cargo build --quiet -p cloudforce-one 2>&1 | tail -1
  /usr/bin/time -f "$side build.rs, no-op rebuild: %e s" cargo build --quiet -p cloudforce-one 2>&1 | tail -1
done
cd "$work/with"
export CARGO_TARGET_DIR="$work/t-with"
touch spec/cloudforce-one.yaml
/usr/bin/time -f "with build.rs, rebuild after touching the spec: %e s" cargo build --quiet -p cloudforce-one 2>&1 | tail -1
