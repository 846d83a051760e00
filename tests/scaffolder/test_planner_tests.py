"""Which existing client tests a plan asks to extend."""
from __future__ import annotations

from pathlib import Path

from analyzers.walk import DEFAULT_SCOPE
from scaffolder.analysis import analyse
from scaffolder.planner import _client_tests

CLIENT = {
    "app/client/package.json": '{"scripts": {"test": "vitest run"}, "devDependencies": {"vitest": "^1.0.0"}}\n',
    "app/client/src/types.ts": "export interface CartLine { sku: string; quantity: number; price: number }\n",
    "app/client/src/cart.ts": "import type { CartLine } from './types';\n"
                              "export function cartTotal(lines: CartLine[]): number {\n"
                              "  return lines.reduce((sum, l) => sum + l.quantity * l.price, 0);\n}\n",
    "app/client/src/cart.test.ts": "import { cartTotal } from './cart';\n"
                                   "test('an empty cart costs nothing', () => expect(cartTotal([])).toBe(0));\n",
    "app/client/src/orders.test.ts": "import type { CartLine } from './types';\n"
                                     "test('a line has a sku', () => { const l: CartLine = {sku: 'a', quantity: 1, price: 2};"
                                     " expect(l.sku).toBe('a'); });\n",
}


def test_a_client_test_that_only_imports_the_types_does_not_cover_them(tmp_path: Path) -> None:
    for path, text in CLIENT.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
    analysis = analyse("Show the cart total", str(tmp_path), DEFAULT_SCOPE)
    assert "types" in analysis.roles("app/client/src/types.ts")
    found = _client_tests(analysis, {"app/client/src/cart.ts", "app/client/src/types.ts"})
    assert [(t.path, t.covers) for t in found] == [("app/client/src/cart.test.ts", ("app/client/src/cart.ts",))]
