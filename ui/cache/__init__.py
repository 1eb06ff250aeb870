"""Every st.cache_* of the app, one module per view: the zoo, models, and each view's results, keyed by plain
values. Each loader calls its view's service (analysis/<view>/service.py); uploads are keyed by a digest of
their bytes, which the session keeps (user input, not results). Pages use `from ui import cache` and call the
loaders by name; the modules below are re-exported here."""

from ui.cache.coldstart import *  # noqa: F403
from ui.cache.common import *  # noqa: F403
from ui.cache.diva import *  # noqa: F403
from ui.cache.series import *  # noqa: F403
from ui.cache.splits import *  # noqa: F403
from ui.cache.trajectories import *  # noqa: F403
