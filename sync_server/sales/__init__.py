"""What the tills sold and handled: sales, lines, payments, returns, voids, shifts,
cash moves and transfers, as merged from envelopes."""
