#!/bin/sh
# Runs in the nginx image before Nginx starts (mounted into
# /docker-entrypoint.d/): copies the committed configuration and fills, from
# the environment, the same blocks `npm run stack` renders
# (platform/launcher/nginx-config.ts; a test keeps both in step):
#   CORS_ALLOWED_ORIGINS  comma-separated scheme://host[:port] list
#   RATE_LIMIT_RPS        per-client requests per second
#   RATE_LIMIT_BURST      requests allowed above the rate at once
# Unset variables leave the committed values.
set -eu

template="${NGINX_TEMPLATE:-/etc/nginx/retail/nginx.conf}"
target="${NGINX_CONF:-/etc/nginx/nginx.conf}"

origins=""
if [ -n "${CORS_ALLOWED_ORIGINS:-}" ]; then
  for origin in $(printf '%s' "$CORS_ALLOWED_ORIGINS" | tr ',' ' '); do
    if ! printf '%s\n' "$origin" | grep -Eq '^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?$'; then
      echo "render-config: CORS origin \"$origin\" is not scheme://host[:port]" >&2
      exit 1
    fi
    origins="$origins $origin"
  done
fi
for value in "${RATE_LIMIT_RPS:-1}" "${RATE_LIMIT_BURST:-0}"; do
  case "$value" in
    ''|*[!0-9]*) echo "render-config: rate limit \"$value\" is not a whole number" >&2; exit 1 ;;
  esac
done

awk -v origins="$origins" -v replace="${CORS_ALLOWED_ORIGINS:+yes}" '
  /# cors-origins:begin$/ && replace == "yes" {
    print
    indent = $0; sub(/#.*/, "", indent)
    n = split(origins, list, " ")
    for (i = 1; i <= n; i++) printf "%s\"%s\" $http_origin;\n", indent, list[i]
    skipping = 1
    next
  }
  /# cors-origins:end$/ { skipping = 0 }
  !skipping { print }
' "$template" |
  sed ${RATE_LIMIT_RPS:+-e "s|rate=[0-9]*r/s|rate=${RATE_LIMIT_RPS}r/s|g"} \
      ${RATE_LIMIT_BURST:+-e "s|burst=[0-9]*|burst=${RATE_LIMIT_BURST}|g"} \
      -e '' > "$target.tmp"
mv "$target.tmp" "$target"
echo "render-config: $target from $template"
