#!/usr/bin/env bash
# Puts the project's toolchain on PATH, installing only what is missing, then runs "$@".
#   Node >= 22     the machine's, else node@22 from the npm registry
#   npm packages   npm install from the lock, when node_modules is older than it
#   Pulumi CLI     the one on PATH when it is the SDK's exact version, else built
#                  from its Go module (scripts/toolchain/go.mod), once per version
# Everything it installs lives outside the clone, under $cache, so that a fresh
# clone (CI's too) reuses it.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cache="${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-intune-connector-sync"
say() { echo "toolchain: $*" >&2; }

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 22 ]; then
  if [ ! -x "$cache/node22/node_modules/.bin/node" ]; then
    say "Node $(node -v 2>/dev/null || echo 'is missing'); installing node@22 from the npm registry into $cache/node22"
    npm install --prefix "$cache/node22" --no-save --no-package-lock --no-audit --no-fund node@22 >&2
  fi
  export PATH="$cache/node22/node_modules/.bin:$PATH"
fi

cd "$root"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages from package-lock.json"
  # Not `npm ci`: it insists on every platform's optional binary (Biome's) being
  # in the lock, and a registry mirror that holds only this platform's cannot
  # resolve them. `npm install` follows the lock and skips what it cannot fetch.
  npm install --no-audit --no-fund >&2
fi
# The provider shim in the state requires this package by name from the program's
# directory, as it would find it installed; here the package is this clone.
[ -L node_modules/pulumi-intune-connector-sync ] || ln -sfn .. node_modules/pulumi-intune-connector-sync

version="v$(node -p 'require("./node_modules/@pulumi/pulumi/package.json").version')"
plugin="$root/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"
chmod +x "$plugin"
if [ "$(pulumi version 2>/dev/null || true)" = "$version" ]; then
  export PATH="$(dirname "$plugin"):$PATH"
else
  bin="$cache/pulumi-$version/bin"
  if [ ! -x "$bin/pulumi" ]; then
    if ! command -v go >/dev/null; then
      say "no Pulumi CLI $version on PATH and no Go to build it."
      say "Install the CLI at exactly this version: curl -fsSL https://get.pulumi.com | sh -s -- --version ${version#v}"
      exit 1
    fi
    say "building the Pulumi CLI $version from its Go module into $bin (a cold build takes about 7 minutes)"
    start=$SECONDS
    (cd scripts/toolchain && go build -trimpath \
      -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$version" \
      -o "$bin/pulumi.partial" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi)
    mv "$bin/pulumi.partial" "$bin/pulumi"
    say "built in $((SECONDS - start)) s"
  fi
  # Beside the CLI, the dynamic provider plugin counts as bundled: no "from \$PATH" warning.
  install -m 0755 "$plugin" "$bin/pulumi-resource-pulumi-nodejs"
  export PATH="$bin:$PATH"
fi

export PULUMI_SKIP_UPDATE_CHECK=true
exec "$@"
