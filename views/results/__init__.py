"""The results pages' parts: the establishment profile, plan, peers and the coordinator views.

Thin views over the scoring engine and storage reads (cached on content); they must not hold scoring
or storage logic, only call the core and show its results.
"""
