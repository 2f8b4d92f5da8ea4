"""The report to take to the doctor: build (what is in it), render (HTML and PDF), pages."""
