"""The partnership exchange (Bourse-partenariat) and the Atlas of decentralised cooperation.

* :mod:`bot.exchange.themes`: the Atlas's themes, sub-themes and kinds of local government
  (``themes.toml``), and the countries of the knowledge base, as words to match;
* :mod:`bot.exchange.atlas_csv` / :mod:`bot.exchange.atlas`: importing the Atlas as CSV and
  searching it;
* :mod:`bot.exchange.offers`: partnership offers, their review, expiry, interests and saved
  searches;
* :mod:`bot.exchange.synthetic`: realistic synthetic Atlas rows for tests and benchmarks;
* :mod:`bot.exchange.answers`: free-text questions about offers and the Atlas.
"""
