"""Administration: users and organisations."""
