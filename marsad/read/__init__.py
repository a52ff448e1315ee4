"""Readers: files and streams in, Article records out, bad input reported and skipped."""
from marsad.read.files import ReadError, read_path, read_paths

__all__ = ["ReadError", "read_path", "read_paths"]
