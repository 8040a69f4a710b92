import pytest


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Report PDFs go to a throwaway private storage directory."""
    settings.MEDIA_ROOT = tmp_path / "media"
