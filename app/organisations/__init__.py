"""Partner organisations: Huis van het Kind partners, schools, providers."""
