//! Every row of the endpoint table, against the real binary and a fresh database.
mod support;

use serde_json::{json, Value};
use support::Inventory;

fn titles(reply: &support::Reply) -> Vec<String> {
    assert_eq!(reply.status, 200, "{reply:?}");
    reply
        .json()
        .as_array()
        .unwrap_or_else(|| panic!("not an array: {reply:?}"))
        .iter()
        .map(|m| m["title"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn list_returns_every_movie_in_id_order_with_or_without_trailing_slash() {
    let inv = Inventory::start(2);
    assert_eq!(inv.get("/api/movies").json(), json!([]));
    let first = inv.create("The Matrix", "Sci-Fi Classic");
    let second = inv.create("Alien", "");
    let expected = json!([
        {"id": first, "title": "The Matrix", "description": "Sci-Fi Classic"},
        {"id": second, "title": "Alien", "description": ""},
    ]);
    for path in ["/api/movies", "/api/movies/"] {
        let reply = inv.get(path);
        assert_eq!(reply.status, 200, "{reply:?}");
        assert_eq!(
            reply.header("Content-Type"),
            Some("application/json"),
            "{reply:?}"
        );
        assert_eq!(reply.json(), expected, "{reply:?}");
    }
}

#[test]
fn title_search_is_case_insensitive_and_treats_wildcards_literally() {
    let inv = Inventory::start(2);
    for title in [
        "The Matrix",
        "Mad Max",
        "100% Pure",
        "a_b",
        "axb",
        r"back\slash",
        "Café Society",
    ] {
        inv.create(title, "");
    }
    let search = |query: &str| titles(&inv.get(&format!("/api/movies?title={query}")));
    assert_eq!(search("ma"), ["The Matrix", "Mad Max"]);
    assert_eq!(search("MAT"), ["The Matrix"]);
    assert_eq!(search("%25"), ["100% Pure"]);
    assert_eq!(search("_"), ["a_b"]);
    assert_eq!(search("%5C"), [r"back\slash"]);
    assert_eq!(search("caf%C3%A9"), ["Café Society"]);
    assert_eq!(search("mad+max"), ["Mad Max"]);
    assert!(search("zzz").is_empty());
    assert_eq!(search("").len(), 7);
    assert_eq!(
        titles(&inv.get("/api/movies/?title=ma")),
        ["The Matrix", "Mad Max"]
    );
}

#[test]
fn paging_takes_limit_and_offset_in_id_order() {
    let inv = Inventory::start(2);
    for n in 1..=5 {
        inv.create(&format!("movie {n}"), "");
    }
    assert_eq!(
        titles(&inv.get("/api/movies?limit=2")),
        ["movie 1", "movie 2"]
    );
    assert_eq!(
        titles(&inv.get("/api/movies?limit=2&offset=2")),
        ["movie 3", "movie 4"]
    );
    assert_eq!(titles(&inv.get("/api/movies?offset=4")), ["movie 5"]);
    assert!(titles(&inv.get("/api/movies?offset=99&limit=1000")).is_empty());
    assert_eq!(
        titles(&inv.get("/api/movies?title=movie&limit=1&offset=1")),
        ["movie 2"]
    );
}

#[test]
fn post_creates_a_movie_with_its_id_and_location() {
    let inv = Inventory::start(2);
    for path in ["/api/movies", "/api/movies/"] {
        let reply = inv.send_json(
            "POST",
            path,
            r#"{"title":"The Matrix","description":"Sci-Fi Classic"}"#,
        );
        assert_eq!(reply.status, 201, "{reply:?}");
        let movie = reply.json();
        let id = movie["id"].as_i64().expect("integer id");
        assert!(id > 0);
        assert_eq!(
            movie,
            json!({"id": id, "title": "The Matrix", "description": "Sci-Fi Classic"})
        );
        let location = format!("/api/movies/{id}");
        assert_eq!(
            reply.header("Location"),
            Some(location.as_str()),
            "{reply:?}"
        );
        assert_eq!(inv.get(&location).json(), movie);
    }
    // The description is optional and defaults to "".
    let reply = inv.send_json("POST", "/api/movies", r#"{"title":"Solo"}"#);
    assert_eq!(reply.status, 201, "{reply:?}");
    assert_eq!(reply.json()["description"], "");
}

#[test]
fn delete_all_says_how_many_were_deleted() {
    let inv = Inventory::start(2);
    for n in 0..3 {
        inv.create(&format!("m{n}"), "d");
    }
    let reply = inv.delete("/api/movies");
    assert_eq!(reply.status, 200, "{reply:?}");
    assert_eq!(reply.json()["deleted"], 3, "{reply:?}");
    assert!(reply.json()["message"].is_string(), "{reply:?}");
    assert_eq!(inv.get("/api/movies").json(), json!([]));
    let reply = inv.delete("/api/movies/");
    assert_eq!(reply.json()["deleted"], 0, "{reply:?}");
}

#[test]
fn get_one_returns_the_movie_or_404() {
    let inv = Inventory::start(2);
    let id = inv.create("Heat", "1995");
    for path in [format!("/api/movies/{id}"), format!("/api/movies/{id}/")] {
        let reply = inv.get(&path);
        assert_eq!(reply.status, 200, "{reply:?}");
        assert_eq!(
            reply.json(),
            json!({"id": id, "title": "Heat", "description": "1995"})
        );
    }
    inv.get(&format!("/api/movies/{}", id + 1))
        .assert_problem(404, &format!("{}", id + 1));
    inv.get("/api/movies/9223372036854775807")
        .assert_problem(404, "9223372036854775807");
}

#[test]
fn put_and_patch_change_only_the_fields_given() {
    let inv = Inventory::start(2);
    let id = inv.create("Old title", "Old description");
    let path = format!("/api/movies/{id}");
    let reply = inv.send_json("PUT", &path, r#"{"title":"New title"}"#);
    assert_eq!(reply.status, 200, "{reply:?}");
    assert_eq!(
        reply.json(),
        json!({"id": id, "title": "New title", "description": "Old description"})
    );
    let reply = inv.send_json(
        "PATCH",
        &format!("{path}/"),
        r#"{"description":"New description"}"#,
    );
    assert_eq!(
        reply.json(),
        json!({"id": id, "title": "New title", "description": "New description"}),
        "{reply:?}"
    );
    let reply = inv.send_json("PUT", &path, r#"{"title":"T","description":""}"#);
    assert_eq!(
        reply.json(),
        json!({"id": id, "title": "T", "description": ""}),
        "{reply:?}"
    );
    let reply = inv.send_json("PATCH", &path, "{}");
    assert_eq!(
        reply.json(),
        json!({"id": id, "title": "T", "description": ""}),
        "{reply:?}"
    );
    assert_eq!(
        inv.get(&path).json(),
        json!({"id": id, "title": "T", "description": ""})
    );
    inv.send_json(
        "PUT",
        &format!("/api/movies/{}", id + 1),
        r#"{"title":"x"}"#,
    )
    .assert_problem(404, &format!("{}", id + 1));
    inv.send_json("PATCH", &format!("/api/movies/{}", id + 1), "{}")
        .assert_problem(404, "no movie");
}

#[test]
fn delete_one_returns_the_deleted_movie_then_404() {
    let inv = Inventory::start(2);
    let keep = inv.create("Keep", "");
    let id = inv.create("Drop", "me");
    let reply = inv.delete(&format!("/api/movies/{id}/"));
    assert_eq!(reply.status, 200, "{reply:?}");
    assert_eq!(
        reply.json(),
        json!({"id": id, "title": "Drop", "description": "me"})
    );
    inv.delete(&format!("/api/movies/{id}"))
        .assert_problem(404, &id.to_string());
    inv.get(&format!("/api/movies/{id}"))
        .assert_problem(404, "no movie");
    assert_eq!(
        inv.get("/api/movies").json().as_array().map(Vec::len),
        Some(1)
    );
    assert_eq!(inv.get(&format!("/api/movies/{keep}")).status, 200);
}

#[test]
fn health_reports_the_database_up() {
    let inv = Inventory::start(1);
    for path in ["/health", "/health/"] {
        let reply = inv.get(path);
        assert_eq!(reply.status, 200, "{reply:?}");
        assert_eq!(reply.json(), json!({"status": "ok", "database": "up"}));
        let head = inv.send("HEAD", path, &[], None);
        assert_eq!(head.status, 200, "{head:?}");
        assert!(head.body.is_empty(), "{head:?}");
    }
}

#[test]
fn titles_in_any_script_and_quotes_round_trip_byte_for_byte() {
    let inv = Inventory::start(2);
    let titles = [
        "Amélie",
        "千と千尋の神隠し",
        "Хождение по мукам",
        "عمر المختار",
        "🎬🍿 Movie Night 👩‍👩‍👧",
        r#"He said "hi" & 'bye' <b>\n</b>"#,
        "e\u{301}",
        "Ωmega",
        &"é".repeat(255),
    ];
    for title in titles {
        let description = format!("about {title}\nline two\t\"quoted\"");
        let body =
            serde_json::to_vec(&json!({"title": title, "description": description})).expect("json");
        let reply = inv.send(
            "POST",
            "/api/movies",
            &[("Content-Type", "application/json; charset=utf-8")],
            Some(&body),
        );
        assert_eq!(reply.status, 201, "{reply:?}");
        let id = reply.json()["id"].as_i64().expect("id");
        let stored = inv.get(&format!("/api/movies/{id}")).json();
        assert_eq!(
            stored["title"].as_str().map(str::as_bytes),
            Some(title.as_bytes())
        );
        assert_eq!(stored["description"].as_str(), Some(description.as_str()));
        // And in the database itself.
        let row = inv
            .db
            .client()
            .query_one(
                "SELECT title, description FROM movies WHERE id = $1",
                &[&id],
            )
            .expect("row");
        assert_eq!(row.get::<_, String>(0), title);
    }
}

#[test]
fn the_table_is_movies_with_id_title_and_description() {
    let inv = Inventory::start(1);
    // Created at start, before any request.
    let mut client = inv.db.client();
    let columns: Vec<String> = client
        .query(
            "SELECT column_name::text FROM information_schema.columns
             WHERE table_schema = 'public' AND table_name = 'movies' ORDER BY ordinal_position",
            &[],
        )
        .expect("catalog query")
        .iter()
        .map(|row| row.get(0))
        .collect();
    assert_eq!(columns, ["id", "title", "description"]);
    let id = inv.create("The Matrix", "Sci-Fi Classic");
    let row = client.query_one("TABLE movies", &[]).expect("one row");
    assert_eq!(row.get::<_, i64>("id"), id);
    assert_eq!(row.get::<_, String>("title"), "The Matrix");
}

#[test]
fn requests_are_logged_with_their_request_id_which_is_echoed() {
    let inv = Inventory::start(1);
    let reply = inv.send(
        "GET",
        "/api/movies?limit=5",
        &[("X-Request-Id", "req-42")],
        None,
    );
    assert_eq!(reply.status, 200, "{reply:?}");
    assert_eq!(reply.header("X-Request-Id"), Some("req-42"));
    let reply = inv.get("/nope");
    assert_eq!(reply.status, 404);
    let deadline = std::time::Duration::from_secs(5);
    assert!(
        inv.service
            .wait_for_line("GET /api/movies?limit=5 200 ", deadline),
        "{:?}",
        inv.service.stdout_lines()
    );
    assert!(
        inv.service.wait_for_line("GET /nope 404 ", deadline),
        "{:?}",
        inv.service.stdout_lines()
    );
    let lines = inv.service.stdout_lines();
    let line = lines
        .iter()
        .find(|l| l.starts_with("GET /api/movies?limit=5 "))
        .expect("logged");
    let parts: Vec<&str> = line.split(' ').collect();
    assert_eq!(parts.len(), 5, "{line}");
    assert!(
        parts[3].ends_with("ms") && parts[3].trim_end_matches("ms").parse::<u64>().is_ok(),
        "{line}"
    );
    assert_eq!(parts[4], "rid=req-42", "{line}");
    // Without an id of the client's, the answer and the line carry a fresh one.
    let generated = reply.header("X-Request-Id").expect("a generated id");
    assert!(
        generated.len() == 32 && generated.bytes().all(|b| b.is_ascii_hexdigit()),
        "{reply:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("GET /nope 404 ") && l.ends_with(&format!(" rid={generated}"))),
        "{lines:?}"
    );
}

#[test]
fn head_answers_like_get_without_a_body() {
    let inv = Inventory::start(1);
    let reply = inv.send("HEAD", "/api/movies", &[], None);
    assert_eq!(reply.status, 200, "{reply:?}");
    assert!(reply.body.is_empty(), "{reply:?}");
    let _: Value = inv.get("/api/movies").json();
}
