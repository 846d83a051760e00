"""The same rules pick the right files in two apps of different styles.

bookshelf: vanilla TypeScript client, routers under app/server/routers with prefixes joined in
server.py. recipes_react: React JSX client with components/ and pages/, routers under
app/server/api/ carrying full prefixes, services/ and models/ packages.
"""
from __future__ import annotations

import os

import pytest

from analyzers.walk import DEFAULT_SCOPE
from scaffolder.analysis import analyse

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BOOKSHELF = os.path.join(ROOT, "examples", "bookshelf")
RECIPES = os.path.join(ROOT, "tests", "fixtures", "recipes_react")

CASES = [
    pytest.param(BOOKSHELF, "Add a button that exports the book list as a CSV file",
                 ["app/server/routers/books.py", "app/client/src/api/client.ts", "app/client/src/main.ts"],
                 ["app/server/tests/core/test_stats.py", "app/client/index.html"], id="bookshelf: export"),
    pytest.param(BOOKSHELF, "Let readers delete a note from a book",
                 ["app/server/routers/notes.py", "app/server/core/notes_store.py", "app/client/src/api/client.ts"],
                 ["app/client/src/ui/stats.ts"], id="bookshelf: delete note"),
    pytest.param(BOOKSHELF, "Show reading statistics as a chart on the stats panel",
                 ["app/client/src/ui/stats.ts", "app/client/src/main.ts", "app/client/package.json"],
                 ["app/server/routers/notes.py"], id="bookshelf: chart"),
    pytest.param(BOOKSHELF, "Give the notes panel a responsive layout with larger spacing",
                 ["app/client/src/style.css", "app/client/src/main.ts"],
                 ["app/server/server.py", "app/server/routers/notes.py"], id="bookshelf: layout polish stays client-side"),
    pytest.param(BOOKSHELF, "Add a dark mode toggle",
                 ["app/client/src/style.css", "app/client/src/main.ts"],
                 ["app/server/server.py", "app/server/core/data_models.py"], id="bookshelf: dark mode is styling"),
    pytest.param(RECIPES, "Export recipes as a CSV download",
                 ["app/server/api/recipes.py", "app/client/src/api/recipes.js"],
                 ["app/client/src/main.jsx"], id="recipes: export"),
    pytest.param(RECIPES, "Let home cooks mark a recipe as favourite from the recipe card",
                 ["app/client/src/components/RecipeCard.jsx", "app/client/src/components/FavoriteButton.jsx"],
                 ["app/client/src/main.jsx", "app/client/src/App.jsx", "app/server/settings.py"],
                 id="recipes: favourite (British spelling)"),
    pytest.param(RECIPES, "Add a search box that filters recipes by ingredient",
                 ["app/client/src/pages/HomePage.jsx", "app/server/services/recipe_service.py"],
                 ["app/client/src/main.jsx", "app/client/src/App.jsx"], id="recipes: search"),
    pytest.param(RECIPES, "Show the meal plan as a weekly calendar page",
                 ["app/client/src/pages/MealPlanPage.jsx", "app/client/src/styles/app.css"],
                 ["app/server/api/favorites.py", "app/client/src/App.jsx"], id="recipes: meal plan page"),
    pytest.param(RECIPES, "Add a REST endpoint that saves the weekly meal plan",
                 ["app/server/main.py", "app/client/src/api/recipes.js", "app/client/src/pages/MealPlanPage.jsx"],
                 ["app/client/src/App.jsx"], id="recipes: an endpoint still brings the page its words name"),
    pytest.param(RECIPES, "Add a Favorites page with a link in the nav bar",
                 ["app/client/src/App.jsx", "app/client/src/styles/app.css"],
                 ["app/client/src/main.jsx"], id="recipes: a new page in the app shell's navigation"),
]


@pytest.mark.parametrize("repo, feature, expected, unexpected", CASES)
def test_chosen_files(repo: str, feature: str, expected: list[str], unexpected: list[str]) -> None:
    chosen = [c.path for c in analyse(feature, repo, DEFAULT_SCOPE).ranking.chosen]
    assert [p for p in expected if p not in chosen] == [], chosen
    assert [p for p in unexpected if p in chosen] == [], chosen


def test_react_bootstrap_is_not_the_main_ui_module() -> None:
    analysis = analyse("anything", RECIPES, DEFAULT_SCOPE)
    assert analysis.roles("app/client/src/main.jsx") == ("client-bootstrap",)
    assert "client-entry" in analysis.roles("app/client/src/App.jsx")


def test_every_chosen_file_carries_a_reason() -> None:
    for choice in analyse("Export recipes as a CSV download", RECIPES, DEFAULT_SCOPE).ranking.chosen:
        assert choice.reasons and choice.reason


def test_html_with_only_a_mount_point_is_a_shell() -> None:
    assert analyse("anything", RECIPES, DEFAULT_SCOPE).roles("app/client/index.html") == ("html-shell",)
    assert analyse("anything", BOOKSHELF, DEFAULT_SCOPE).roles("app/client/index.html") == ("html-entry",)
