"""The web layer's server pieces that are not the page itself: how gunicorn serves the app."""
