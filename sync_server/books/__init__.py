"""The books beyond the till's events (issue [9]): journals by hand, and the one place a
journal that does not come from an envelope is posted (``books.post``)."""
