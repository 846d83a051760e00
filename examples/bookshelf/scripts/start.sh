#!/usr/bin/env bash
# Start the Bookshelf API server (port 8000) and the Vite client (port 5173).
set -euo pipefail

ROOT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SERVER_PORT=8000
CLIENT_PORT=5173

SERVER_PID=""
CLIENT_PID=""

cleanup() {
  echo ""
  echo "Shutting down Bookshelf..."
  if [[ -n "$CLIENT_PID" ]]; then kill "$CLIENT_PID" 2>/dev/null || true; fi
  if [[ -n "$SERVER_PID" ]]; then kill "$SERVER_PID" 2>/dev/null || true; fi
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

echo "Starting API server on http://localhost:${SERVER_PORT}"
(cd "$ROOT_DIR/app/server" && PORT="$SERVER_PORT" uv run python server.py) &
SERVER_PID=$!

sleep 2

echo "Starting client on http://localhost:${CLIENT_PORT}"
(cd "$ROOT_DIR/app/client" && npm run dev -- --port "$CLIENT_PORT") &
CLIENT_PID=$!

echo "Bookshelf is running. Press Ctrl+C to stop."
wait
