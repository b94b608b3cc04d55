"""detente: news in, coded international events out."""
