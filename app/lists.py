"""What the staff list pages share: the search text and number filters from the query string, a
case-insensitive "contains" filter over some columns, and the cut into pages."""

from flask import request

from app.extensions import db

PER_PAGE = 25


def search_text() -> str:
    """The search box (`?q=`), without surrounding spaces."""
    return request.args.get("q", "").strip()


def int_arg(name: str) -> int | None:
    """A filter that names a record by number (`?wijk=3`); anything else means "all"."""
    value = request.args.get(name, "")
    return int(value) if value.isdigit() else None


def containing(stmt, text: str, *columns):
    """`stmt` narrowed to rows where one of `columns` contains `text`, ignoring case; all rows
    when there is no text. Every search box of the staff pages looks for text this way."""
    if not text:
        return stmt
    # autoescape: a typed % or _ is looked for as itself, not as a wildcard.
    text = text.lower()
    return stmt.where(
        db.or_(*(db.func.lower(column).contains(text, autoescape=True) for column in columns))
    )


def page_of(stmt, per_page: int = PER_PAGE):
    """The page that `?page=` asks for; past the last page it is empty rather than a 404."""
    return db.paginate(stmt, per_page=per_page, error_out=False)
