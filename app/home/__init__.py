"""Each role's home page after sign-in."""
