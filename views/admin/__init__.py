"""Helpers of the account, privacy and admin pages: thin views over the ``accounts`` core and storage."""
