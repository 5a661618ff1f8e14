"""The offline field client's server side: manifest, service worker, offline page, page config."""
