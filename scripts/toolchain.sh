#!/usr/bin/env bash
# Puts the project's toolchain on PATH, installing only what is missing, then runs "$@".
#   Node 22, 24      the machine's, else node@22 and node@24 from the npm registry
#   npm packages     `npm ci`, when node_modules is missing or older than the lock
#   Pulumi CLI       the one on PATH when it is the SDK's exact version, else built
#                    from its Go module (scripts/toolchain/go.mod), once per version
#   language host    pulumi-language-nodejs, which `pulumi up` on a Pulumi.yaml needs:
#                    the CLI's own when it has one beside it, else built from Go
#                    (scripts/toolchain/language-host/go.mod), once
# Everything it installs lives outside the clone, under $cache, so that a fresh
# clone (CI's too) reuses it and stays clean.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cache="${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-intune-connector-sync"
say() { echo "toolchain: $*" >&2; }

node_major() { "${1:-node}" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
# A folder whose `node` is this major version: the machine's, else node@MAJOR from the npm registry.
node_dir() {
  if [ "$(node_major)" = "$1" ]; then dirname "$(command -v node)"; return; fi
  local dir="$cache/node$1/node_modules/.bin"
  if [ "$(node_major "$dir/node")" != "$1" ]; then
    say "installing node@$1 from the npm registry into $cache/node$1"
    npm install --prefix "$cache/node$1" --no-save --no-package-lock --no-audit --no-fund "node@$1" >&2
  fi
  echo "$dir"
}
[ "$(node_major)" -ge 22 ] || export PATH="$(node_dir 22):$PATH"
# engines promises Node 22 and 24: the consumer tests run a program on each.
NODE22_DIR=$(node_dir 22) NODE24_DIR=$(node_dir 24)
export NODE22_DIR NODE24_DIR

cd "$root"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages: npm ci"
  npm ci --no-audit --no-fund >&2
fi
# The repository's own programs (Pulumi.yaml, examples/) import this package by
# name, as a user's program does; here the package is this clone.
[ -L node_modules/pulumi-intune-connector-sync ] || ln -sfn .. node_modules/pulumi-intune-connector-sync

# Builds a Go main package from a wrapper module in scripts/toolchain, once.
go_build() { # <module dir> <version> <package> <output>
  if ! command -v go >/dev/null; then
    say "no Go to build $(basename "$4") $2. Install the Pulumi CLI $2 (https://www.pulumi.com/docs/install/), then run this again."
    exit 1
  fi
  say "building $(basename "$4") $2 from its Go module (a cold build takes minutes; it is cached in $(dirname "$4"))"
  local start=$SECONDS
  mkdir -p "$(dirname "$4")"
  (cd "$1" && go build -trimpath \
    -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$2" -o "$4.partial" "$3")
  mv "$4.partial" "$4"
  say "built in $((SECONDS - start)) s"
}

version="v$(node -p 'require("./node_modules/@pulumi/pulumi/package.json").version')"
plugin="$root/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"
chmod +x "$plugin"
if [ "$(pulumi version 2>/dev/null || true)" = "$version" ]; then
  bin=$(dirname "$(command -v pulumi)")
else
  bin="$cache/pulumi-$version/bin"
  [ -x "$bin/pulumi" ] ||
    go_build scripts/toolchain "$version" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi "$bin/pulumi"
  # Beside the CLI, the dynamic provider plugin counts as bundled: no "from \$PATH" warning.
  install -m 0755 "$plugin" "$bin/pulumi-resource-pulumi-nodejs"
fi
export PATH="$bin:$PATH"

if [ ! -x "$bin/pulumi-language-nodejs" ]; then
  # The last version whose language host lives inside github.com/pulumi/pulumi/sdk/v3.
  host_version=v3.68.0
  host="$cache/language-nodejs-$host_version/pulumi-language-nodejs"
  [ -x "$host" ] || go_build scripts/toolchain/language-host "$host_version" \
    github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs "$host"
  # Beside the CLI it counts as bundled, like the plugin above.
  if [ -w "$bin" ]; then install -m 0755 "$host" "$bin/pulumi-language-nodejs"; else export PATH="$PATH:$(dirname "$host")"; fi
fi

export PULUMI_SKIP_UPDATE_CHECK=true
exec "$@"
