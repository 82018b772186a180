#!/usr/bin/env bash
# Runs before `npm test`: the stack, observability and browser tests use real
# servers and a real browser from Debian's packages (nginx-light,
# redis-server, prometheus, chromium). Missing ones are installed with
# apt-get when that is possible (root on Debian/Ubuntu, as in CI); otherwise
# this says what to install and stops.
set -euo pipefail

missing=""
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing="$missing nginx-light"
command -v redis-server >/dev/null 2>&1 || missing="$missing redis-server"
command -v promtool >/dev/null 2>&1 || missing="$missing prometheus"
[ -x /usr/bin/chromium ] || missing="$missing chromium"
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing test tools:$missing"
  apt-get update
  # shellcheck disable=SC2086 # one word per package
  apt-get install -y $missing
else
  echo "The tests need these Debian packages:$missing" >&2
  echo "Install them (sudo apt-get install -y$missing) and run npm test again." >&2
  exit 1
fi
