"""The files of the synthetic repo that do not depend on its size: README, client shell, configs."""
from __future__ import annotations

README = """# Field Station Tracker

Tracks samples, stations and surveys for field research teams.

## Setup

```bash
cd app/server && uv sync
cd app/client && npm install
```

## Run

```bash
./scripts/start.sh
```

## Test

```bash
cd app/server && uv run pytest
cd app/client && npm run build
```
"""
CLIENT_TS = """const API_BASE_URL = '/api';

export class ApiError extends Error {
  constructor(public status: number, message: string) {
    super(message);
  }
}

export async function apiRequest<T>(endpoint: string, options: RequestInit = {}): Promise<T> {
  const response = await fetch(`${API_BASE_URL}${endpoint}`, {
    ...options,
    headers: { 'Content-Type': 'application/json', ...(options.headers ?? {}) },
  });
  if (!response.ok) {
    throw new ApiError(response.status, await response.text());
  }
  return (await response.json()) as T;
}
"""
STATIC_FILES = {
    "README.md": README,
    "app/client/src/api/client.ts": CLIENT_TS,
    "scripts/start.sh": '#!/bin/bash\nset -e\ncd "$(dirname "$0")/.."\n(cd app/server && uv run python server.py) &\n'
                        "cd app/client && npm run dev\n",
    "app/server/pyproject.toml": '[project]\nname = "field-station-server"\nversion = "0.1.0"\n'
                                 'requires-python = ">=3.11"\n'
                                 'dependencies = ["fastapi>=0.110", "uvicorn>=0.29", "pydantic>=2.6"]\n\n'
                                 '[dependency-groups]\ndev = ["pytest>=8", "httpx>=0.27"]\n',
    "app/server/core/__init__.py": "",
    "app/server/routers/__init__.py": "",
    "app/client/package.json": '{\n  "name": "field-station-client",\n  "private": true,\n  "type": "module",\n'
                               '  "scripts": {"dev": "vite", "build": "tsc && vite build",\n'
                               '              "preview": "vite preview"},\n'
                               '  "devDependencies": {"typescript": "^5.4.0", "vite": "^5.2.0"}\n}\n',
    "app/client/tsconfig.json": '{\n  "compilerOptions": {"target": "ES2020", "module": "ESNext", '
                                '"moduleResolution": "bundler",\n    "strict": true, "lib": ["ES2020", "DOM"]},\n'
                                '  "include": ["src"]\n}\n',
    "app/client/vite.config.ts": "import { defineConfig } from 'vite';\n\nexport default defineConfig({\n"
                                 "  server: { proxy: { '/api': 'http://localhost:8000' } },\n});\n",
    "app/client/index.html": '<!doctype html>\n<html lang="en">\n<head><title>Field Station Tracker</title></head>\n'
                             '<body>\n<div id="app"></div>\n<script type="module" src="/src/main.ts"></script>\n'
                             "</body>\n</html>\n",
}
