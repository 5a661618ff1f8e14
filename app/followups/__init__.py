"""Follow-ups promised at the door: call back, help with registration, referral."""
