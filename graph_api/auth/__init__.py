"""Who is calling, and what they may do: roles (``roles``), API keys (``api_keys``),
JWT bearer tokens (``tokens``), and the two joined into an ``Identity`` (``identity``).

The GraphQL layer asks only two things of this package: ``Authenticator.identify``
(headers in, ``Identity`` out) and ``Role`` (compared with ``>=``).
"""
