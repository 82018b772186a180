#!/bin/sh
# As the official image: executable scripts in /docker-entrypoint.d run in
# order before Nginx starts; a failing one stops the container.
set -eu
if [ "${1:-}" = "nginx" ]; then
  for script in /docker-entrypoint.d/*.sh; do
    [ -e "$script" ] || continue
    if [ -x "$script" ]; then
      echo "docker-entrypoint: running $script"
      "$script"
    else
      echo "docker-entrypoint: ignoring $script, not executable"
    fi
  done
fi
exec "$@"
