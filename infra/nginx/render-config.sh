#!/bin/sh
# Runs in the nginx image before Nginx starts (mounted into
# /docker-entrypoint.d/): copies the committed configuration and fills, from
# the environment, the same blocks `npm run stack` renders
# (tools/launcher/nginx-config.ts; a test keeps both in step):
#   CORS_ALLOWED_ORIGINS  comma-separated scheme://host[:port] list
#   RATE_LIMIT_RPS        per-client requests per second
#   RATE_LIMIT_BURST      requests allowed above the rate at once
#   NGINX_STATUS_ALLOW    comma-separated addresses / networks allowed to read /nginx_status
#   NGINX_UPSTREAMS       comma-separated host:port of the router replicas
#                         (Kubernetes: the router Service, infra/k8s), each
#                         with the parameters of the committed first server
# Unset variables leave the committed values.
set -eu

template="${NGINX_TEMPLATE:-/etc/nginx/retail/nginx.conf}"
target="${NGINX_CONF:-/etc/nginx/nginx.conf}"

# The comma-separated items of $1, space-separated; exits naming the first
# that does not match the extended regex $2 (as "$3 <item> is not $4").
checked_list() {
  list=""
  for item in $(printf '%s' "$1" | tr ',' ' '); do
    if ! printf '%s\n' "$item" | grep -Eq "$2"; then
      echo "render-config: $3 \"$item\" is not $4" >&2
      exit 1
    fi
    list="$list $item"
  done
  printf '%s' "$list"
}
origins=$(checked_list "${CORS_ALLOWED_ORIGINS:-}" '^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?$' 'CORS origin' 'scheme://host[:port]')
allowed=$(checked_list "${NGINX_STATUS_ALLOW:-}" '^[0-9A-Fa-f:.]+(/[0-9]{1,3})?$' 'status allow' 'an address or network')
upstreams=$(checked_list "${NGINX_UPSTREAMS:-}" '^[A-Za-z0-9.-]+:[0-9]{1,5}$' 'upstream' 'host:port')
for value in "${RATE_LIMIT_RPS:-1}" "${RATE_LIMIT_BURST:-0}"; do
  case "$value" in
    ''|*[!0-9]*) echo "render-config: rate limit \"$value\" is not a whole number" >&2; exit 1 ;;
  esac
done

awk -v origins="$origins" -v replace="${CORS_ALLOWED_ORIGINS:+yes}" -v allowed="$allowed" -v replace_allowed="${NGINX_STATUS_ALLOW:+yes}" -v upstreams="$upstreams" '
  /# cors-origins:begin$/ && replace == "yes" {
    print
    indent = $0; sub(/#.*/, "", indent)
    n = split(origins, list, " ")
    for (i = 1; i <= n; i++) printf "%s\"%s\" $http_origin;\n", indent, list[i]
    skipping = 1
    next
  }
  /# status-allow:begin$/ && replace_allowed == "yes" {
    print
    indent = $0; sub(/#.*/, "", indent)
    n = split(allowed, list, " ")
    for (i = 1; i <= n; i++) printf "%sallow %s;\n", indent, list[i]
    skipping = 1
    next
  }
  /# (cors-origins|status-allow):end$/ { skipping = 0 }
  /# upstream-servers:begin$/ && upstreams != "" {
    print
    indent = $0; sub(/#.*/, "", indent)
    replacing = 1
    next
  }
  replacing && /^[ \t]*server / {
    # The first committed server line lends its parameters (max_fails …) to every replica.
    if (parameters == "" && !seen) { seen = 1; line = $0; sub(/^[ \t]*server[ \t]+[^ \t;]+[ \t]*/, "", line); sub(/;[ \t]*$/, "", line); parameters = line }
    next
  }
  /# upstream-servers:end$/ && replacing {
    n = split(upstreams, servers, " ")
    for (i = 1; i <= n; i++) printf "%sserver %s%s;\n", indent, servers[i], (parameters == "" ? "" : " " parameters)
    replacing = 0
    print
    next
  }
  replacing { next }
  !skipping { print }
' "$template" |
  sed ${RATE_LIMIT_RPS:+-e "s|rate=[0-9]*r/s|rate=${RATE_LIMIT_RPS}r/s|g"} \
      ${RATE_LIMIT_BURST:+-e "s|burst=[0-9]*|burst=${RATE_LIMIT_BURST}|g"} \
      -e '' > "$target.tmp"
mv "$target.tmp" "$target"
echo "render-config: $target from $template"
