#!/bin/sh
# As the official image: without a configuration file Redis would refuse
# clients from other containers (protected mode), so it is turned off; the
# container's network is the protection.
set -eu
if [ "${1:-}" = "redis-server" ]; then
  shift
  exec redis-server --protected-mode no --dir /data "$@"
fi
exec "$@"
