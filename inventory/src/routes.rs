//! The one route `match`: path and method to handler; 404 and 405 (with Allow) are decided
//! here. `HEAD` works wherever `GET` does (tiny_http sends no body for it) and one trailing
//! slash is optional, `/health` included.
use edge::request::{origin_form, segments};
use edge::Problem;
use serde_json::json;
use tiny_http::{Method, Request};

use crate::error::Error;
use crate::http::Reply;
use crate::movie::quoted;
use crate::movies;
use crate::store::Db;

const HEALTH_ALLOW: &str = "GET, HEAD";
const COLLECTION_ALLOW: &str = "GET, HEAD, POST, DELETE";
const MOVIE_ALLOW: &str = "GET, HEAD, PUT, PATCH, DELETE";
/// Every method served somewhere: the `Allow` of a `CONNECT` to a host (RFC 9110 §15.5.6).
const SERVED_ALLOW: &str = "GET, HEAD, POST, PUT, PATCH, DELETE";

/// Answers one request.
pub fn route(db: &mut Db, request: &mut Request) -> Result<Reply, Error> {
    let url = request.url().to_owned();
    let method = request.method().clone();
    // Another form of target (`host:port`, an absolute URL) is not echoed: it may name a host.
    let Some((path, query)) = origin_form(&url) else {
        return Err(match method {
            Method::Connect => Error::MethodNotAllowed(SERVED_ALLOW),
            _ => Error::NotFound("no such path".to_owned()),
        });
    };
    match segments(path).as_slice() {
        ["health"] => match method {
            Method::Get | Method::Head => Ok(health(db)),
            _ => Err(Error::MethodNotAllowed(HEALTH_ALLOW)),
        },
        // Served by a listener of its own when INVENTORY_METRICS_LISTEN is set.
        ["metrics"] if edge::metrics_listener::has_own_listener() => {
            Err(Error::NotFound("no such path \"/metrics\"".to_owned()))
        }
        ["metrics"] => match method {
            Method::Get | Method::Head => Ok(edge::response::bytes(
                200,
                edge::metrics::CONTENT_TYPE,
                crate::metrics::PAGE.render(),
            )),
            _ => Err(Error::MethodNotAllowed(HEALTH_ALLOW)),
        },
        ["api", "movies"] => match method {
            Method::Get | Method::Head => movies::list(db, query),
            Method::Post => movies::create(db, request),
            Method::Delete => movies::delete_all(db),
            _ => Err(Error::MethodNotAllowed(COLLECTION_ALLOW)),
        },
        ["api", "movies", id] if !id.is_empty() => match method {
            Method::Get | Method::Head => movies::get(db, id),
            Method::Put | Method::Patch => movies::update(db, request, id),
            Method::Delete => movies::delete(db, id),
            _ => Err(Error::MethodNotAllowed(MOVIE_ALLOW)),
        },
        _ => Err(Error::NotFound(format!("no such path {}", quoted(path)))),
    }
}

/// `GET /health`: 200 when a database round trip works, else a 503 problem whose `database`
/// member says `down` (monitors read it).
fn health(db: &mut Db) -> Reply {
    match db.ping() {
        Ok(()) => crate::http::json(200, &json!({"status": "ok", "database": "up"})),
        Err(error) => {
            edge::log::event(crate::SERVICE, format_args!("health check: {error}"));
            Problem::new(503, "the database is unavailable; retry later")
                .member("database", "down")
                .into_response()
        }
    }
}
