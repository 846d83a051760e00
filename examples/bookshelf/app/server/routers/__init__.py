"""HTTP routers for the Bookshelf API."""
