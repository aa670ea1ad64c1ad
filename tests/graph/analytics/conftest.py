from hypothesis import settings

# `pytest --hypothesis-profile=thorough tests/graph/analytics` for a longer search.
settings.register_profile("thorough", max_examples=3000, deadline=None)
