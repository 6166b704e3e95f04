#!/usr/bin/env bash
# The LiveKit server Rakor is tested against (and that a Pemda can run for a first try), built from
# its Go module at a pinned release and kept in a cache folder, so it is built once per machine.
#
#   bash scripts/livekit-server.sh install   builds it when missing (about 4 minutes on 2 cores), prints its path
#   bash scripts/livekit-server.sh path      prints its path; exits 1 when it is not built yet
#   bash scripts/livekit-server.sh start [--webhook URL] [--port N]
#                                            runs it in dev mode on 127.0.0.1 (keys devkey / secret),
#                                            its webhooks sent to URL (default: Rakor on port 3000)
#
# The cache is RAKOR_LIVEKIT_HOME (default ~/.cache/rakor/livekit). Without Go the script says so
# and exits 3; the tests then skip the real-server files with a notice (RAKOR_REQUIRE_LIVEKIT=1 fails them).
# Everything it says for a person goes to stderr; `path` and `install` print only the binary's path.
set -euo pipefail

VERSION="1.13.5"
MODULE="github.com/livekit/livekit-server/cmd/server"
HOME_DIR="${RAKOR_LIVEKIT_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/rakor/livekit}"
BIN="$HOME_DIR/$VERSION/livekit-server"

say() { echo "livekit-server: $*" >&2; }

install_server() {
  if [ -x "$BIN" ]; then
    echo "$BIN"
    return 0
  fi
  if ! command -v go >/dev/null 2>&1; then
    say "Go is not installed: the LiveKit server is built from its Go module (install Go 1.25 or newer, or set RAKOR_LIVEKIT_BIN to a livekit-server binary)"
    exit 3
  fi
  say "building livekit-server v$VERSION with $(go version | cut -d' ' -f3) (once per machine; a few minutes)"
  local work
  work="$(mktemp -d)"
  # The release's go.mod has no replace directive, so `go install module@version` builds it as released; the binary is named `server`.
  if ! GOBIN="$work" GOFLAGS="${GOFLAGS:-} -trimpath" go install "$MODULE@v$VERSION" >&2; then
    rm -rf "$work"
    say "go install $MODULE@v$VERSION failed (see above)"
    exit 4
  fi
  mkdir -p "$(dirname "$BIN")"
  mv "$work/server" "$BIN.tmp"
  mv "$BIN.tmp" "$BIN"
  rm -rf "$work"
  say "built $("$BIN" --version 2>/dev/null || echo "$BIN")"
  echo "$BIN"
}

start_server() {
  local webhook="http://127.0.0.1:3000/api/livekit/webhook" port=7880
  while [ $# -gt 0 ]; do
    case "$1" in
      --webhook) webhook="$2"; shift 2 ;;
      --port) port="$2"; shift 2 ;;
      *) say "unknown option $1"; exit 2 ;;
    esac
  done
  install_server >/dev/null
  say "dev mode on ws://127.0.0.1:$port (API key devkey, secret secret), webhooks to $webhook"
  say "Rakor: LIVEKIT_URL=ws://127.0.0.1:$port LIVEKIT_API_KEY=devkey LIVEKIT_API_SECRET=secret npm start"
  # Dev mode: placeholder keys, loopback only, loopback ICE candidates. Never for a real meeting.
  exec "$BIN" --dev --config-body "port: $port
bind_addresses: [127.0.0.1]
rtc:
  tcp_port: $((port + 1))
  udp_port: $((port + 2))
  use_external_ip: false
  node_ip: 127.0.0.1
  enable_loopback_candidate: true
keys:
  devkey: secret
webhook:
  api_key: devkey
  urls: [$webhook]
logging:
  level: info"
}

case "${1:-}" in
  install) install_server ;;
  path)
    if [ -x "$BIN" ]; then echo "$BIN"; else exit 1; fi
    ;;
  start) shift; start_server "$@" ;;
  *)
    say "usage: bash scripts/livekit-server.sh install | path | start [--webhook URL] [--port N]"
    exit 2
    ;;
esac
