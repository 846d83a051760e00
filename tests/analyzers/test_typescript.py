from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from textwrap import dedent

import pytest

from analyzers.model import (CallSite, ClientCall, Diagnostic, DomRef, ImportFact, Symbol,
                             Wrapper)
from analyzers.model import TestCase as Case
from analyzers.typescript import analyze

ROOT = Path(__file__).resolve().parents[2]

STARTER_CLIENT = """\
    import type { FileUploadResponse, SchemaResponse } from './types';

    const API_BASE_URL = '/api';

    /** Send one request to the backend.
     * Throws on a non-2xx answer. */
    async function apiRequest<T>(endpoint: string, options: RequestInit = {}): Promise<T> {
      const url = `${API_BASE_URL}${endpoint}`;
      const response = await fetch(url, {
        ...options,
        headers: { 'Content-Type': 'application/json', ...options.headers },
      });
      if (!response.ok) {
        throw new Error(`Request failed: ${response.statusText}`);
      }
      return response.json();
    }

    export const api = {
      async uploadFile(file: File) {
        const formData = new FormData();
        formData.append('file', file);
        return apiRequest<FileUploadResponse>('/upload', { method: 'POST', body: formData });
      },
      async getSchema() {
        return apiRequest<SchemaResponse>('/schema');
      },
      async deleteTable(name: string) {
        return apiRequest(`/table/${name}`, {method: 'DELETE'});
      },
      query: async (sql: string) => apiRequest('/query?limit=10', { method: 'post', body: sql }),
    };
"""


def facts(src: str, path: str = "app/client/src/api.ts"):
    return analyze(path, dedent(src))


def test_starter_client_calls_through_wrapper_with_local_url():
    got = facts(STARTER_CLIENT)
    assert got.client_calls == (
        ClientCall("POST", "/api/upload", "apiRequest", "api.uploadFile", 23),
        ClientCall("GET", "/api/schema", "apiRequest", "api.getSchema", 26),
        ClientCall("DELETE", "/api/table/{}", "apiRequest", "api.deleteTable", 29),
        ClientCall("POST", "/api/query", "apiRequest", "api.query", 31),
    )
    assert got.wrappers[0] == Wrapper("apiRequest", 0, "/api", "GET", 7)
    assert got.constants == (("API_BASE_URL", "/api"),)
    assert got.call_sites == ()


def test_starter_client_symbols_and_docs():
    got = facts(STARTER_CLIENT)
    assert got.symbols == (
        Symbol("API_BASE_URL", "const", 3, "", exported=False),
        Symbol("apiRequest", "function", 7, "Send one request to the backend.", exported=False),
        Symbol("api", "const", 19, "", exported=True),
        Symbol("api.uploadFile", "function", 20, "", exported=True),
        Symbol("api.getSchema", "function", 25, "", exported=True),
        Symbol("api.deleteTable", "function", 28, "", exported=True),
        Symbol("api.query", "function", 31, "", exported=True),
    )
    assert got.language == "typescript" and got.diagnostics == ()
    assert "Request failed:" in got.strings and "apiRequest" in got.identifiers


@pytest.mark.parametrize(("src", "expected"), [
    pytest.param("import React, { useState, useEffect as ue } from 'react';\n",
                 (ImportFact("react", ("default as React", "useEffect as ue", "useState"), 1),), id="default and named"),
    pytest.param("import * as api from '../api/client';\n",
                 (ImportFact("../api/client", ("* as api",), 1),), id="namespace"),
    pytest.param("import type { Row } from './types';\n", (ImportFact("./types", ("Row",), 1),), id="type only"),
    pytest.param("import './style.css';\n", (ImportFact("./style.css", (), 1),), id="side effect"),
    pytest.param("export { a, b as c } from './m';\nexport * from './all';\nexport * as ns from './ns';\n",
                 (ImportFact("./m", ("a", "b as c"), 1), ImportFact("./all", ("*",), 2),
                  ImportFact("./ns", ("* as ns",), 3)), id="re-exports"),
    pytest.param("const Page = lazy(() => import('./pages/Page'));\n",
                 (ImportFact("./pages/Page", (), 1),), id="dynamic import"),
    pytest.param("async function f() {\n  const mod = await import(`./mod`);\n}\n",
                 (ImportFact("./mod", ("* as mod",), 2),), id="dynamic import bound"),
    pytest.param("const fs = require('fs');\nconst { join, resolve: r } = require('path');\nrequire('./side');\n",
                 (ImportFact("fs", ("* as fs",), 1), ImportFact("path", ("join", "resolve as r"), 2),
                  ImportFact("./side", (), 3)), id="require"),
    pytest.param("import fs = require('fs');\n", (ImportFact("fs", ("* as fs",), 1),), id="ts import require"),
])
def test_imports(src, expected):
    assert facts(src).imports == expected


def test_css_imports_are_stylesheets():
    got = facts("import './index.css';\nimport styles from './App.module.scss';\nimport x from './x';\n",
                "src/main.tsx")
    assert got.stylesheets == ("./index.css", "./App.module.scss")


@pytest.mark.parametrize(("src", "expected"), [
    pytest.param("fetch('/api/items/');\n", ("GET", "/api/items"), id="trailing slash"),
    pytest.param("fetch('/');\n", ("GET", "/"), id="root kept"),
    pytest.param("fetch(`/api/items/${id}/tags?limit=${n}`);\n", ("GET", "/api/items/{}/tags"), id="holes and query"),
    pytest.param("fetch('/api/table/' + name, {method: 'delete'});\n", ("DELETE", "/api/table/{}"),
                 id="concatenation"),
    pytest.param("fetch(`${API_BASE_URL}/query`, { method: 'POST' });\n", ("POST", "{API_BASE_URL}/query"),
                 id="unknown leading constant kept"),
    pytest.param("const API_BASE_URL = '/api';\nfetch(`${API_BASE_URL}/query`);\n", ("GET", "/api/query"),
                 id="same-file constant"),
    pytest.param("const BASE = import.meta.env.VITE_API_URL || '/api';\nfetch(BASE + '/health');\n",
                 ("GET", "/api/health"), id="env fallback constant"),
    pytest.param("const V = `/v2`;\nconst BASE = `/api${V}`;\nfetch(`${BASE}/x#frag`);\n", ("GET", "/api/v2/x"),
                 id="template constant of constant"),
    pytest.param("window.fetch(q ? `/api/s?q=${q}` : '/api/s');\n", ("GET", "/api/s"), id="ternary url"),
    pytest.param("axios.get('/api/users');\n", ("GET", "/api/users"), id="axios get"),
    pytest.param("axios.post(`/api/users/${id}/roles`, body);\n", ("POST", "/api/users/{}/roles"), id="axios post"),
    pytest.param("axios({ url: '/api/conf', method: 'put' });\n", ("PUT", "/api/conf"), id="axios config"),
    pytest.param("const http = axios.create({ baseURL: '/api' });\nhttp.delete('/rows/1');\n",
                 ("DELETE", "/api/rows/1"), id="axios instance"),
    pytest.param("const f = (o) => (o.client ?? client).delete<R, E>({ responseType: 'json', url: '/api/v1/items/{id}',"
                 " ...o });\n", ("DELETE", "/api/v1/items/{id}"), id="generated client: verb and options"),
    pytest.param("__request(OpenAPI, { method: 'POST', url: '/api/v1/items/', body: data });\n",
                 ("POST", "/api/v1/items"), id="generated client: request helper with options"),
    pytest.param("$.ajax({ url: '/api/things', method: 'PATCH' });\n", ("PATCH", "/api/things"), id="ajax options"),
    pytest.param("fetch(`${API_BASE_URL}${ITEMS_PATH}/${id}`);\n", ("GET", "{API_BASE_URL}{ITEMS_PATH}/{}"),
                 id="two leading names kept for the graph stage"),
    pytest.param("const BASE = '/api';\nexport const API_ENDPOINTS = { LIST: `${BASE}/items`, label: 'Items' } as const;\n"
                 "fetch(API_ENDPOINTS.LIST);\n", ("GET", "/api/items"), id="an object constant's path in the file"),
    pytest.param("fetch(ENDPOINTS.items, { method: 'POST' });\n", ("POST", "{ENDPOINTS.items}"),
                 id="an imported object constant kept for the graph stage"),
    pytest.param("fetch(`/api/jobs/${job.id}`);\n", ("GET", "/api/jobs/{}"), id="a value's property is a hole"),
    pytest.param("fetch(`/api/items${buildQuery(filters)}`);\n", ("GET", "/api/items"),
                 id="a query string glued on by a helper"),
    pytest.param("fetch(`/api/report.${ext}`);\n", ("GET", "/api/report.{}"), id="a hole after a dot stays"),
    pytest.param("const send = async (url: string, init: RequestInit) => fetch(url, init);\n"
                 "send(`${API_BASE_URL}${SEARCH_PATH}`, { method: 'POST' });\n", ("POST", "{API_BASE_URL}{SEARCH_PATH}"),
                 id="a wrapper in the file called with two names"),
])
def test_request_urls(src, expected):
    calls = facts(src).client_calls
    assert [(c.method, c.url) for c in calls] == [expected]


@pytest.mark.parametrize("src", [
    pytest.param("router.push({ url: '/settings' });\n", id="navigation: no method"),
    pytest.param("track({ url: '/api/x' }, 'GET');\n", id="a method outside the options is not read"),
])
def test_options_objects_that_are_not_requests(src):
    assert facts(src).client_calls == ()


def test_request_method_alternatives_and_enclosing_function():
    got = facts("""\
        export async function setFavorite(id: string, on: boolean) {
          return fetch(`/api/favorites/${id}`, { method: on ? 'PUT' : 'DELETE' });
        }
    """)
    assert got.client_calls == (ClientCall("PUT", "/api/favorites/{}", "fetch", "setFavorite", 2),
                                ClientCall("DELETE", "/api/favorites/{}", "fetch", "setFavorite", 2))


def test_wrappers_chain_methods_and_class_this_calls():
    got = facts("""\
        const BASE = '/api/v1';
        async function request(path, options) { return fetch(BASE + path, options); }
        const get = (path) => request(path);
        async function send(method, route) { return fetch(`${BASE}/${route}`, { method }); }
        class Client {
          async call(endpoint) { return fetch(`${ROOT}${endpoint}`); }
          list() { return this.call('/list'); }
        }
        export function load() {
          get('/items?x=1');
          request('/items', { method: 'POST' });
          send('PATCH', 'items/' + 3);
        }
    """, "static/app.js")
    assert got.language == "javascript"
    assert got.wrappers == (
        Wrapper("request", 0, "/api/v1", "GET", 2),
        Wrapper("get", 0, "/api/v1", "GET", 3),
        Wrapper("send", 1, "/api/v1/", "GET", 4),
        Wrapper("Client.call", 0, "{ROOT}", "GET", 6),
    )
    assert got.client_calls == (
        ClientCall("GET", "{ROOT}/list", "Client.call", "Client.list", 7),
        ClientCall("GET", "/api/v1/items", "get", "load", 10),
        ClientCall("POST", "/api/v1/items", "request", "load", 11),
        ClientCall("PATCH", "/api/v1/items/{}", "send", "load", 12),
    )


def test_object_constants_keep_only_url_paths():
    got = facts("""\
        const BASE = '/api';
        export const API_ENDPOINTS = { LIST: `${BASE}/items`, 'ONE': `${BASE}/items/one`, TITLE: 'Items', n: 3 };
        let ROUTES = { LIST: '/x' };
    """)
    assert got.constants == (("API_ENDPOINTS.LIST", "/api/items"), ("API_ENDPOINTS.ONE", "/api/items/one"),
                             ("BASE", "/api"))


def test_a_base_url_chosen_by_environment_is_known_when_both_choices_name_one_path():
    got = facts("""\
        const API_BASE_URL = import.meta.env.DEV
          ? '/api'  // the dev proxy
          : import.meta.env.VITE_API_URL || 'http://localhost:8000/api/';
        const ROOT = PROD ? '' : 'http://localhost:8000';
        const MIXED = DEV ? '/api' : '/v2';
        const DEPLOYED = PROD ? 'https://api.example.com/v1' : '/v1';
        const ELSEWHERE = PROD ? 'https://a.example.com/v1' : 'https://b.example.com/v1';
        export async function health() { return fetch(`${API_BASE_URL}/health`); }
    """)
    # A deployed host named first still calls the app's own routes; two remote hosts are another service.
    assert got.constants == (("API_BASE_URL", "/api"), ("DEPLOYED", "/v1"), ("ELSEWHERE", "https://a.example.com/v1"),
                             ("ROOT", ""))
    assert [(c.method, c.url) for c in got.client_calls] == [("GET", "/api/health")]


def test_methods_of_objects_nested_in_an_api_object_are_named_by_their_path():
    got = facts("""\
        export const api = {
          async health() { return fetch('/api/health'); },
          auth: {
            login: (body: Login) => fetch('/api/auth/login', { method: 'POST', body: JSON.stringify(body) }),
            admin: { users: { async list() { return fetch('/api/admin/users'); } } },
          },
          limits: { retries: 3 },
        };
    """)
    assert [s.name for s in got.symbols] == ["api", "api.health", "api.auth.login", "api.auth.admin.users.list"]
    assert [(c.function, c.url) for c in got.client_calls] == [
        ("api.health", "/api/health"), ("api.auth.login", "/api/auth/login"),
        ("api.auth.admin.users.list", "/api/admin/users")]


def test_call_sites_are_calls_to_names_from_elsewhere():
    got = facts("""\
        import { api } from './api';
        import request from './http';
        export function Panel() {
          const navigate = useNavigate();
          navigate('/home');
          api.uploadFile(file);
          api.query('/query', { method: 'POST' });
          request(`/items/${id}`);
          console.log('/not/a/call');
          fetchWithTimeout(`${API_BASE_URL}/items`, { method: 'DELETE' }, 5000);
          request(`${path}`);
          request(`${API_BASE_URL}${ITEMS_PATH}/${id}`);
          request(API_ENDPOINTS.ITEMS, { method: 'PUT' });
          cancelJob(result.job_id);
        }
    """)
    assert got.call_sites == (
        CallSite("api.query", "/query", "POST", "Panel", 7),
        CallSite("request", "/items/{}", "", "Panel", 8),
        CallSite("fetchWithTimeout", "{API_BASE_URL}/items", "DELETE", "Panel", 10),
        CallSite("request", "{API_BASE_URL}{ITEMS_PATH}/{}", "", "Panel", 12),
        CallSite("request", "{API_ENDPOINTS.ITEMS}", "PUT", "Panel", 13),
    )
    assert got.client_calls == ()
    # Every other call of a name from elsewhere, once per callee: what the file may reach through it.
    assert [(u.callee, u.function, u.line) for u in got.uses] == [
        ("useNavigate", "Panel", 4), ("api.uploadFile", "Panel", 6), ("request", "Panel", 11),
        ("cancelJob", "Panel", 14)]


def test_calls_on_an_injected_service_are_calls_of_its_class():
    got = facts("""\
        import { TaskService } from './task.service';
        import { Store } from './store';
        import { Logger } from './logger';
        export class TaskListComponent {
          private readonly store = inject(Store);
          logger: Logger;
          constructor(private tasks: TaskService, plain: TaskService) {}
          load() {
            this.tasks.getTasks();
            this.store.select('tasks');
            this.logger.info('loaded');
            this.render();
            this.tasks.getTasks();
          }
          render() {}
        }
        class Helper {
          constructor(public tasks: Store) {}
        }
    """, "app/client/src/app/task-list.component.ts")
    # `tasks` holds a TaskService in one class and a Store in another: which one is called is not known.
    assert [(u.callee, u.function, u.line) for u in got.uses] == [
        ("inject", "", 5), ("Store.select", "TaskListComponent.load", 10), ("Logger.info", "TaskListComponent.load", 11)]


def test_dom_lookups():
    got = facts("""\
        const out = document.getElementById('output');
        document.querySelector('#results .row')!.classList.add('visible', 'big');
        $('#menu').hide();
        out.className = 'panel wide';
        out.innerHTML = `<li class="item ${cls}" id="row">${text}</li>`;
    """, "src/main.ts")
    assert got.dom == (
        DomRef("output", "id-used", 1),
        DomRef("big", "class-used", 2),
        DomRef("row", "class-used", 2),
        DomRef("visible", "class-used", 2),
        DomRef("results", "id-used", 2),
        DomRef("menu", "id-used", 3),
        DomRef("panel", "class-used", 4),
        DomRef("wide", "class-used", 4),
        DomRef("item", "class-defined", 5),
        DomRef("row", "id-defined", 5),
    )


def test_tsx_component_jsx_dom_and_text():
    got = facts("""\
        import { useState } from 'react';

        /** Upload panel. */
        export default function UploadPanel({ title }: { title?: string }) {
          const [busy, setBusy] = useState(false);
          return (
            <section id="upload" className="panel card">
              <h2 className={`title ${busy ? 'busy' : ''}`}>{title ?? 'Upload a CSV file'}</h2>
              <button aria-label="Start upload" onClick={() => setBusy(true)}>Start upload</button>
            </section>
          );
        }
        const Badge = ({ n }: { n: number }) => <span className="badge">{n}</span>;
        export const Memo = memo(() => <Badge n={1} />);
        function helper() { return 1; }
    """, "app/client/src/UploadPanel.tsx")
    assert got.symbols == (
        Symbol("UploadPanel", "component", 4, "Upload panel.", exported=True),
        Symbol("Badge", "component", 13, "", exported=False),
        Symbol("Memo", "component", 14, "", exported=True),
        Symbol("helper", "function", 15, "", exported=False),
    )
    assert got.dom == (
        DomRef("card", "class-defined", 7),
        DomRef("panel", "class-defined", 7),
        DomRef("upload", "id-defined", 7),
        DomRef("title", "class-defined", 8),
        DomRef("badge", "class-defined", 13),
    )
    assert {"Start upload", "Upload a CSV file"} <= set(got.strings)
    assert "panel card" not in got.strings
    assert {"UploadPanel", "section", "setBusy", "onClick"} <= set(got.identifiers)


def test_typescript_syntax_esprima_rejects():
    got = facts("""\
        interface Row { id: number; name?: string }
        type Mode = 'a' | 'b';
        enum Color { Red, Green }
        export const BASE = import.meta.env.VITE_API ?? '/api';
        const cfg = { retries: 3 } satisfies Config;
        export class Store<T extends Row> {
          #items: T[] = [];
          static count = 0;
          add = (item: T): void => { this.#items.push(item); };
          async save(): Promise<void> { await fetch(`${BASE}/rows`, { method: 'PUT' }); }
          first(): string { return this.#items[0]?.name ?? ''; }
        }
    """)
    assert got.diagnostics == ()
    assert got.constants == (("BASE", "/api"),)
    assert [(s.name, s.kind) for s in got.symbols] == [
        ("Row", "interface"), ("Mode", "type"), ("Color", "enum"), ("BASE", "const"), ("cfg", "const"),
        ("Store", "class"), ("Store.add", "function"), ("Store.save", "function"), ("Store.first", "function")]
    assert got.client_calls == (ClientCall("PUT", "/api/rows", "fetch", "Store.save", 10),)


def test_test_titles():
    got = facts("""\
        describe('RecipeCard', () => {
          it('renders the title', () => {});
          test.only(`calls ${'back'} on click`, async () => {});
        });
    """, "src/RecipeCard.test.jsx")
    assert got.tests == (Case("renders the title", 2), Case("calls back on click", 3))


def test_commonjs_exports_mark_symbols():
    got = facts("function a() {}\nfunction b() {}\nmodule.exports = { a };\n", "lib/x.cjs")
    assert [(s.name, s.exported) for s in got.symbols] == [("a", True), ("b", False)]


@pytest.mark.parametrize(("path", "src"), [
    pytest.param("src/empty.ts", "", id="empty"),
    pytest.param("src/only_comment.js", "// nothing here\n", id="comment only"),
    pytest.param("src/plain.ts", "x += 2;\nfetch(makeUrl());\nlog('/x');\n", id="no facts"),
    pytest.param("src/nav.tsx", "const go = useNavigate();\ngo('/home');\n", id="local callee is no call site"),
])
def test_inputs_that_yield_nothing(path, src):
    got = analyze(path, src)
    assert (got.imports, got.client_calls, got.wrappers, got.dom, got.tests, got.diagnostics) == \
        ((), (), (), (), (), ())
    assert got.call_sites == ((CallSite("log", "/x", "", "", 3),) if "log" in src else ())


def test_syntax_error_gives_diagnostic_and_partial_facts():
    got = facts("""\
        import { api } from './api';
        export function ok() { return fetch('/api/ok'); }
        function broken( {
    """)
    assert got.diagnostics and got.diagnostics[0].path == "app/client/src/api.ts"
    assert got.diagnostics[0].message.startswith("syntax error near line ")
    assert got.diagnostics[0].message.endswith("; facts may be partial")
    assert got.imports == (ImportFact("./api", ("api",), 1),)


@pytest.mark.parametrize("src", [
    pytest.param("x = " + "(" * 5000 + "1" + ")" * 5000 + ";\n", id="nested parens"),
    pytest.param("x = " + "[" * 5000 + "]" * 5000 + ";\n", id="nested arrays"),
    pytest.param("f(" * 3000 + ")" * 3000 + ";\n", id="nested calls"),
    pytest.param("fetch(" + " + ".join(["'/a'"] * 3000) + ");\n", id="long concatenation"),
])
def test_deep_nesting_never_raises(src):
    got = analyze("src/deep.js", src)
    assert got.path == "src/deep.js"
    assert all(d.message.startswith(("syntax error", "could not parse")) for d in got.diagnostics)


def test_long_concatenation_is_read_without_recursion():
    got = analyze("src/deep.js", "fetch(" + " + ".join(["'/a'"] * 3000) + ");\n")
    assert got.client_calls[0].url == "/a" * 3000


def test_unexpected_error_becomes_diagnostic(monkeypatch):
    import analyzers.typescript

    def boom(*_args):
        raise RecursionError

    monkeypatch.setattr(analyzers.typescript, "read_top_level", boom)
    got = analyze("src/x.ts", "const a = 1;\n")
    assert got.diagnostics == (Diagnostic("src/x.ts", "could not parse: RecursionError"),)


def test_output_is_identical_under_different_hash_seeds():
    script = ("import sys; from analyzers.typescript import analyze; "
              "print(repr(analyze('a.tsx', sys.stdin.read())))")
    source = dedent(STARTER_CLIENT) + "const A = () => <div className='b a c' id='x'>Hi there</div>;\n"
    outputs = {subprocess.run([sys.executable, "-c", script], input=source, capture_output=True, text=True,
                              env={"PYTHONHASHSEED": seed}, cwd=ROOT, check=True).stdout
               for seed in ("1", "2")}
    assert len(outputs) == 1


def test_importing_the_analyzer_does_not_load_tree_sitter():
    script = "import sys, analyzers.typescript; print('tree_sitter' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT,
                         check=True).stdout
    assert out.strip() == "False"


def test_angular_http_client_calls_are_client_calls():
    got = facts("""\
        export class TaskService {
          private apiUrl = '/api';
          constructor(private http: HttpClient) {}
          getTasks() { return this.http.get<Task[]>(`${this.apiUrl}/tasks`); }
          deleteTask(id: number) { return this.http.delete(`${this.apiUrl}/tasks/${id}`); }
        }
        """)
    assert [(c.method, c.url, c.function) for c in got.client_calls] == [
        ("GET", "{}/tasks", "TaskService.getTasks"), ("DELETE", "{}/tasks/{}", "TaskService.deleteTask")]


def test_websocket_and_event_source_connections_are_client_calls():
    got = facts("""\
        const WS_BASE = 'ws://localhost:8000';
        export function connectFeed() { return new WebSocket(`${WS_BASE}/ws/feed`); }
        export function progress(id: string) { return new EventSource(`/api/jobs/${id}/events`); }
        function openSocket(path: string) { return new window.WebSocket(`${WS_BASE}${path}`); }
        export const live = () => openSocket('/ws/live');
        const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
        export const status = () => new WebSocket(`${scheme}//${window.location.host}/ws/status`);
        export const cache = new Map([['/api/x', 1]]);
        export const worker = new Worker('/workers/sync.js');
        export const bare = () => new WebSocket();
        """)
    assert [(c.method, c.url, c.via, c.function) for c in got.client_calls] == [
        ("WEBSOCKET", "ws://localhost:8000/ws/feed", "WebSocket", "connectFeed"),
        ("GET", "/api/jobs/{}/events", "EventSource", "progress"),
        ("WEBSOCKET", "ws://localhost:8000/ws/live", "openSocket", "live"),
        ("WEBSOCKET", "/ws/status", "WebSocket", "status")]
    assert [w.name for w in got.wrappers] == ["progress", "openSocket"]


@pytest.mark.parametrize(("path", "src"), [
    pytest.param("app/client/src/Panel.tsx",
                 "type Both = A & B;\nexport function Panel() {\n  return <h2 className=\"title\">Data & Structure</h2>;\n}\n",
                 id="bare ampersand in JSX text (tree-sitter-javascript#366)"),
    pytest.param("app/client/src/index.ts", "export type * from './types';\nexport * from './Panel';\n",
                 id="TypeScript 5 export type star"),
])
def test_valid_code_the_grammar_rejects_is_read_whole(path, src):
    facts = analyze(path, src)
    assert facts.diagnostics == ()
    assert facts.symbols or facts.imports
    if path.endswith("index.ts"):
        assert [i.module for i in facts.imports] == ["./types", "./Panel"]
    else:
        assert [s.name for s in facts.symbols] == ["Both", "Panel"]
        assert DomRef("title", "class-defined", 3) in facts.dom


def test_code_that_is_really_broken_still_says_so():
    facts = analyze("app/client/src/Broken.tsx", "const a = <p>A & B</p>;\nconst b = c &&& d;\n")
    assert facts.diagnostics and "syntax error near line" in facts.diagnostics[0].message


def test_an_id_cut_short_by_a_template_placeholder_is_no_element():
    got = facts("""\
        export function Params({ keys }) {
          return <ul id="param-list">{keys.map(key => <li id={`param-${key}`} key={key}>{key}</li>)}</ul>;
        }
    """, "app/client/src/Params.jsx")
    assert [r.name for r in got.dom if r.kind.startswith("id")] == ["param-list"]
