"""The web layer's server pieces that are not the page itself: how gunicorn serves the app."""

# Where the app keeps its store on the Flask server (`server.extensions`), for gunicorn's
# master to open it before it forks the workers (web/gunicorn_setup.py).
STORE_EXTENSION = "citylinks.store"
