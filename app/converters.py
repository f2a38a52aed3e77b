"""URL converters."""
from werkzeug.routing import IntegerConverter

from app.validators import DB_INT_MAX


class DbIntConverter(IntegerConverter):
    """``<int:…>`` bounded to the database's INTEGER range (1 to 2**31-1): ids, years, weeks
    and months beyond it do not match the route, so they answer 404 instead of reaching a
    query that the driver cannot bind (OverflowError, NumericValueOutOfRange)."""

    def __init__(self, map, fixed_digits=0, min=1, max=DB_INT_MAX, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)
