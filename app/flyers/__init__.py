"""QR flyers: short links that keep working, scan counts, print-ready flyers."""
