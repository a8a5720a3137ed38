import pytest

from tests.facilities.helpers import SEARCH_ROWS, import_file, write_csv


@pytest.fixture
def registry(runner, tmp_path):
    """SEARCH_ROWS imported through the real `flask facilities import`; returns {name: id}."""
    result = import_file(runner, write_csv(tmp_path, SEARCH_ROWS))
    assert result.exit_code == 0, result.output
    from app.extensions import db
    from app.facilities.models import Facility

    with runner.app.app_context():
        return {f.name: f.id for f in db.session.query(Facility)}
