"""Products, units of measure, barcodes, price lists and prices."""
