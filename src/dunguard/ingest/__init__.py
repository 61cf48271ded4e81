"""Readers that turn files and streams into Message text."""
