#!/usr/bin/env bash
# The build cost of generating at build time, for an application that depends on the client: a
# cold `cargo build` (dev profile, fresh target directory, registry already downloaded) of the same
# small application against the client as it is (build.rs runs the generator) and against the
# client with the generated code as plain source (build.rs and the generator removed, `generated/`
# included instead), RUNS times each, alternating; then no-op rebuilds, and the rebuild after
# touching the spec.
#
#   bench/build-cost.sh [RUNS] [WORK_DIR]        (default: 3 runs, a new temporary directory)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-3}
work=${2:-$(mktemp -d)}
mkdir -p "$work"
rm -rf "$work/with" "$work/without" "$work/app-with" "$work/app-without" "$work"/t-*

# With: the client as committed. Without: the same tree, its build script gone and the committed
# generated code included as source.
git -C "$root" archive HEAD --prefix=with/ | tar -x -C "$work"
git -C "$root" archive HEAD --prefix=without/ | tar -x -C "$work"
for side in with without; do
  sed -i 's/^members = .*/members = ["."]/' "$work/$side/Cargo.toml"
done
rm "$work/without/build.rs"
python3 - "$work/without" <<'PY'
import re, sys
crate = sys.argv[1]
manifest = open(f"{crate}/Cargo.toml").read()
manifest = manifest.replace('build = "build.rs"\n', "")
manifest = re.sub(r"\[build-dependencies\]\n[^\[]*", "", manifest)
open(f"{crate}/Cargo.toml", "w").write(manifest)
lib = open(f"{crate}/src/lib.rs").read()
for name in ["types.rs", "resources.rs"]:
    lib = lib.replace(f'include!(concat!(env!("OUT_DIR"), "/{name}"))', f'include!("../generated/{name}")')
open(f"{crate}/src/lib.rs", "w").write(lib)
PY
grep -q OUT_DIR "$work/without/src/lib.rs" && { echo "the plain-source side still includes OUT_DIR" >&2; exit 1; }

# The application: a binary that builds a client from the environment and makes one call.
for side in with without; do
  app="$work/app-$side"
  mkdir -p "$app/src"
  cat > "$app/Cargo.toml" <<TOML
[package]
name = "app"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
cloudforce-one = { path = "../$side" }
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }

[workspace]
TOML
  cat > "$app/src/main.rs" <<'RS'
#[tokio::main]
async fn main() -> Result<(), cloudforce_one::Error> {
    let client = cloudforce_one::Client::from_env()?;
    let body = cloudforce_one::types::RequestList::new(1, 10);
    let page = client.requests().list("my-account", &body).await?;
    println!("{} requests", page.len());
    Ok(())
}
RS
  cp "$root/Cargo.lock" "$app/"
  (cd "$app" && cargo fetch --quiet)
done

cold() {
  local side=$1 run=$2
  rm -rf "$work/t-$side"
  (cd "$work/app-$side" && CARGO_TARGET_DIR="$work/t-$side" \
    /usr/bin/time -f "$side build.rs, cold build (run $run): %e s" cargo build --quiet 2>&1 | tail -1)
}
for run in $(seq "$runs"); do
  cold with "$run"
  cold without "$run"
done
for side in with without; do
  (cd "$work/app-$side" && CARGO_TARGET_DIR="$work/t-$side" \
    /usr/bin/time -f "$side build.rs, no-op rebuild: %e s" cargo build --quiet 2>&1 | tail -1)
done
touch "$work/with/spec/cloudforce-one.yaml"
(cd "$work/app-with" && CARGO_TARGET_DIR="$work/t-with" \
  /usr/bin/time -f "with build.rs, rebuild after touching the spec: %e s" cargo build --quiet 2>&1 | tail -1)
