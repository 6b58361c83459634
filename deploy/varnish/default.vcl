# Varnish in front of Dialogue records (Varnish 7, xkey from Debian's varnish-modules).
#
#   varnishd -a :80 -f /etc/varnish/default.vcl -p vcl_path=/etc/varnish \
#            -p http_resp_hdr_len=16k -p http_resp_size=64k -s malloc,256m
#
# site.vcl (beside this file) says where the app servers are and which addresses may purge.
#
# - Anonymous GET and HEAD requests are cached for as long as the app's `Surrogate-Control:
#   max-age=N` says (the app never gives a time past the next embargo's end), or else as
#   `Cache-Control` says. `private`, `no-store`, `Surrogate-Control: no-store` or a cookie set
#   by the answer: not cached.
# - Passed straight to the app: the admin, previews (?preview=), requests with credentials or
#   the session cookie (signed-in staff), and every method but GET and HEAD.
# - The app tags each page with its surrogate keys (`Surrogate-Key`); they are copied into
#   `xkey`, and a `PURGE` request with an `xkey: key1 key2` header evicts every page tagged
#   with any of them (`xkey: *` evicts everything). Only the addresses in the `purgers` ACL
#   may purge; others get 403.
# - Each answer says `X-Cache: HIT` or `MISS` (or `PASS`), with Varnish's own `Age`.

vcl 4.1;

import std;
import xkey;

include "site.vcl";

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Purging is not allowed from this address"));
        }
        if (!req.http.xkey) {
            return (synth(400, "Say which keys to purge in an xkey header"));
        }
        if (req.http.xkey == "*") {
            ban("obj.status != 0");
            return (synth(200, "Purged everything"));
        }
        set req.http.X-Purged = xkey.purge(req.http.xkey);
        return (synth(200, "Purged " + req.http.X-Purged + " objects"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        set req.http.X-Cache-Pass = "1";
        return (pass);
    }
    if (req.url ~ "^/admin/" || req.url ~ "^/healthz"
        || req.url ~ "[?&]preview(=|&|$)"
        || req.http.Authorization
        || req.http.Cookie ~ "(^|;\s*)sessionid=") {
        set req.http.X-Cache-Pass = "1";
        return (pass);
    }
    # Anonymous: no cookie the pages could depend on (the session cookie was checked above).
    unset req.http.Cookie;
    return (hash);
}

sub vcl_backend_response {
    if (beresp.http.Surrogate-Key) {
        set beresp.http.xkey = beresp.http.Surrogate-Key;
    }
    if (beresp.http.Surrogate-Control ~ "(?i)no-store"
        || beresp.http.Cache-Control ~ "(?i)(private|no-store)"
        || beresp.http.Set-Cookie) {
        # Remember for a moment that this address is not cacheable (no request queueing).
        set beresp.uncacheable = true;
        set beresp.ttl = 1s;
        return (deliver);
    }
    if (beresp.http.Surrogate-Control ~ "(?i)max-age=[0-9]+") {
        set beresp.ttl = std.duration(
            regsub(beresp.http.Surrogate-Control, "(?i).*max-age=([0-9]+).*", "\1") + "s", 0s);
        # Never served past its time: the time is when the next embargo ends.
        set beresp.grace = 0s;
        unset beresp.http.Surrogate-Control;
        return (deliver);
    }
    # Anything else (static files, /robots.txt...): Varnish's built-in rules (Cache-Control).
}

sub vcl_deliver {
    if (resp.http.X-Cache) {
        set resp.http.X-Cache-App = resp.http.X-Cache;
    }
    if (req.http.X-Cache-Pass) {
        set resp.http.X-Cache = "PASS";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    unset resp.http.xkey;
    unset resp.http.Surrogate-Control;
}
