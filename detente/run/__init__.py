"""Running the coder over many inputs into a store: in this process, in worker processes, or as
Ray tasks; every way stores the database one process makes."""
