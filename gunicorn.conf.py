"""gunicorn reads this file from the directory it starts in (the checkout, as the README's deployment says)."""

# The access log's request line carries query strings; CINs and phone numbers in it are masked (chamber.masking).
logger_class = "chamber.gunicorn_logging.MaskingLogger"
