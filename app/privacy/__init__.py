"""Data rights: find a household by address, show and export all we store about it, erase it."""
