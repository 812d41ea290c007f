"""The fill page's parts: joining, starting, answering with autosave, the inventory, submitting.

Thin views over storage and questionnaire calls; they must not hold scoring or storage logic.
"""
