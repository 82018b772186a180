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

# infra/k8s is rendered by kubectl (>= 1.27) or kustomize (>= 5). The
# machines' image ships kubectl; Debian packages kustomize from Debian 13 on
# (Debian 12's kubectl, 1.20, is too old). Without either, the Kubernetes
# tests fail and say what to install; the other tests still run.
if ! command -v kubectl >/dev/null 2>&1 && ! command -v kustomize >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1 && apt-cache show kustomize >/dev/null 2>&1; then
    apt-get install -y kustomize || echo "could not install kustomize: the Kubernetes tests will fail" >&2
  else
    echo "neither kubectl nor kustomize is installed: the Kubernetes manifest tests will fail" >&2
  fi
fi

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
