#!/usr/bin/env bash
# Stop anything still listening on the Bookshelf server and client ports.
set -uo pipefail

for port in 8000 5173; do
  pids="$(lsof -ti tcp:"$port" 2>/dev/null || true)"
  if [[ -n "$pids" ]]; then
    echo "Stopping processes on port $port: $pids"
    kill $pids 2>/dev/null || true
  else
    echo "Nothing running on port $port"
  fi
done
