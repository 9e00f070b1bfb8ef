#!/usr/bin/env bash
# Installs what the test suite drives for real: Debian's Chromium (browser tests through
# playwright), Graphviz (static maps), Node.js + Argdown's parser from npm (format round trips).
# Idempotent: it installs only what is missing. Needs root (or sudo) for apt-get.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v dot >/dev/null 2>&1 || missing+=(graphviz)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
command -v git >/dev/null 2>&1 || missing+=(git)
# fonts for readable screenshots and Graphviz drawings
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || missing+=(fonts-dejavu-core)
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Argdown's own parser, pinned in package-lock.json.
if [ -f package.json ] && [ ! -x node_modules/.bin/argdown ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
