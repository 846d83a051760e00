#!/usr/bin/env python3
"""Write a deterministic synthetic full-stack repo (FastAPI server + Vite/TypeScript client) for speed runs.

  python3 synth.py OUT [--modules N] [--seed S]

The app is a field-research station tracker. N Python modules live in app/server/core/<pkg>/, each
with Pydantic models and functions and imports of earlier modules; one APIRouter per package in
app/server/routers/<pkg>.py; one test per module; N TypeScript modules in app/client/src/<pkg>/
that import earlier ones and call the package's routes through `apiRequest`. `--modules 2000`
gives about 6,000 files, `--modules 20` a starter-sized app of about 80. Standard library only.
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from synth_files import STATIC_FILES  # noqa: E402  (sibling module; this folder is not a package)

NOUNS = ("sample specimen station sensor reading survey transect plot species observer permit "
         "expedition logbook gauge soil net trap batch freezer assay drone quadrat burrow "
         "nest sighting tide").split()
VERBS = ("calibrate catalogue measure tally reconcile forecast validate index annotate merge "
         "classify schedule dispatch summarise rotate archive").split()
QUALIFIERS = ("", "field", "lab", "remote", "archive")
PY_FIELDS = (("label", "str"), ("depth_cm", "float"), ("count", "int"), ("site_code", "str"),
             ("verified", "bool"), ("notes", "str | None"), ("altitude_m", "float"), ("grade", "int"))
TS_TYPES = {"str": "string", "float": "number", "int": "number", "bool": "boolean", "str | None": "string | null"}
MARKER = ".synthetic-repo"


def camel(words: str) -> str:
    head, *rest = words.split("_")
    return head + "".join(w.title() for w in rest)


def plural(noun: str) -> str:
    return noun if noun.endswith("s") else noun + ("es" if noun.endswith(("ch", "sh")) else "s")


def package_names(count: int) -> list[str]:
    names = []
    for k in range(count):
        qual, noun = QUALIFIERS[(k // len(NOUNS)) % len(QUALIFIERS)], plural(NOUNS[k % len(NOUNS)])
        names.append(f"{qual}_{noun}" if qual else noun)
    return names


class Module:
    """One synthetic unit: a Python module, its test and its TypeScript twin."""

    def __init__(self, rng: random.Random, pkg: str, index: int) -> None:
        self.pkg, self.index = pkg, index
        self.noun, self.verb = rng.choice(NOUNS), rng.choice(VERBS)
        self.name = f"{self.noun}_{self.verb}_{index}"
        self.model = f"{self.noun.title()}{self.verb.title()}{index}"
        self.func = f"{self.verb}_{self.noun}_{index}"
        self.fields = rng.sample(PY_FIELDS, rng.randint(3, 6))
        self.helpers = rng.randint(3, 7)
        self.segment = self.name.replace("_", "-")


def py_module(rng: random.Random, m: Module, deps: list[Module]) -> str:
    out = [f'"""{m.verb.title()} {m.noun} records for the {m.pkg.replace("_", " ")} desk."""',
           "from __future__ import annotations", "", "from datetime import datetime", "",
           "from pydantic import BaseModel, Field", ""]
    out += [f"from core.{d.pkg}.{d.name} import {d.model}, {d.func}" for d in deps]
    weights = ", ".join(f'"{w}": {rng.randint(1, 9)}' for w in rng.sample(NOUNS, 3))
    out += ["", f"{m.noun.upper()}_WEIGHTS = {{{weights}}}", "", "",
            f"class {m.model}(BaseModel):", f'    """One {m.noun} entry after it was {m.verb}d."""', "",
            "    id: int"]
    out += [f"    {name}: {kind}" for name, kind in m.fields]
    out += ["    created_at: datetime = Field(default_factory=datetime.utcnow)", "", "",
            f"class {m.model}Request(BaseModel):"]
    out += [f"    {name}: {kind}" for name, kind in m.fields[:3]]
    out += ["", "", f"def {m.func}(values: list[float], limit: int = {rng.randint(5, 50)}) -> list[float]:",
            f'    """{m.verb.title()} raw {m.noun} values, keeping at most `limit`."""',
            "    kept = [v for v in values if v >= 0]"]
    out += [f"    kept = {d.func}(kept, limit)" for d in deps[:2]]
    out += ["    return sorted(kept)[:limit]", "", "",
            f"def build_{m.noun}_{m.index}(payload: {m.model}Request, next_id: int) -> {m.model}:",
            "    return " + f"{m.model}(id=next_id, **payload.model_dump())"]
    for k in range(m.helpers):
        word = rng.choice(NOUNS)
        out += ["", "", f"def _{word}_{m.verb}_step_{k}(rows: list[{m.model}], factor: float) -> float:",
                f'    """Weighted {word} total for step {k}."""', "    total = 0.0", "    for row in rows:",
                f"        total += row.id * factor * {m.noun.upper()}_WEIGHTS.get(\"{word}\", 1)",
                f"        if total > {rng.randint(100, 5000)}:", "            break", "    return total"]
    return "\n".join(out) + "\n"


def py_test(m: Module) -> str:
    return "\n".join([f"from core.{m.pkg}.{m.name} import {m.model}Request, build_{m.noun}_{m.index}, {m.func}",
                      "", "", f"def test_{m.func}_drops_negative_values():",
                      f"    assert all(v >= 0 for v in {m.func}([3.0, -1.0, 2.0]))", "", "",
                      f"def test_build_{m.noun}_{m.index}_keeps_id():",
                      f"    request = {m.model}Request.model_construct()",
                      f"    assert build_{m.noun}_{m.index}.__name__ and request is not None", ""])


def router_module(pkg: str, mods: list[Module]) -> str:
    shown = mods[:6]
    out = [f'"""HTTP routes for {pkg.replace("_", " ")}."""', "from fastapi import APIRouter, HTTPException", ""]
    out += [f"from core.{pkg}.{m.name} import {m.model}, {m.model}Request, build_{m.noun}_{m.index}, {m.func}"
            for m in shown]
    out += ["", f'router = APIRouter(prefix="/{pkg.replace("_", "-")}", tags=["{pkg}"])', ""]
    for m in shown:
        store = f"_{m.name.upper()}"
        out += [f"{store}: dict[int, {m.model}] = {{}}", "", "",
                f'@router.get("/{m.segment}")', f"async def list_{m.name}() -> list[{m.model}]:",
                f"    return list({store}.values())", "", "",
                f'@router.get("/{m.segment}/{{item_id}}")', f"async def get_{m.name}(item_id: int) -> {m.model}:",
                f"    if item_id not in {store}:",
                f'        raise HTTPException(status_code=404, detail="{m.noun} not found")',
                f"    return {store}[item_id]", "", "",
                f'@router.post("/{m.segment}")',
                f"async def create_{m.name}(payload: {m.model}Request) -> {m.model}:",
                f"    item = build_{m.noun}_{m.index}(payload, len({store}) + 1)", f"    {store}[item.id] = item",
                "    return item", "", "",
                f'@router.delete("/{m.segment}/{{item_id}}")',
                f"async def delete_{m.name}(item_id: int) -> dict[str, bool]:",
                f"    return {{\"deleted\": {store}.pop(item_id, None) is not None and bool({m.func}([1.0]))}}", "", ""]
    return "\n".join(out).rstrip() + "\n"


def ts_module(rng: random.Random, m: Module, deps: list[Module], routes: list[Module]) -> str:
    route = rng.choice(routes)
    base = f"/{m.pkg.replace('_', '-')}/{route.segment}"
    iface, fmt = m.model, f"format{m.model}"
    out = ["import { apiRequest } from '../api/client';"]
    for d in deps:
        where = f"./{d.name}" if d.pkg == m.pkg else f"../{d.pkg}/{d.name}"
        out.append(f"import {{ format{d.model}, type {d.model} }} from '{where}';")
    out += ["", f"export interface {iface} {{", "  id: number;"]
    out += [f"  {camel(name)}: {TS_TYPES[kind]};" for name, kind in m.fields]
    out += ["}", "", f"export function {fmt}(row: {iface}): string {{",
            f"  return `{m.noun} #${{row.id}}`;", "}", "",
            f"export async function load{iface}(id: number): Promise<{iface}> {{",
            f"  return apiRequest<{iface}>(`{base}/${{id}}`);", "}", "",
            f"export async function save{iface}(payload: Partial<{iface}>): Promise<{iface}> {{",
            f"  return apiRequest<{iface}>('{base}', {{ method: 'POST', body: JSON.stringify(payload) }});", "}", "",
            f"export function render{iface}(container: HTMLElement, rows: {iface}[]): void {{",
            "  const list = document.createElement('ul');", f"  list.className = '{m.noun}-{m.verb}-list';",
            "  for (const row of rows) {", "    const item = document.createElement('li');",
            f"    item.textContent = {fmt}(row);", "    list.appendChild(item);", "  }",
            "  container.replaceChildren(list);", "}"]
    for d in deps:
        out += ["", f"export function describe{d.model}For{m.index}(row: {d.model}): string {{",
                f"  return `{m.verb}: ${{format{d.model}(row)}}`;", "}"]
    for k in range(m.helpers):
        out += ["", f"function {m.verb}Step{k}(values: number[], factor = {rng.randint(2, 9)}): number {{",
                "  let total = 0;", "  for (const value of values) {", "    total += value * factor;",
                f"    if (total > {rng.randint(100, 5000)}) break;", "  }", "  return total;", "}"]
    return "\n".join(out) + "\n"


def fixed_files(pkgs: list[str], firsts: list[Module]) -> dict[str, str]:
    """README, server entry, configs, client shell and scripts: the files every app of this shape has."""
    server = ['"""Field station tracker API."""', "from fastapi import FastAPI",
              "from fastapi.middleware.cors import CORSMiddleware", ""]
    server += [f"from routers import {p}" for p in pkgs]
    server += ["", 'app = FastAPI(title="Field Station Tracker")',
               'app.add_middleware(CORSMiddleware, allow_origins=["http://localhost:5173"], allow_methods=["*"], '
               'allow_headers=["*"])', ""]
    server += [f'app.include_router({p}.router, prefix="/api")' for p in pkgs]
    server += ["", "", '@app.get("/api/health")', "async def health() -> dict[str, str]:",
               '    return {"status": "ok"}', "", "", 'if __name__ == "__main__":', "    import uvicorn", "",
               '    uvicorn.run(app, host="0.0.0.0", port=8000)']
    main = ["import { apiRequest } from './api/client';"]
    main += [f"import {{ render{m.model}, load{m.model} }} from './{m.pkg}/{m.name}';" for m in firsts]
    main += ["", "document.addEventListener('DOMContentLoaded', async () => {",
             "  const root = document.getElementById('app');", "  if (!root) return;",
             "  await apiRequest<{ status: string }>('/health');"]
    main += [f"  render{m.model}(root, [await load{m.model}(1)]);" for m in firsts]
    main += ["});"]
    files = dict(STATIC_FILES)
    files["app/server/server.py"] = "\n".join(server) + "\n"
    files["app/client/src/main.ts"] = "\n".join(main) + "\n"
    return files


def write_repo(out_dir: str, modules: int, seed: int) -> int:
    """Write the repo into `out_dir` (replacing an earlier synthetic repo there); return the file count."""
    if os.path.exists(out_dir) and not os.path.isdir(out_dir):
        raise ValueError(f"{out_dir}: is a file; pass a new folder")
    if os.path.isdir(out_dir) and os.listdir(out_dir):
        if not os.path.exists(os.path.join(out_dir, MARKER)):
            raise ValueError(f"{out_dir}: exists and is not a synthetic repo; pass an empty or new folder")
        shutil.rmtree(out_dir)
    rng = random.Random(seed)
    pkgs = package_names(max(2, modules // 40))
    files: dict[str, str] = {MARKER: f"modules={modules} seed={seed}\n"}
    done: list[Module] = []
    firsts: list[Module] = []
    for p, pkg in enumerate(pkgs):
        count = modules // len(pkgs) + (1 if p < modules % len(pkgs) else 0)
        mods = [Module(rng, pkg, len(done) + k) for k in range(count)]
        firsts.append(mods[0])
        files[f"app/server/core/{pkg}/__init__.py"] = ""
        for m in mods:
            py_deps = rng.sample(done[-60:], min(3, len(done)))
            ts_deps = rng.sample(done[-60:], min(2, len(done)))
            files[f"app/server/core/{pkg}/{m.name}.py"] = py_module(rng, m, py_deps)
            files[f"app/server/tests/{pkg}/test_{m.name}.py"] = py_test(m)
            files[f"app/client/src/{pkg}/{m.name}.ts"] = ts_module(rng, m, ts_deps, mods[:6])
            done.append(m)
        files[f"app/server/routers/{pkg}.py"] = router_module(pkg, mods)
        files[f"app/server/tests/test_{pkg}_router.py"] = (
            "from fastapi.testclient import TestClient\n\nfrom server import app\n\n\n"
            f"def test_{pkg}_list_starts_empty():\n    client = TestClient(app)\n"
            f"    response = client.get(\"/api/{pkg.replace('_', '-')}/{mods[0].segment}\")\n"
            "    assert response.status_code == 200\n")
    files.update(fixed_files(pkgs, firsts))
    for rel, text in sorted(files.items()):
        path = os.path.join(out_dir, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
    return len(files) - 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--modules", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    try:
        count = write_repo(args.out, args.modules, args.seed)
    except ValueError as exc:
        print(f"synth.py: {exc}", file=sys.stderr)
        return 2
    print(f"{count} files written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
