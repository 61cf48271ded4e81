"""Renderers: terminal (rich), JSON; HTML and PDF come with the web app and cases."""
