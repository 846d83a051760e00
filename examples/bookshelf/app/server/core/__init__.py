"""Core domain logic for Bookshelf: data models, storage and statistics."""
