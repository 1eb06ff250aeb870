"""Every st.cache_* of the app, one module per view plus `common` (the zoo, models, upload keys, the claims
board), keyed by plain values. Each loader calls its view's service (analysis/<view>/service.py); uploads are keyed
by a digest of their bytes, which the session keeps (user input, not results). A page imports `common` and its own
module: `from ui.cache import common` and `from ui.cache import <view> as cache`."""
