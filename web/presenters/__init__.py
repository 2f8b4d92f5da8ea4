"""Card, chart and text builders for the pages: data in, plain values for a template out."""
