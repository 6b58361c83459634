# Where the app servers are, and who may purge: change for each site (see default.vcl).
# bench/cluster and the tests write their own.

backend app {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 60s;
    .probe = {
        .url = "/healthz";
        .interval = 2s;
        .timeout = 1s;
        .window = 3;
        .threshold = 2;
    }
}

# The app servers' own addresses: they send the purges (PAGE_CACHE_PURGE_URLS).
acl purgers {
    "127.0.0.1";
    "::1";
}
