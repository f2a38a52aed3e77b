"""Limits of the public portal (one place, used by forms, services and templates)."""

MAX_DESCRIPTION_CHARS = 2000
MAX_COMMENT_CHARS = 1000
MAX_PHOTOS = 3
MAX_PHOTO_MB = 5
MAX_PHOTO_BYTES = MAX_PHOTO_MB * 1024 * 1024
# A heavier photo (up to this hard ceiling) is made lighter on the server, not refused; the
# whole form stays within MAX_CONTENT_LENGTH (config.py, 25 MB).
PHOTO_CEILING_MB = 20
PHOTO_CEILING_BYTES = PHOTO_CEILING_MB * 1024 * 1024
# A ticket marked atendida closes by itself when the citizen has not answered in this many
# business days (``flask auto-close``).
AUTO_CLOSE_BUSINESS_DAYS = 10
