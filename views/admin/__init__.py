"""Helpers of the account, privacy and admin pages: thin views over the ``accounts`` core and storage.

They must not hold account, scope or storage logic: every rule is enforced again in the core.
"""
