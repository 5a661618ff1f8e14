"""The public kids' site (contract §5): the offer per week, one activity, tips. No sign-in."""
