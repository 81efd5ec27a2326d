"""gunicorn's access and error logs, with CINs and phone numbers masked like every other log line.

`gunicorn.conf.py` at the root of the checkout names this class, so the README's gunicorn command uses it.
"""

from gunicorn.glogging import Logger

from chamber.masking import PersonalDataFilter


class MaskingLogger(Logger):
    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            if not any(isinstance(f, PersonalDataFilter) for f in log.filters):
                log.addFilter(PersonalDataFilter())
