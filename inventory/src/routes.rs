//! The one route `match`: path and method to handler; 404 and 405 (with Allow) are decided here.
use tiny_http::{Method, Request};

use crate::error::Error;
use crate::http::Reply;
use crate::movie::quoted;
use crate::movies;
use crate::store::Db;

const HEALTH_ALLOW: &str = "GET, HEAD";
const COLLECTION_ALLOW: &str = "GET, HEAD, POST, DELETE";
const MOVIE_ALLOW: &str = "GET, HEAD, PUT, PATCH, DELETE";

/// Answers one request. Each path also matches with one trailing slash.
pub fn route(db: &mut Db, request: &mut Request) -> Result<Reply, Error> {
    let url = request.url().to_owned();
    let (path, query) = match url.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (url.as_str(), None),
    };
    let method = request.method().clone();
    match segments(path).as_slice() {
        ["health"] => match method {
            Method::Get | Method::Head => movies::health(db),
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

/// `/api/movies/` and `/api/movies` give the same segments; `//` leaves an empty one.
fn segments(path: &str) -> Vec<&str> {
    let path = path.strip_prefix('/').unwrap_or(path);
    let path = path.strip_suffix('/').unwrap_or(path);
    path.split('/').collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(path: &str, expected: &[&str]) {
        assert_eq!(segments(path), expected, "{path:?}");
    }

    #[test]
    fn trailing_slashes_are_optional() {
        check("/api/movies", &["api", "movies"]);
        check("/api/movies/", &["api", "movies"]);
        check("/api/movies/7", &["api", "movies", "7"]);
        check("/api/movies/7/", &["api", "movies", "7"]);
        check("/health/", &["health"]);
        check("/api/movies//", &["api", "movies", ""]);
        check("//api/movies", &["", "api", "movies"]);
        check("/", &[""]);
    }
}
