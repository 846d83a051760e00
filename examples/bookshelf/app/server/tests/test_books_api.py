"""API tests for the books, notes and stats endpoints."""

import pytest
from fastapi.testclient import TestClient

from core import library_store
from server import app


@pytest.fixture
def client(tmp_path):
    library_store.configure(str(tmp_path / "api.db"))
    with TestClient(app) as test_client:
        yield test_client


def test_health(client):
    response = client.get("/api/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "connected", "book_count": 0}


def test_create_list_and_get_book(client):
    created = client.post(
        "/api/books",
        json={"title": "Piranesi", "author": "Susanna Clarke", "pages": 272},
    )
    assert created.status_code == 201
    book_id = created.json()["id"]

    listing = client.get("/api/books")
    assert listing.status_code == 200
    assert listing.json()["total"] == 1

    fetched = client.get(f"/api/books/{book_id}")
    assert fetched.json()["title"] == "Piranesi"
    assert fetched.json()["status"] == "want_to_read"


def test_search_and_status_filter(client):
    client.post("/api/books", json={"title": "Circe", "author": "Madeline Miller", "status": "reading"})
    client.post("/api/books", json={"title": "Kindred", "author": "Octavia Butler"})

    found = client.get("/api/books", params={"search": "circe"}).json()
    assert [b["title"] for b in found["books"]] == ["Circe"]

    reading = client.get("/api/books", params={"status": "reading"}).json()
    assert reading["total"] == 1


def test_update_and_delete_book(client):
    book_id = client.post("/api/books", json={"title": "Stoner", "author": "John Williams"}).json()["id"]

    updated = client.put(f"/api/books/{book_id}", json={"status": "finished", "rating": 5})
    assert updated.status_code == 200
    assert updated.json()["rating"] == 5
    assert updated.json()["finished_at"] is not None

    assert client.delete(f"/api/books/{book_id}").status_code == 204
    assert client.get(f"/api/books/{book_id}").status_code == 404


def test_invalid_rating_is_rejected(client):
    response = client.post("/api/books", json={"title": "X", "author": "Y", "rating": 9})
    assert response.status_code == 422


def test_notes_round_trip(client):
    book_id = client.post("/api/books", json={"title": "Walden", "author": "H. D. Thoreau"}).json()["id"]
    note = client.post("/api/notes", json={"book_id": book_id, "body": "Simplify!", "page": 12})
    assert note.status_code == 201

    notes = client.get(f"/api/notes/book/{book_id}").json()
    assert [n["body"] for n in notes] == ["Simplify!"]
    assert client.post("/api/notes", json={"book_id": 999, "body": "orphan"}).status_code == 404


def test_stats(client):
    client.post(
        "/api/books",
        json={"title": "Dracula", "author": "Bram Stoker", "status": "finished", "pages": 418, "rating": 4},
    )
    stats = client.get("/api/stats").json()
    assert stats["total_books"] == 1
    assert stats["pages_read"] == 418
    assert stats["by_status"]["finished"] == 1
    assert stats["finished_this_year"] == 1
