//! The handlers: one function per endpoint, each parsing its input, calling the store and
//! shaping the answer.

use serde_json::json;
use tiny_http::Request;

use crate::error::Error;
use crate::http::{header, json, read_body, require_json, Reply};
use crate::movie::{MovieChanges, MovieId, NewMovie};
use crate::query::ListQuery;
use crate::store::{Db, MovieList};

/// `GET /api/movies[?title=&limit=&offset=]`.
pub fn list(db: &mut Db, query: Option<&str>) -> Result<Reply, Error> {
    let query = ListQuery::parse(query)?;
    Ok(match db.list(&query)? {
        MovieList::Whole(movies) => json(200, &movies),
        MovieList::Streamed(cursor) => crate::listing::response(*cursor),
    })
}

/// `POST /api/movies`: 201 with the movie and its Location.
pub fn create(db: &mut Db, request: &mut Request) -> Result<Reply, Error> {
    let new = NewMovie::parse(&json_body(request)?)?;
    let movie = db.insert(&new)?;
    let location = format!("/api/movies/{}", movie.id);
    Ok(json(201, &movie).with_header(header("Location", &location)))
}

/// `DELETE /api/movies`: deletes everything, says how many.
pub fn delete_all(db: &mut Db) -> Result<Reply, Error> {
    let deleted = db.delete_all()?;
    Ok(json(
        200,
        &json!({"message": "All movies deleted", "deleted": deleted}),
    ))
}

/// `GET /api/movies/{id}`.
pub fn get(db: &mut Db, id: &str) -> Result<Reply, Error> {
    let id = MovieId::parse(id)?;
    let movie = db.get(id)?.ok_or_else(|| not_found(id))?;
    Ok(json(200, &movie))
}

/// `PUT`/`PATCH /api/movies/{id}`: fields absent from the body keep their value.
pub fn update(db: &mut Db, request: &mut Request, id: &str) -> Result<Reply, Error> {
    let id = MovieId::parse(id)?;
    let changes = MovieChanges::parse(&json_body(request)?)?;
    let movie = db.update(id, &changes)?.ok_or_else(|| not_found(id))?;
    Ok(json(200, &movie))
}

/// `DELETE /api/movies/{id}`: 200 with the movie as it was.
pub fn delete(db: &mut Db, id: &str) -> Result<Reply, Error> {
    let id = MovieId::parse(id)?;
    let movie = db.delete(id)?.ok_or_else(|| not_found(id))?;
    Ok(json(200, &movie))
}

fn json_body(request: &mut Request) -> Result<Vec<u8>, Error> {
    require_json(request)?;
    read_body(request)
}

fn not_found(id: MovieId) -> Error {
    Error::NotFound(format!("no movie with id {}", id.get()))
}
