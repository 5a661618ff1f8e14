"""The bare Flask "hello world" every throughput figure is divided by (same gunicorn config)."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "Hello, World!"
