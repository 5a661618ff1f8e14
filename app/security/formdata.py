"""What a form gets to read: uploads only in its file fields, and never a JSON body.

Flask-WTF hands a form every uploaded file merged with the text fields, so a file posted under
the name of a text field reached validators that expect a string (a 500 the fuzz tests found);
and it feeds a JSON body into a form, where a JSON array or number is a crash too. Our forms
are HTML forms and the API reads its JSON itself, so each form now sees the posted text fields,
plus the files posted under the names of its own file fields.
"""

from flask import request
from flask_wtf import FlaskForm
from flask_wtf.form import _Auto, _is_submitted
from werkzeug.datastructures import MultiDict
from wtforms import FileField


def wrap_formdata(self, form, formdata):
    if formdata is not _Auto:
        return formdata
    if not _is_submitted():
        return None
    if not request.files:
        return request.form or None
    file_names = {field.name for field in form._fields.values() if isinstance(field, FileField)}
    data = MultiDict(
        (key, value) for key, value in request.form.items(multi=True) if key not in file_names
    )
    for name in file_names:
        for upload in request.files.getlist(name):
            data.add(name, upload)
    return data


def install() -> None:
    FlaskForm.Meta.wrap_formdata = wrap_formdata
