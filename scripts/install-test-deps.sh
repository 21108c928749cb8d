#!/usr/bin/env bash
# Installs the system packages the test suite needs and the machine lacks, then returns: the README's test command is
# "scripts/install-test-deps.sh && mvn -B verify". Debian/Ubuntu (apt-get), as root or with sudo.
#   chromium    headless rendering of the command line's HTML report (CommandLineIT)
#   jq          the command line's speed is measured beside it (the performance report's B10, smoke-run by the CI)
#   prometheus  scrapes the agent's metrics endpoint in MetricsEndpointIT
#   nats-server NATS JetStream for the shipper's and watch --nats's tests (NatsShipperIT, WatchNatsTest, ...)
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v jq >/dev/null 2>&1 || missing+=(jq)
[ -x /usr/bin/prometheus ] || command -v prometheus >/dev/null 2>&1 || missing+=(prometheus)
[ -x /usr/sbin/nats-server ] || command -v nats-server >/dev/null 2>&1 || missing+=(nats-server)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "install-test-deps: installing ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
