"""Documents: OCR of scanned pages, and the readers of registry copies and flyers."""
