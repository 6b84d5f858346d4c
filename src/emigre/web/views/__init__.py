"""What each page shows, as plain data: built once, rendered as HTML, JSON, CSV or a report."""
