#!/bin/bash
# The image's HEALTHCHECK (see Dockerfile): healthy when `sluice schedule` answers 200 on
# /metrics. It uses bash's /dev/tcp, so the slim image needs neither curl nor wget.
#
# Without SLUICE_METRICS_PORT the scheduler serves nothing to ask, so the check passes: the
# container then lives exactly as long as its sluice process, and that is all Docker can tell.
# A one-off `sluice run` serves no /metrics either: start it without SLUICE_METRICS_PORT, or
# ignore its health (nothing acts on the health of a container that is about to exit).
set -u

port=${SLUICE_METRICS_PORT:-}
[ -n "$port" ] || exit 0

host=${SLUICE_METRICS_ADDRESS:-127.0.0.1}
host=${host#[}
host=${host%]}
case $host in
  '' | 0.0.0.0 | '*') host=127.0.0.1 ;; # listening on every address: ask over loopback
  ::) host=::1 ;;
esac

exec 3<>"/dev/tcp/$host/$port" || exit 1
printf 'GET /metrics HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3 || exit 1
read -r -t 5 _ status _ <&3 || exit 1
[ "$status" = 200 ]
