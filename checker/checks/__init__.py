"""One module per part: partNN.py declares PART and registers that part's checks."""
