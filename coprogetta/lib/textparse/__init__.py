"""Numbers, amounts, dates and percentages as Italian documents and people write them."""
