"""claimwire: news articles in, attributed claims out."""
