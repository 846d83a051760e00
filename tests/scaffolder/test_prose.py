from __future__ import annotations

import pytest

from analyzers.model import Route
from rules.terms import terms
from scaffolder.prose import action, main_noun, route_distance


def test_routes_nearest_a_feature_hold_more_of_its_words_then_fewer_others() -> None:
    routes = [
        Route("POST", "/api/sprints/{sprint_id}/tasks", "add_task_to_sprint", "app/server/routers/sprints.py", 9),
        Route("GET", "/api/users", "list_users", "app/server/routers/users.py", 3),
        Route("GET", "/api/tasks", "list_tasks", "app/server/routers/tasks.py", 12),
        Route("GET", "/api/tasks/{task_id}/search-history", "search_history", "app/server/routers/tasks.py", 30),
    ]
    wanted = set(terms("Task filter and search"))
    nearest = sorted(routes, key=lambda r: route_distance(wanted, r))
    assert [r.path for r in nearest] == ["/api/tasks/{task_id}/search-history", "/api/tasks",
                                         "/api/sprints/{sprint_id}/tasks", "/api/users"]
    assert route_distance(wanted, routes[1])[0] == 0


@pytest.mark.parametrize(("feature", "wanted"), [
    pytest.param("Dashboard Health Monitoring Widget", "use the dashboard health monitoring widget", id="noun-phrase"),
    pytest.param("A CSV export of the book list", "use a CSV export of the book list", id="own-article"),
    pytest.param("Add a button that exports books", "add a button that exports books", id="imperative"),
    pytest.param("Query history\n\nKeep the last 20 queries.", "use the query history", id="first-line-only"),
    pytest.param("   ", "use this feature", id="blank"),
])
def test_the_user_story_action_is_the_request_or_the_use_of_what_it_names(feature: str, wanted: str) -> None:
    assert action(feature) == wanted


@pytest.mark.parametrize(("feature", "named", "noun"), [
    pytest.param("Hello World Endpoint", "", "hello-world", id="kind word left out"),
    pytest.param("Upload cover images for books", "/api/books", "cover-images", id="router's own noun left out"),
    pytest.param("Add a wishlist so shoppers can save products for later", "/api", "wishlist", id="purpose clause"),
    pytest.param("Show a warning when the upload is too large", "/api", "warning", id="condition clause"),
    pytest.param("Add a search endpoint for books", "/api/books", "search", id="only the verb is new"),
    pytest.param("Which loans are overdue", "/api", "loans-overdue", id="a clause word first is the request itself"),
])
def test_the_proposed_endpoints_subject_leaves_out_what_it_is_for(feature: str, named: str, noun: str) -> None:
    assert main_noun(feature, named) == noun
