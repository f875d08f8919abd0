//! The one route `match` of the gateway: the path decides, the method second. `HEAD` works
//! wherever `GET` does (tiny_http sends no body for it) and one trailing slash is optional.
use crate::error::Error;
use crate::orders::accept_order;
use crate::Context;
use edge::request::{origin_form, segments};
use edge::response;
use tiny_http::{Method, Request, ResponseBox};

/// The OpenAPI document of every route below, kept in `gateway/openapi.yaml`.
const OPENAPI_YAML: &str = include_str!("../openapi.yaml");
/// The interactive docs page (HTML, CSS and JS in one file, no CDN).
const DOCS_HTML: &str = include_str!("../assets/docs.html");

/// The methods inventory serves on `/api/movies` (inventory/src/routes.rs); any other is
/// answered here and never forwarded.
const MOVIES_ALLOW: &str = "GET, HEAD, POST, DELETE";
/// The methods inventory serves on `/api/movies/{id}`.
const MOVIE_ALLOW: &str = "GET, HEAD, PUT, PATCH, DELETE";
/// The gateway's own read-only resources.
const READ_ALLOW: &str = "GET, HEAD";
/// Every method the gateway serves somewhere: the `Allow` of a `CONNECT` to a host, which
/// names no resource of ours (RFC 9110 §15.5.6 wants an `Allow` with every 405).
const ANY_ALLOW: &str = "GET, HEAD, POST, PUT, PATCH, DELETE";

/// Answers one request, or says why not. Only origin-form targets under `/api/movies` reach
/// inventory, so no other target (`*`, `host:port`, an absolute URL) can name it.
pub fn route(ctx: &Context, request: &mut Request, request_id: &str) -> Result<ResponseBox, Error> {
    let method = request.method();
    let Some((path, _query)) = origin_form(request.url()) else {
        return Err(match method {
            Method::Connect => Error::MethodNotAllowed(ANY_ALLOW),
            _ => Error::NotFound,
        });
    };
    let read = matches!(method, Method::Get | Method::Head);
    match segments(path).as_slice() {
        ["api", "movies"] => forward_if_allowed(ctx, request, request_id, MOVIES_ALLOW),
        ["api", "movies", id] if !id.is_empty() => {
            forward_if_allowed(ctx, request, request_id, MOVIE_ALLOW)
        }
        ["api", "billing"] if *method == Method::Post => {
            accept_order(&ctx.publisher, &ctx.keys, request, request_id)
        }
        ["api", "billing"] => Err(Error::MethodNotAllowed("POST")),
        ["health"] if read => Ok(ctx.health.answer(ctx)),
        ["openapi.yaml"] if read => Ok(response::bytes(
            200,
            "application/yaml",
            OPENAPI_YAML.into(),
        )),
        // Served by a listener of its own when GATEWAY_METRICS_LISTEN is set.
        ["metrics"] if edge::metrics_listener::has_own_listener() => Err(Error::NotFound),
        ["metrics"] if read => Ok(response::bytes(
            200,
            edge::metrics::CONTENT_TYPE,
            crate::metrics::PAGE.render(),
        )),
        ["docs"] if read => Ok(response::bytes(
            200,
            "text/html; charset=utf-8",
            DOCS_HTML.into(),
        )),
        ["health"] | ["metrics"] | ["openapi.yaml"] | ["docs"] => {
            Err(Error::MethodNotAllowed(READ_ALLOW))
        }
        _ => Err(Error::NotFound),
    }
}

/// Forwards the request when `allow` lists its method, else 405 without a byte to inventory.
fn forward_if_allowed(
    ctx: &Context,
    request: &mut Request,
    request_id: &str,
    allow: &'static str,
) -> Result<ResponseBox, Error> {
    if !is_allowed(request.method(), allow) {
        return Err(Error::MethodNotAllowed(allow));
    }
    ctx.upstream.forward(request, request_id)
}

/// Whether the method is one of an `Allow` value's (`GET, HEAD, …`), by its exact name.
fn is_allowed(method: &Method, allow: &str) -> bool {
    allow.split(", ").any(|name| name == method.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_listed_methods_are_allowed() {
        #[track_caller]
        fn check(method: &str, allow: &str, allowed: bool) {
            let method: Method = method.parse().expect("a method");
            assert_eq!(is_allowed(&method, allow), allowed, "{method} in {allow}");
        }
        check("GET", MOVIES_ALLOW, true);
        check("HEAD", MOVIES_ALLOW, true);
        check("POST", MOVIES_ALLOW, true);
        check("DELETE", MOVIES_ALLOW, true);
        check("PUT", MOVIES_ALLOW, false);
        check("PATCH", MOVIES_ALLOW, false);
        check("PUT", MOVIE_ALLOW, true);
        check("PATCH", MOVIE_ALLOW, true);
        check("POST", MOVIE_ALLOW, false);
        check("CONNECT", MOVIES_ALLOW, false);
        check("TRACE", MOVIE_ALLOW, false);
        check("OPTIONS", MOVIE_ALLOW, false);
        check("GE", MOVIES_ALLOW, false);
        check("get", MOVIES_ALLOW, false);
        check("BREW", MOVIES_ALLOW, false);
        check("CONNECT", ANY_ALLOW, false);
        check("TRACE", ANY_ALLOW, false);
    }

    #[test]
    fn the_spec_documents_every_route_and_the_docs_page_reads_it() {
        for path in [
            "/api/movies",
            "/api/movies/",
            "/api/movies/{id}",
            "/api/billing",
            "/api/billing/",
            "/health",
            "/openapi.yaml",
            "/docs",
        ] {
            assert!(
                OPENAPI_YAML.contains(&format!("\n  {path}:\n")),
                "openapi.yaml lacks {path}"
            );
        }
        for status in ["400", "404", "408", "413", "415", "502", "503", "504"] {
            assert!(
                OPENAPI_YAML.contains(&format!("\"{status}\":")),
                "no {status}"
            );
        }
        assert!(DOCS_HTML.contains("fetch(\"/openapi.yaml\")"));
        assert!(!DOCS_HTML.contains("https://"), "no external assets");
    }
}
