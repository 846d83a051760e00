from __future__ import annotations

from analyzers.model import Route
from rules.terms import terms
from scaffolder.prose import route_distance


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
